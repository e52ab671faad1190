import { addDays, instantOf, type LocalDate, localDateOf, startOfLocalDay } from './zoned-time.js';

/** One `summaries:` entry of the configuration: where to post, at what local time, in which IANA zone. */
export interface SummaryEntry {
  /** `slack:C0123`, `discord:1234…`, `shell:terminal`. */
  readonly channel: string;
  /** `HH:MM`, local time in `timezone`. */
  readonly at: string;
  readonly timezone: string;
}

/** A scheduled summary's day and the instant it is due. */
export interface DueSummary {
  readonly date: LocalDate;
  readonly at: number;
}

export type PeriodKind = 'daily' | 'today' | 'yesterday' | 'week';

/** The stretch of time a summary describes: `[from, to)`, read in `zone`. */
export interface SummaryPeriod {
  readonly kind: PeriodKind;
  readonly from: number;
  readonly to: number;
  readonly zone: string;
  /** The local day the summary is named after (its last day). */
  readonly date: LocalDate;
}

/** When the summary of `date` is due for `entry`. */
export const dueOn = (entry: SummaryEntry, date: LocalDate): DueSummary => ({
  date,
  at: instantOf(date, entry.at, entry.timezone),
});

/** The most recent due time at or before `now`: the summary that should exist by now. */
export function latestDue(entry: SummaryEntry, now: number): DueSummary {
  const today = dueOn(entry, localDateOf(now, entry.timezone));
  return today.at <= now ? today : dueOn(entry, addDays(today.date, -1));
}

/** The first due time strictly after `now`. */
export function nextDue(entry: SummaryEntry, now: number): DueSummary {
  const today = dueOn(entry, localDateOf(now, entry.timezone));
  return today.at > now ? today : dueOn(entry, addDays(today.date, 1));
}

/**
 * What the daily summary of `date` covers: everything since the previous day's summary was due, so consecutive
 * summaries neither overlap nor leave a gap (23 or 25 hours across a daylight-saving change).
 *
 * @example
 * dailyPeriod({ channel: 'slack:C1', at: '09:00', timezone: 'Europe/Berlin' }, '2026-03-29');
 * // { from: 2026-03-28T08:00Z, to: 2026-03-29T07:00Z, … }: 23 hours
 */
export function dailyPeriod(entry: SummaryEntry, date: LocalDate): SummaryPeriod {
  return {
    kind: 'daily',
    from: dueOn(entry, addDays(date, -1)).at,
    to: dueOn(entry, date).at,
    zone: entry.timezone,
    date,
  };
}

/**
 * `/summary today|yesterday|week` in `zone`: today so far (to the end of the local day), the whole of yesterday,
 * or the last seven local days including today.
 */
export function onDemandPeriod(kind: Exclude<PeriodKind, 'daily'>, now: number, zone: string): SummaryPeriod {
  const today = localDateOf(now, zone);
  const tomorrow = startOfLocalDay(addDays(today, 1), zone);
  switch (kind) {
    case 'today':
      return { kind, from: startOfLocalDay(today, zone), to: tomorrow, zone, date: today };
    case 'yesterday': {
      const date = addDays(today, -1);
      return { kind, from: startOfLocalDay(date, zone), to: startOfLocalDay(today, zone), zone, date };
    }
    case 'week':
      return { kind, from: startOfLocalDay(addDays(today, -6), zone), to: tomorrow, zone, date: today };
  }
}
