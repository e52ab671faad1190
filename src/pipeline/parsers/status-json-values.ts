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

const OBJECT_KEYS = { graphical: '"graphical": {', kpi: '"kpi": {' } as const;

/**
 * The text of the flat object under a top-level `"field": {…}` key, as written. Both status loggers serialize
 * with json.dumps, so equal dicts have equal text, and comparing text spares serializing the parsed value
 * again. Null when the key is not found in that form or the object nests another, and the caller serializes.
 * (A `}` inside a string value would cut the text short; TAO's metric names and values never hold one.)
 */
export function rawObject(line: string, field: 'graphical' | 'kpi'): string | null {
  const at = line.indexOf(OBJECT_KEYS[field]);
  if (at === -1) return null;
  const open = at + field.length + 4;
  const close = line.indexOf('}', open);
  const nested = line.indexOf('{', open + 1);
  return close === -1 || (nested !== -1 && nested < close) ? null : line.slice(open, close + 1);
}

export const isRecord = (value: unknown): value is StatusRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STATUS_SET: ReadonlySet<string> = new Set(STATUS_VALUES);
const VERBOSITY_SET: ReadonlySet<string> = new Set(VERBOSITIES);

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})$/;

/** Midnight (UTC ms) of a `month/day/year` date, or null when it is not a real date. */
function dayStart(date: string): number | null {
  const d = DATE.exec(date);
  if (!d) return null;
  const [month, day, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2/30 over into March; a date that does not exist is not a time.
  return new Date(ms).getUTCDate() === day ? ms : null;
}

// Every line of a day repeats the same date, so its midnight is worked out once.
let cachedDate = '';
let cachedDayStart: number | null = null;

/** `1/5/2024` + `9:3:7` (TAO does not zero-pad) → ms since the epoch, read as UTC; null if either is odd. */
export function statusTimestamp(date: string, time: string): number | null {
  if (date !== cachedDate) {
    cachedDayStart = dayStart(date);
    cachedDate = date;
  }
  const t = TIME.exec(time);
  if (cachedDayStart === null || !t) return null;
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return cachedDayStart + ((hour * 60 + minute) * 60 + second) * 1000;
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
