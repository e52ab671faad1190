/**
 * Number readers for the values TAO writes. Python renders floats with `str()`, so "no value" arrives as
 * `nan`, `inf` or `-inf` (epochs without validation, diverged losses); those become `null`. Text that is
 * not a number at all becomes `undefined`, so callers can tell "no value" from "unreadable".
 */

const NO_VALUE = new Set([
  'nan',
  '-nan',
  '+nan',
  'inf',
  '-inf',
  '+inf',
  'infinity',
  '-infinity',
  '+infinity',
]);

/** `x`, `o`, `b`: the letters after a leading 0 that make Number() read another base. */
const RADIX_LETTERS = new Set([120, 111, 98]);

/** Reads a float as TAO prints it: a finite number, `null` for nan/inf/empty, `undefined` for garbage. */
export function parseMetric(raw: string): number | null | undefined {
  if (raw === 'nan') return null;
  const text = raw.trim();
  if (text.length === 0) return null;
  const value = Number(text);
  if (Number.isNaN(value)) return NO_VALUE.has(text.toLowerCase()) ? null : undefined;
  // Number() also reads hex, binary and octal literals (`0x1f`), which Python never prints for a float.
  if (text.charCodeAt(0) === 48 && text.length > 1 && RADIX_LETTERS.has(text.charCodeAt(1) | 32))
    return undefined;
  return Number.isFinite(value) ? value : null;
}

/** A JSON value that should hold a metric (a float, or a float rendered as a string): number or null. */
export function metricValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseMetric(value) ?? null;
  return null;
}

const TIMEDELTA = /^(?:(-?\d+) days?, )?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/;

/**
 * Seconds in Python's `str(datetime.timedelta)`: `0:05:12.345678`, `1 day, 2:03:04`, `3 days, 0:00:00.5`.
 * `null` when the text has another form.
 */
export function parseTimedelta(raw: string): number | null {
  // Fast path for the common `H:MM:SS[.ffffff]` (no days, no padding spaces).
  const first = raw.indexOf(':');
  const second = raw.indexOf(':', first + 1);
  if (first > 0 && second === first + 3 && raw.length >= second + 3 && raw.indexOf(' ') === -1) {
    const hours = Number(raw.slice(0, first));
    const minutes = Number(raw.slice(first + 1, second));
    const seconds = Number(raw.slice(second + 1));
    if (Number.isInteger(hours) && hours >= 0 && Number.isInteger(minutes) && minutes >= 0 && seconds >= 0) {
      return hours * 3600 + minutes * 60 + seconds;
    }
  }
  const match = TIMEDELTA.exec(raw.trim());
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

const KERAS_ETA = /^(?:(\d+):)?(?:(\d+):)?(\d+)(s?)$/;

/** Seconds in a Keras progress-bar ETA: `45s`, `1:23` (m:ss) or `1:02:03` (h:mm:ss); `null` otherwise. */
export function parseKerasEta(raw: string): number | null {
  // Most frames of a short epoch read `45s`; a plain conversion spares the pattern.
  if (raw.endsWith('s') && !raw.includes(':')) {
    const seconds = Number(raw.slice(0, -1));
    return Number.isInteger(seconds) && raw.length > 1 ? seconds : null;
  }
  const match = KERAS_ETA.exec(raw);
  if (!match) return null;
  const [, first, second, last, unit] = match;
  if (first === undefined) return unit === 's' ? Number(last) : null;
  if (unit === 's') return null;
  if (second === undefined) return Number(first) * 60 + Number(last);
  return Number(first) * 3600 + Number(second) * 60 + Number(last);
}

/** Decimal places of a printed number (`0.49200` → 5, `0.492` → 3, `1` → 0); shows how TAO rounded it. */
export function decimalsOf(raw: string): number {
  const dot = raw.indexOf('.');
  if (dot === -1) return 0;
  let end = dot + 1;
  while (end < raw.length && raw.charCodeAt(end) >= 48 && raw.charCodeAt(end) <= 57) end++;
  return end - dot - 1;
}
