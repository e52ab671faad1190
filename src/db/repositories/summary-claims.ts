import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { at, rowsOf } from './analytics.js';

/**
 * The bookkeeping of scheduled summaries in `notifications` (posted-once markers keyed by a unique key). Times are
 * written with the scheduler's clock, not the database's, so they compare with the schedule's own due times.
 */

const firstWritten = (key: string, now: number) => sql`
  with inserted as (
    insert into notifications (key, created_at) values (${key}, ${at(now)})
    on conflict (key) do nothing returning created_at
  )
  select true as inserted, (extract(epoch from created_at) * 1000)::float8 as "writtenAt" from inserted
  union all
  select false, (extract(epoch from created_at) * 1000)::float8 from notifications where key = ${key}
  limit 1`;

/** When a schedule was first seen: written on first call, read back ever after. */
export async function scheduleStartedAt(db: Db, key: string, now: number): Promise<number> {
  const [row] = await rowsOf<{ writtenAt: number }>(db, firstWritten(key, now));
  return row?.writtenAt ?? now;
}

export interface SummaryClaim {
  /** This caller holds the claim now and should post. */
  claimed: boolean;
  /** When the claim was taken (by whoever holds it). */
  claimedAt: number;
  /** The summary went out already. */
  posted: boolean;
}

const postedKey = (key: string) => `posted:${key}`;

/**
 * Claims a summary: true for exactly one caller however many replicas ask. A claim whose holder neither posted
 * nor gave it back within `staleMs` (it died mid-post) is taken over by one caller, with a guarded update.
 */
export async function claimSummary(db: Db, key: string, now: number, staleMs: number): Promise<SummaryClaim> {
  const [row] = await rowsOf<{ inserted: boolean; writtenAt: number }>(db, firstWritten(key, now));
  if (row?.inserted) return { claimed: true, claimedAt: now, posted: false };
  const [posted] = await rowsOf<{ key: string }>(
    db,
    sql`select key from notifications where key = ${postedKey(key)}`,
  );
  const claimedAt = row?.writtenAt ?? now;
  if (posted || now - claimedAt < staleMs) return { claimed: false, claimedAt, posted: Boolean(posted) };
  const taken = await rowsOf<{ key: string }>(
    db,
    sql`update notifications set created_at = ${at(now)}
      where key = ${key} and created_at <= ${at(now - staleMs)} returning key`,
  );
  return taken.length === 1
    ? { claimed: true, claimedAt: now, posted: false }
    : { claimed: false, claimedAt: now, posted: false };
}

/** Records that the claimed summary went out, so no one takes the claim over. */
export async function markSummaryPosted(db: Db, key: string, now: number): Promise<void> {
  await db.execute(
    sql`insert into notifications (key, created_at) values (${postedKey(key)}, ${at(now)}) on conflict (key) do nothing`,
  );
}
