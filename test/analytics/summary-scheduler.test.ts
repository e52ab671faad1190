import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SummaryEntry, SummaryPeriod } from '../../src/analytics/summary-period.js';
import {
  createSummaryScheduler,
  type SummaryScheduler,
  summaryKey,
  type Timers,
} from '../../src/analytics/summary-scheduler.js';
import { notifications } from '../../src/db/schema.js';
import { silentLogger } from '../../src/logger.js';
import { createTestDb, type TestDb, testBackends } from '../helpers/test-db.js';

interface Posted {
  replica: string;
  channel: string;
  date: string;
  at: string;
  late: string | null;
  hours: number;
}

/** The real timer functions, put back after each test (the fake clock's uninstall cannot know them). */
const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };

const iso = (ms: number) => new Date(ms).toISOString();
const t = (text: string) => Date.parse(text);

describe.each(testBackends())('summary scheduler on %s', (backend) => {
  let db: TestDb;
  let posted: Posted[];
  let failNext: number;
  let fakeTimers: Timers;
  const running: SummaryScheduler[] = [];

  beforeAll(async () => {
    // One database for the suite: every test schedules its own channels, so their claims never meet.
    db = await createTestDb(backend);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fake = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    fakeTimers = {
      setTimeout: (callback, ms) => fake.setTimeout(callback, ms),
      clearTimeout: (handle) => fake.clearTimeout(handle as NodeJS.Timeout),
    };
    // Only the scheduler runs on the fake clock. PGlite's wasm arms its own timers through the global setTimeout,
    // and on a fake clock those fire in bursts that stall its queries, so the globals go back to the real ones.
    globalThis.setTimeout = real.setTimeout;
    globalThis.clearTimeout = real.clearTimeout;
    posted = [];
    failNext = 0;
  });
  afterEach(async () => {
    for (const scheduler of running.splice(0)) await scheduler.stop();
    vi.useRealTimers();
    globalThis.setTimeout = real.setTimeout;
    globalThis.clearTimeout = real.clearTimeout;
  });

  function start(entries: SummaryEntry[], replica = 'a'): SummaryScheduler {
    const scheduler = createSummaryScheduler({
      db: db.db,
      entries,
      logger: silentLogger(),
      timers: fakeTimers,
      async post(entry, period: SummaryPeriod, late) {
        if (failNext > 0) {
          failNext -= 1;
          throw new Error('chat platform unreachable');
        }
        posted.push({
          replica,
          channel: entry.channel,
          date: period.date,
          at: iso(Date.now()),
          late: late ? iso(late.dueAt) : null,
          hours: (period.to - period.from) / 3_600_000,
        });
      },
    });
    scheduler.start();
    running.push(scheduler);
    return scheduler;
  }

  /** Advances the fake clock from one armed timer to the next, letting every check finish in between. */
  async function runUntil(until: string, schedulers: SummaryScheduler[] = running): Promise<void> {
    const end = t(until);
    for (let step = 0; step < 10_000; step++) {
      await Promise.all(schedulers.map((s) => s.idle()));
      const wakes = schedulers.map((s) => s.nextWakeAt()).filter((w): w is number => w !== null);
      const next = Math.min(end, ...wakes);
      await vi.advanceTimersByTimeAsync(Math.max(0, next - Date.now()));
      await Promise.all(schedulers.map((s) => s.idle()));
      if (Date.now() >= end && next >= end) return;
    }
    throw new Error('the scheduler kept waking without time passing');
  }

  let channels = 0;
  /** A 09:00 schedule on a channel no other test uses. */
  const at9 = (timezone: string, platform = 'slack'): SummaryEntry => {
    channels += 1;
    return { channel: `${platform}:C${channels}`, at: '09:00', timezone };
  };

  it('posts once a day at 09:00 in Asia/Shanghai, which has no daylight saving', async () => {
    vi.setSystemTime(t('2026-06-10T00:00:00Z')); // 08:00 in Shanghai
    start([at9('Asia/Shanghai')]);
    await runUntil('2026-06-13T00:30:00Z');
    expect(posted.map((p) => [p.date, p.at, p.late, p.hours])).toEqual([
      ['2026-06-10', '2026-06-10T01:00:00.000Z', null, 24],
      ['2026-06-11', '2026-06-11T01:00:00.000Z', null, 24],
      ['2026-06-12', '2026-06-12T01:00:00.000Z', null, 24],
    ]);
  });

  it('posts at 09:00 Berlin time across the spring change (CET → CEST, a 23-hour day)', async () => {
    vi.setSystemTime(t('2026-03-27T12:00:00Z'));
    start([at9('Europe/Berlin')]);
    await runUntil('2026-03-31T12:00:00Z');
    expect(posted.map((p) => [p.date, p.at, p.hours])).toEqual([
      ['2026-03-28', '2026-03-28T08:00:00.000Z', 24],
      ['2026-03-29', '2026-03-29T07:00:00.000Z', 23],
      ['2026-03-30', '2026-03-30T07:00:00.000Z', 24],
      ['2026-03-31', '2026-03-31T07:00:00.000Z', 24],
    ]);
  });

  it('posts at 09:00 Berlin time across the autumn change (CEST → CET, a 25-hour day)', async () => {
    vi.setSystemTime(t('2026-10-23T12:00:00Z'));
    start([at9('Europe/Berlin')]);
    await runUntil('2026-10-27T12:00:00Z');
    expect(posted.map((p) => [p.date, p.at, p.hours])).toEqual([
      ['2026-10-24', '2026-10-24T07:00:00.000Z', 24],
      ['2026-10-25', '2026-10-25T08:00:00.000Z', 25],
      ['2026-10-26', '2026-10-26T08:00:00.000Z', 24],
      ['2026-10-27', '2026-10-27T08:00:00.000Z', 24],
    ]);
    expect(posted.every((p) => p.late === null)).toBe(true);
  });

  it('posts once per channel and day with two replicas on one database', async () => {
    vi.setSystemTime(t('2026-06-10T00:00:00Z'));
    const shanghai = at9('Asia/Shanghai');
    const berlin = at9('Europe/Berlin', 'discord');
    start([shanghai, berlin], 'a');
    start([shanghai, berlin], 'b');
    await runUntil('2026-06-12T12:00:00Z');
    const keys = posted.map((p) => `${p.channel} ${p.date} ${p.at}`).sort();
    expect(keys).toEqual([
      `${berlin.channel} 2026-06-10 2026-06-10T07:00:00.000Z`,
      `${berlin.channel} 2026-06-11 2026-06-11T07:00:00.000Z`,
      `${berlin.channel} 2026-06-12 2026-06-12T07:00:00.000Z`,
      `${shanghai.channel} 2026-06-10 2026-06-10T01:00:00.000Z`,
      `${shanghai.channel} 2026-06-11 2026-06-11T01:00:00.000Z`,
      `${shanghai.channel} 2026-06-12 2026-06-12T01:00:00.000Z`,
    ]);
    const claims = (await db.db.select().from(notifications)).map((c) => c.key);
    const mine = claims.filter(
      (key) => key.startsWith(`summary:${shanghai.channel}:`) || key.startsWith(`summary:${berlin.channel}:`),
    );
    expect(mine.sort()).toEqual(
      ['2026-06-10', '2026-06-11', '2026-06-12']
        .flatMap((d) => [summaryKey(berlin.channel, d), summaryKey(shanghai.channel, d)])
        .sort(),
    );
  });

  it('does not post again when taobot restarts within the scheduled minute', async () => {
    vi.setSystemTime(t('2026-06-10T00:59:00Z'));
    const shanghai = at9('Asia/Shanghai');
    const first = start([shanghai], 'first');
    await runUntil('2026-06-10T01:00:20Z');
    await first.stop();
    vi.setSystemTime(t('2026-06-10T01:00:40Z'));
    const second = start([shanghai], 'second');
    await runUntil('2026-06-11T02:00:00Z', [second]);
    expect(posted.map((p) => [p.replica, p.date, p.at])).toEqual([
      ['first', '2026-06-10', '2026-06-10T01:00:00.000Z'],
      ['second', '2026-06-11', '2026-06-11T01:00:00.000Z'],
    ]);
  });

  it('takes over the claim of a replica that died between claiming and posting, once it is stale', async () => {
    const shanghai = at9('Asia/Shanghai');
    // The dead replica had run the schedule before and claimed today's summary at 09:00 sharp, then vanished.
    await db.db.insert(notifications).values([
      { key: `summary-schedule:${shanghai.channel}`, createdAt: new Date(t('2026-06-01T00:00:00Z')) },
      { key: summaryKey(shanghai.channel, '2026-06-10'), createdAt: new Date(t('2026-06-10T01:00:00Z')) },
    ]);
    vi.setSystemTime(t('2026-06-10T01:00:30Z'));
    start([shanghai], 'survivor');
    await runUntil('2026-06-10T02:00:00Z');
    expect(posted.map((p) => [p.replica, p.date, p.at, p.late])).toEqual([
      ['survivor', '2026-06-10', '2026-06-10T01:05:00.000Z', null],
    ]);
  });

  it('posts one late summary, for the most recent missed day, when it comes back after downtime', async () => {
    vi.setSystemTime(t('2026-03-26T12:00:00Z'));
    const berlin = at9('Europe/Berlin');
    const before = start([berlin], 'before');
    await runUntil('2026-03-27T12:00:00Z');
    await before.stop();
    // Down from Friday noon until Monday 11:30 CEST: Saturday's, Sunday's and Monday's summaries were missed.
    vi.setSystemTime(t('2026-03-30T09:30:00Z'));
    const after = start([berlin], 'after');
    await runUntil('2026-03-31T08:00:00Z', [after]);
    expect(posted.map((p) => [p.replica, p.date, p.at, p.late])).toEqual([
      ['before', '2026-03-27', '2026-03-27T08:00:00.000Z', null],
      ['after', '2026-03-30', '2026-03-30T09:30:00.000Z', '2026-03-30T07:00:00.000Z'],
      ['after', '2026-03-31', '2026-03-31T07:00:00.000Z', null],
    ]);
  });

  it('does not call a day missed when the schedule did not exist yet', async () => {
    vi.setSystemTime(t('2026-06-10T03:00:00Z')); // 11:00 in Shanghai, first start ever
    start([at9('Asia/Shanghai')]);
    await runUntil('2026-06-11T03:00:00Z');
    expect(posted.map((p) => [p.date, p.at, p.late])).toEqual([
      ['2026-06-11', '2026-06-11T01:00:00.000Z', null],
    ]);
  });

  it('tries a failed post again a minute later and posts it once', async () => {
    vi.setSystemTime(t('2026-06-10T00:30:00Z'));
    failNext = 1;
    start([at9('Asia/Shanghai')]);
    await runUntil('2026-06-10T02:00:00Z');
    expect(posted.map((p) => [p.date, p.at, p.late])).toEqual([
      ['2026-06-10', '2026-06-10T01:01:00.000Z', null],
    ]);
  });
});
