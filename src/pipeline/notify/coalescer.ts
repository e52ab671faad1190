/**
 * At most one edit per interval per channel (design §7): the latest content of each message wins and the
 * intermediate ones are dropped, so a fast run never floods a platform's rate limits.
 */
export interface Coalescer<T> {
  /** Schedules `content` for `key` in `channel`; resolves when that content (or a newer one) was sent. */
  submit(channel: string, key: string, content: T): Promise<void>;
  /** Sends everything pending now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createCoalescer<T>(
  send: (key: string, content: T) => Promise<void>,
  options: { intervalMs?: number; now?: () => number } = {},
): Coalescer<T> {
  const intervalMs = options.intervalMs ?? 1000;
  const now = options.now ?? Date.now;
  interface Pending {
    content: T;
    waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  }
  const channels = new Map<
    string,
    { lastSent: number; pending: Map<string, Pending>; timer?: NodeJS.Timeout; busy?: Promise<void> }
  >();

  const drain = async (channel: string): Promise<void> => {
    const state = channels.get(channel);
    if (!state) return;
    state.timer = undefined;
    // One entry per drain keeps the per-channel rate; the rest wait for the next slot.
    const next = state.pending.entries().next();
    if (next.done) return;
    const [key, entry] = next.value;
    state.pending.delete(key);
    state.lastSent = now();
    try {
      await send(key, entry.content);
      for (const waiter of entry.waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of entry.waiters) waiter.reject(error);
    }
    schedule(channel);
  };

  const schedule = (channel: string) => {
    const state = channels.get(channel);
    if (!state || state.timer || state.pending.size === 0) return;
    const wait = Math.max(0, state.lastSent + intervalMs - now());
    state.timer = setTimeout(() => {
      state.busy = drain(channel);
    }, wait);
  };

  return {
    submit(channel, key, content) {
      let state = channels.get(channel);
      if (!state) {
        state = { lastSent: 0, pending: new Map() };
        channels.set(channel, state);
      }
      const entry = state.pending.get(key) ?? { content, waiters: [] };
      entry.content = content;
      state.pending.set(key, entry);
      const done = new Promise<void>((resolve, reject) => entry.waiters.push({ resolve, reject }));
      schedule(channel);
      return done;
    },
    async flush() {
      for (const [channel, state] of channels) {
        if (state.timer) clearTimeout(state.timer);
        state.timer = undefined;
        await state.busy;
        while (state.pending.size > 0) await drain(channel);
        if (state.timer) clearTimeout(state.timer);
        state.timer = undefined;
      }
    },
    async close() {
      await this.flush();
    },
  };
}
