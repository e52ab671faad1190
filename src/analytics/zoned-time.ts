/**
 * Wall-clock time in IANA time zones, with nothing but `Intl`: the local date of an instant, and the instant of a
 * local date and time. Daylight-saving changes are handled the way `Temporal` does by default ("compatible"): a
 * wall time that a spring-forward gap skips moves forward by the gap, and one that a fall-back overlap repeats
 * means its first occurrence.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(instant: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    // Some engines print midnight as 24 even with h23.
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds (whole seconds). */
export function zoneOffsetMs(instant: number, zone: string): number {
  const wall = wallClockOf(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The calendar date in `zone` at `instant`. */
export function localDateOf(instant: number, zone: string): LocalDate {
  const wall = wallClockOf(instant, zone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** `HH:MM` in `zone` at `instant`. */
export function localTimeOf(instant: number, zone: string): string {
  const wall = wallClockOf(instant, zone);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

function parseDate(date: LocalDate): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`a date must look like 2026-03-29, got ${JSON.stringify(date)}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function parseTime(time: string): [number, number] {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`a time of day must look like 09:00, got ${JSON.stringify(time)}`);
  return [Number(match[1]), Number(match[2])];
}

/** The date `days` calendar days after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = parseDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day) + days * DAY);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/**
 * The instant at which the wall clock in `zone` shows `time` on `date`.
 *
 * @example
 * instantOf('2026-03-29', '09:00', 'Europe/Berlin'); // 2026-03-29T07:00:00Z (CEST, the day clocks go forward)
 * instantOf('2026-03-29', '02:30', 'Europe/Berlin'); // 2026-03-29T01:30:00Z, i.e. 03:30 CEST (02:30 is skipped)
 */
export function instantOf(date: LocalDate, time: string, zone: string): number {
  const [year, month, day] = parseDate(date);
  const [hour, minute] = parseTime(time);
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets a day either side cover any single transition near the wanted time (zones change at most a few
  // times a year), so the right offset is one of them.
  const offsets = new Set([
    zoneOffsetMs(wanted - DAY, zone),
    zoneOffsetMs(wanted, zone),
    zoneOffsetMs(wanted + DAY, zone),
  ]);
  const candidates = [...offsets].map((offset) => wanted - offset);
  const exact = candidates.filter((instant) => instant + zoneOffsetMs(instant, zone) === wanted);
  // Several exact matches: the wall time repeats (fall back) → its first occurrence. None: it falls in a gap
  // (spring forward) → the later candidate, which is the same wall time read with the offset before the gap.
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

/** The instant the local day `date` starts in `zone` (usually midnight; later where midnight is skipped). */
export const startOfLocalDay = (date: LocalDate, zone: string): number => instantOf(date, '00:00', zone);

/** A short zone abbreviation at `instant` (`CEST`, `GMT+8`), for people reading a period. */
export function zoneNameAt(instant: number, zone: string): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** `Sun 29 Mar 09:00` in `zone`, for period lines in summaries. */
export function formatLocal(instant: number, zone: string, options: { time?: boolean } = {}): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(options.time === false ? {} : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const }),
  }).format(new Date(instant));
  return text.replace(',', '');
}
