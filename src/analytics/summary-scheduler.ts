import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { releaseNotification } from '../db/repositories/messages.js';
import { claimSummary, markSummaryPosted, scheduleStartedAt } from '../db/repositories/summary-claims.js';
import { dailyPeriod, latestDue, nextDue, type SummaryEntry, type SummaryPeriod } from './summary-period.js';

export interface SummarySchedulerOptions {
  db: Db;
  entries: readonly SummaryEntry[];
  /**
   * Posts one daily summary; `late` carries when it was due if it goes out later than `lateAfterMs`. Throwing
   * gives the day back, so it is tried again after `retryMs`.
   */
  post(entry: SummaryEntry, period: SummaryPeriod, late: { dueAt: number } | null): Promise<void>;
  logger: Logger;
  now?: () => number;
  /** How long after its time a summary still counts as on time (default 10 minutes). */
  lateAfterMs?: number;
  /** Longest sleep between checks, so a changed wall clock is noticed (default one hour). */
  maxSleepMs?: number;
  /** Wait before trying a failed post again (default one minute). */
  retryMs?: number;
  /**
   * How long a claim may stay without a posted summary before another replica takes it over: its holder died
   * between claiming and posting (default five minutes).
   */
  staleClaimMs?: number;
  /** The timer functions (default the global ones); tests pass a fake clock's. */
  timers?: Timers;
}

/** The two timer functions the scheduler needs. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SummaryScheduler {
  start(): void;
  /** Checks every entry now and posts what is due and not posted yet. Checks never overlap. */
  tick(): Promise<void>;
  /** When the next check is armed for (epoch ms), or null before start and after stop. */
  nextWakeAt(): number | null;
  /** Resolves once no check is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** `summary:<channel>:<local date>`: the once-per-channel-per-day claim in `notifications`. */
export const summaryKey = (channel: string, date: string) => `summary:${channel}:${date}`;

/**
 * Posts each `summaries:` entry once a day at its local time. The next due instant is computed per entry in its
 * IANA zone (so 09:00 stays 09:00 across daylight-saving changes), and each post is claimed first through the
 * `notifications` table, keyed by channel and local date: several replicas, or a restart within the minute,
 * post it once; a claim whose holder died before posting is taken over once it is `staleClaimMs` old. At start
 * the most recent due day is checked too, so a summary missed while taobot was down goes out when it comes back,
 * marked late; older missed days are not posted. Days before the schedule first ran are never "missed".
 *
 * @example
 * const scheduler = createSummaryScheduler({ db, entries: config.summaries, logger, post });
 * scheduler.start();
 */
export function createSummaryScheduler(options: SummarySchedulerOptions): SummaryScheduler {
  const { db, entries, logger } = options;
  const now = options.now ?? Date.now;
  const lateAfterMs = options.lateAfterMs ?? 10 * 60_000;
  const maxSleepMs = options.maxSleepMs ?? 3_600_000;
  const retryMs = options.retryMs ?? 60_000;
  const staleClaimMs = options.staleClaimMs ?? 5 * 60_000;
  const timers = options.timers ?? globalTimers;
  const startedAt = new Map<string, number>();
  let timer: unknown = null;
  let wakeAt: number | null = null;
  let stopped = true;
  let chain: Promise<void> = Promise.resolve();

  /** Checks one entry; returns when to look again sooner than its next due time, or null. */
  async function check(entry: SummaryEntry, at: number): Promise<number | null> {
    let since = startedAt.get(entry.channel);
    if (since === undefined) {
      since = await scheduleStartedAt(db, `summary-schedule:${entry.channel}`, at);
      startedAt.set(entry.channel, since);
    }
    const due = latestDue(entry, at);
    if (due.at < since) return null;
    const key = summaryKey(entry.channel, due.date);
    const claim = await claimSummary(db, key, at, staleClaimMs);
    // Another replica is posting it; look again when its claim would be stale, in case it died meanwhile.
    if (!claim.claimed) return claim.posted ? null : claim.claimedAt + staleClaimMs;
    const late = at - due.at > lateAfterMs ? { dueAt: due.at } : null;
    try {
      await options.post(entry, dailyPeriod(entry, due.date), late);
    } catch (error) {
      await releaseNotification(db, key).catch(() => undefined);
      logger.warn({ err: error, channel: entry.channel, date: due.date }, 'daily summary failed; will retry');
      return at + retryMs;
    }
    await markSummaryPosted(db, key, now());
    logger.info({ channel: entry.channel, date: due.date, late: late !== null }, 'daily summary posted');
    return null;
  }

  /** Checks every entry; returns the earliest time one asked to be looked at again, or null. */
  async function runChecks(): Promise<number | null> {
    const at = now();
    let again: number | null = null;
    for (const entry of entries) {
      let wanted: number | null;
      try {
        wanted = await check(entry, at);
      } catch (error) {
        // The database was unreachable, say: try again soon rather than at tomorrow's time.
        logger.warn({ err: error, channel: entry.channel }, 'daily summary check failed');
        wanted = at + retryMs;
      }
      if (wanted !== null) again = again === null ? wanted : Math.min(again, wanted);
    }
    return again;
  }

  function arm(again: number | null): void {
    if (stopped) return;
    const current = now();
    let next = current + maxSleepMs;
    for (const entry of entries) next = Math.min(next, nextDue(entry, current).at);
    if (again !== null) next = Math.min(next, Math.max(again, current));
    wakeAt = next;
    timer = timers.setTimeout(
      () => {
        timer = null;
        void tickAndArm();
      },
      Math.max(0, next - current),
    );
  }

  /** Queues work behind any check in flight; a failure is logged and never breaks the queue. */
  function enqueue(work: () => Promise<void>): Promise<void> {
    chain = chain
      .then(work)
      .catch((error: unknown) => logger.error({ err: error }, 'summary scheduler check failed'));
    return chain;
  }

  const tickAndArm = () =>
    enqueue(async () => {
      if (stopped) return;
      arm(await runChecks());
    });

  return {
    start() {
      if (!stopped || entries.length === 0) return;
      stopped = false;
      void tickAndArm();
    },
    tick: () =>
      enqueue(async () => {
        await runChecks();
      }),
    nextWakeAt: () => (stopped ? null : wakeAt),
    idle: () => chain,
    async stop() {
      stopped = true;
      wakeAt = null;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await chain;
    },
  };
}
