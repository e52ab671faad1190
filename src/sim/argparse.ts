import { err, ok, type Result } from '../shared/result.js';

/**
 * The subset of Python's argparse that TAO's command lines use, with argparse's messages, so a wrong argument
 * fails the way TAO fails: `usage: …` and `prog: error: …` on stderr, exit code 2.
 */
export interface OptionSpec {
  /** Short and long spellings, e.g. ['-e', '--experiment_spec_file']; the last long one names the value. */
  readonly flags: readonly string[];
  readonly type?: 'str' | 'int' | 'float';
  /** `flag` is store_true; `+`/`*` take a list. */
  readonly nargs?: 'flag' | '+' | '*';
  readonly required?: boolean;
  readonly choices?: readonly string[];
  /** `help=argparse.SUPPRESS`: accepted but not shown in the usage line. */
  readonly hidden?: boolean;
}

export type ArgValue = string | number | boolean | (string | number)[];

export interface UsageFailure {
  readonly usage: string;
  readonly message: string;
}

/** Parsed options by destination name (`experiment_spec_file`); absent options are missing. */
export class ParsedArgs {
  constructor(private readonly values: ReadonlyMap<string, ArgValue>) {}
  has(dest: string): boolean {
    return this.values.has(dest);
  }
  str(dest: string): string | undefined {
    const v = this.values.get(dest);
    return v === undefined ? undefined : String(v);
  }
  num(dest: string): number | undefined {
    const v = this.values.get(dest);
    return typeof v === 'number' ? v : undefined;
  }
  flag(dest: string): boolean {
    return this.values.get(dest) === true;
  }
  list(dest: string): (string | number)[] {
    const v = this.values.get(dest);
    return Array.isArray(v) ? v : [];
  }
}

export const destOf = (spec: OptionSpec): string =>
  (spec.flags.find((f) => f.startsWith('--')) ?? spec.flags[0] ?? '').replace(/^-+/, '');

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;
const looksLikeOption = (token: string): boolean =>
  token.startsWith('-') && token !== '-' && !NEGATIVE_NUMBER.test(token);

/** Parses `argv` against the options of one program. */
export function parseArgs(
  prog: string,
  specs: readonly OptionSpec[],
  argv: readonly string[],
): Result<ParsedArgs, UsageFailure> {
  const usage = formatUsage(prog, specs);
  const fail = (message: string): Result<never, UsageFailure> =>
    err({ usage, message: `${prog}: error: ${message}` });
  const byFlag = new Map<string, OptionSpec>();
  for (const spec of specs) for (const flag of spec.flags) byFlag.set(flag, spec);
  const values = new Map<string, ArgValue>();
  const extras: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    if (!looksLikeOption(token)) {
      extras.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const spec = byFlag.get(name);
    if (!spec) {
      extras.push(token);
      continue;
    }
    const label = `argument ${spec.flags.join('/')}`;
    if (spec.nargs === 'flag') {
      if (eq > 0) return fail(`${label}: ignored explicit argument '${token.slice(eq + 1)}'`);
      values.set(destOf(spec), true);
      continue;
    }
    const raw: string[] = [];
    const many = spec.nargs === '+' || spec.nargs === '*';
    if (eq > 0) raw.push(token.slice(eq + 1));
    // Values run until the next option-like token: one for a plain option, any number for nargs '+'/'*'.
    while (
      eq < 0 &&
      (many || raw.length === 0) &&
      i + 1 < argv.length &&
      !looksLikeOption(argv[i + 1] ?? '')
    ) {
      i += 1;
      raw.push(argv[i] ?? '');
    }
    if (raw.length === 0 && spec.nargs !== '*') {
      return fail(`${label}: expected ${spec.nargs === '+' ? 'at least one argument' : 'one argument'}`);
    }
    const converted: (string | number)[] = [];
    for (const r of raw) {
      const value = convert(spec, r);
      if (typeof value === 'object') return fail(`${label}: ${value.error}`);
      converted.push(value);
    }
    values.set(destOf(spec), many ? converted : (converted[0] ?? ''));
  }
  const missing = specs.filter((s) => s.required && !values.has(destOf(s))).map((s) => s.flags.join('/'));
  if (missing.length > 0) return fail(`the following arguments are required: ${missing.join(', ')}`);
  if (extras.length > 0) return fail(`unrecognized arguments: ${extras.join(' ')}`);
  return ok(new ParsedArgs(values));
}

function convert(spec: OptionSpec, raw: string): string | number | { error: string } {
  let value: string | number = raw;
  if (spec.type === 'int') {
    if (!/^\s*[-+]?\d+\s*$/.test(raw)) return { error: `invalid int value: '${raw}'` };
    value = Number.parseInt(raw, 10);
  } else if (spec.type === 'float') {
    const n = Number(raw);
    if (raw.trim() === '' || Number.isNaN(n)) return { error: `invalid float value: '${raw}'` };
    value = n;
  }
  if (spec.choices && !spec.choices.includes(String(value))) {
    const choices = spec.choices.map((c) => `'${c}'`).join(', ');
    return { error: `invalid choice: '${raw}' (choose from ${choices})` };
  }
  return value;
}

/** argparse's usage text, wrapped at 80 columns with continuation lines aligned after the program name. */
export function formatUsage(prog: string, specs: readonly OptionSpec[]): string {
  const parts = ['[-h]'];
  for (const spec of specs) {
    if (spec.hidden) continue;
    const flag = spec.flags[0] ?? '';
    const metavar = spec.choices ? `{${spec.choices.join(',')}}` : destOf(spec).toUpperCase();
    let part = flag;
    if (spec.nargs === '+') part = `${flag} ${metavar} [${metavar} ...]`;
    else if (spec.nargs === '*') part = `${flag} [${metavar} [${metavar} ...]]`;
    else if (spec.nargs !== 'flag') part = `${flag} ${metavar}`;
    parts.push(spec.required ? part : `[${part}]`);
  }
  const head = `usage: ${prog} `;
  const lines: string[] = [];
  let line = head;
  for (const part of parts) {
    if (line.length + part.length > 78 && line.trim() !== head.trim()) {
      lines.push(line.trimEnd());
      line = ' '.repeat(head.length);
    }
    line += `${part} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}
