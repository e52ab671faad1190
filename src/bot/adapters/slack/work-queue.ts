/**
 * Where the work of acked interactions waits its turn. Much of a command's work never leaves the JavaScript thread
 * (the embedded database answers without I/O, specs are parsed, cards rendered), so fifty commands started at
 * once would hold the event loop for their whole run, and the acks of envelopes still arriving would wait behind
 * them. The queue starts one task per event-loop turn, each after the loop has polled its sockets, and keeps at
 * most `concurrency` running: an ack then waits for at most one task's synchronous stretch, never for a backlog.
 * While interactions keep arriving (a burst), starting waits for a turn in which none arrived, for at most
 * `maxDeferrals` turns, so the burst is acked whole before its work begins.
 */
export interface WorkQueue {
  push(task: () => Promise<void>): void;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
}

export function createWorkQueue(options: {
  concurrency: number;
  onError: (error: unknown) => void;
  maxDeferrals?: number;
}): WorkQueue {
  const maxDeferrals = options.maxDeferrals ?? 20;
  const queued: Array<() => Promise<void>> = [];
  let running = 0;
  let scheduled = false;
  let arrived = false;
  let deferrals = 0;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (running > 0 || queued.length > 0) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters = [];
  };

  // setImmediate from inside an immediate runs in the next loop turn, after the poll phase read the sockets.
  const schedule = () => {
    if (scheduled || queued.length === 0 || running >= options.concurrency) return;
    scheduled = true;
    setImmediate(startOne);
  };

  const startOne = () => {
    scheduled = false;
    if (arrived && deferrals < maxDeferrals) {
      arrived = false;
      deferrals += 1;
      return schedule();
    }
    arrived = false;
    deferrals = 0;
    const task = queued.shift();
    if (!task) return settleIdle();
    running += 1;
    task()
      .catch(options.onError)
      .finally(() => {
        running -= 1;
        schedule();
        settleIdle();
      });
    schedule();
  };

  return {
    push(task) {
      queued.push(task);
      arrived = true;
      schedule();
    },
    idle() {
      if (running === 0 && queued.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
