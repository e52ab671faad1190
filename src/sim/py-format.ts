/**
 * Python's renderings of values, so the simulator's files read byte-for-byte like the ones TAO's Python writes:
 * `str(float)`, numpy's `str(np.float32)`, `round()`, `str(timedelta)` and `json.dumps`.
 */

/** A value that Python holds as a float: `json.dumps` writes `1.0`, not `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyJson = null | boolean | number | string | PyFloat | PyJson[] | { [key: string]: PyJson };

/** `str(x)` / `repr(x)` of a Python float: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) return pyExponent(x.toExponential());
  // JavaScript also prints plain digits in this range, with the same shortest round-trip digits as Python.
  const plain = String(x);
  return plain.includes('.') ? plain : `${plain}.0`;
}

/** numpy's `str(np.float32(x))`: the shortest digits that round-trip through float32. */
export function pyFloat32(x: number): string {
  const single = Math.fround(x);
  if (!Number.isFinite(single) || single === 0) return pyFloat(single);
  for (let digits = 1; digits <= 9; digits += 1) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return pyFloat(candidate);
  }
  return pyFloat(single);
}

/** Python's `round(x, n)` for the values the simulator produces (exact ties do not occur in practice). */
export function pyRound(x: number, digits: number): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

/** `'%.Nf' % x`, with Python's `nan`/`inf` spellings. */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(digits);
}

/** `'%.Ne' % x`: mantissa with N decimals and an exponent of at least two digits. */
export function pyScientific(x: number, digits: number): string {
  if (!Number.isFinite(x)) return pyFixed(x, digits);
  return pyExponent(x.toExponential(digits));
}

function pyExponent(js: string): string {
  const match = /^(-?[\d.]+)e([+-])(\d+)$/.exec(js);
  if (!match) return js;
  return `${match[1]}e${match[2]}${(match[3] ?? '').padStart(2, '0')}`;
}

/** `'{:,}'.format(n)` for an integer. */
export function pyThousands(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `str(datetime.timedelta(seconds=s))`, e.g. `0:00:48.123456` or `1 day, 2:03:04`. */
export function pyTimedelta(seconds: number): string {
  const totalMicros = Math.round(Math.max(0, seconds) * 1e6);
  const micros = totalMicros % 1_000_000;
  const whole = (totalMicros - micros) / 1_000_000;
  const days = Math.floor(whole / 86_400);
  const rest = whole % 86_400;
  const clock = `${Math.floor(rest / 3600)}:${pad2(Math.floor((rest % 3600) / 60))}:${pad2(rest % 60)}`;
  const fraction = micros === 0 ? '' : `.${String(micros).padStart(6, '0')}`;
  const dayPart = days === 0 ? '' : `${days} day${days === 1 ? '' : 's'}, `;
  return `${dayPart}${clock}${fraction}`;
}

/** `json.dumps(value)` with Python's default separators (`, ` and `: `) and `ensure_ascii`. */
export function pyJson(value: PyJson): string {
  if (value === null) return 'null';
  if (value instanceof PyFloat) return pyJsonFloat(value.value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyJsonFloat(value);
  if (typeof value === 'string') return pyJsonString(value);
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${pyJsonString(k)}: ${pyJson(v)}`);
  return `{${entries.join(', ')}}`;
}

function pyJsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return pyFloat(x);
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function pyJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i += 1) {
    const ch = s.charAt(i);
    const code = s.charCodeAt(i);
    const escaped = JSON_ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Python logging's `%(asctime)s`: `2024-01-31 11:05:27,929`, local time. */
export function logTimestamp(at: Date): string {
  const date = `${at.getFullYear()}-${pad2(at.getMonth() + 1)}-${pad2(at.getDate())}`;
  const time = `${pad2(at.getHours())}:${pad2(at.getMinutes())}:${pad2(at.getSeconds())}`;
  return `${date} ${time},${String(at.getMilliseconds()).padStart(3, '0')}`;
}

/** status.json's `date` and `time`: not zero-padded, e.g. `1/5/2024` and `9:3:7`. */
export function statusDateTime(at: Date): { date: string; time: string } {
  return {
    date: `${at.getMonth() + 1}/${at.getDate()}/${at.getFullYear()}`,
    time: `${at.getHours()}:${at.getMinutes()}:${at.getSeconds()}`,
  };
}

/** TensorRT's log timestamp: `[02/26/2024-10:43:06]`. */
export function trtTimestamp(at: Date): string {
  const date = `${pad2(at.getMonth() + 1)}/${pad2(at.getDate())}/${at.getFullYear()}`;
  return `[${date}-${pad2(at.getHours())}:${pad2(at.getMinutes())}:${pad2(at.getSeconds())}]`;
}
