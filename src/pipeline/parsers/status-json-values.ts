import { metricValue } from './numbers.js';
import {
  STATUS_VALUES,
  type StatusMeta,
  type StatusValue,
  VERBOSITIES,
  type Verbosity,
} from './status-json-types.js';

/** A parsed status line: a plain JSON object. */
export type StatusRecord = Readonly<Record<string, unknown>>;

// Python's json.dumps writes float nan/inf as bare NaN / Infinity, which JSON.parse rejects.
const BARE_NON_FINITE = /([:[,]\s*)(?:-?Infinity|NaN)(?=\s*[,\]}])/g;

/** Parses one status line into an object, accepting Python's bare `NaN`/`Infinity`; null if not an object. */
export function parseStatusRecord(line: string): StatusRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    if (!line.includes('NaN') && !line.includes('Infinity')) return null;
    try {
      value = JSON.parse(line.replace(BARE_NON_FINITE, '$1null'));
    } catch {
      return null;
    }
  }
  return isRecord(value) ? value : null;
}

export const isRecord = (value: unknown): value is StatusRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STATUS_SET: ReadonlySet<string> = new Set(STATUS_VALUES);
const VERBOSITY_SET: ReadonlySet<string> = new Set(VERBOSITIES);

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})$/;

/** `1/5/2024` + `9:3:7` (TAO does not zero-pad) → ms since the epoch, read as UTC; null if either is odd. */
export function statusTimestamp(date: string, time: string): number | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) return null;
  const [month, day, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2/30 over into March; a date that does not exist is not a time.
  return new Date(ms).getUTCDate() === day ? ms : null;
}

function categoricalOf(value: unknown): StatusMeta['categorical'] {
  if (!isRecord(value)) return null;
  const result: Record<string, Record<string, number | null>> = {};
  for (const [name, categories] of Object.entries(value)) {
    if (!isRecord(categories)) continue;
    const values: Record<string, number | null> = {};
    for (const [category, v] of Object.entries(categories)) values[category] = metricValue(v);
    result[name] = values;
  }
  return Object.keys(result).length > 0 ? result : null;
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The common fields of a status line, or null when its `status` is missing or not one TAO writes. */
export function statusMeta(record: StatusRecord): StatusMeta | null {
  const status = record.status;
  if (typeof status !== 'string' || !STATUS_SET.has(status)) return null;
  const verbosity = record.verbosity;
  const date = stringOrNull(record.date);
  const time = stringOrNull(record.time);
  return {
    status: status as StatusValue,
    verbosity:
      typeof verbosity === 'string' && VERBOSITY_SET.has(verbosity) ? (verbosity as Verbosity) : null,
    date,
    time,
    timestamp: date !== null && time !== null ? statusTimestamp(date, time) : null,
    message: stringOrNull(record.message),
    categorical: record.categorical === undefined ? null : categoricalOf(record.categorical),
  };
}
