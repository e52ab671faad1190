import { err, ok, type Result } from '../../shared/result.js';

/**
 * Options are declared once per command; the same declaration tokenizes Slack and terminal text, validates
 * Discord's typed options, and generates Discord's slash-command registration.
 */
export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'flag' | 'list';

export interface OptionSpec {
  name: string;
  type: OptionType;
  description: string;
  /** Filled from bare words in order (`/train ssd_resnet18`) as well as `name=value`. */
  positional?: boolean;
  required?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** For strings: the allowed shape, explained in `patternHint`. */
  pattern?: RegExp;
  patternHint?: string;
}

export type OptionValue = string | number | boolean | string[] | number[];
export type ParsedOptions = Record<string, OptionValue>;

/** Splits text into words, keeping "quoted values" and 'quoted values' together. */
export function tokenize(text: string): Result<string[], string> {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const char of text.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'")) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (quote) return err(`a ${quote} quote is not closed`);
  if (started) words.push(current);
  return ok(words);
}

/** Text → raw option strings: bare words go to positional options in order, `key=value` by name. */
export function parseText(
  text: string,
  specs: readonly OptionSpec[],
): Result<Record<string, string | boolean>, string> {
  const words = tokenize(text);
  if (!words.ok) return words;
  const raw: Record<string, string | boolean> = {};
  const positionals = specs.filter((spec) => spec.positional);
  let nextPositional = 0;
  for (const word of words.value) {
    const eq = word.indexOf('=');
    if (eq > 0) {
      const key = normalizeName(word.slice(0, eq));
      const spec = specs.find((s) => s.name === key);
      if (!spec) return err(unknownOption(key, specs));
      if (key in raw) return err(`${key} is given twice`);
      raw[key] = word.slice(eq + 1);
      continue;
    }
    const flag = specs.find((s) => s.type === 'flag' && s.name === normalizeName(word.replace(/^--?/, '')));
    if (flag) {
      raw[flag.name] = true;
      continue;
    }
    const positional = positionals[nextPositional];
    if (!positional) return err(`unexpected "${word}"; ${describeUsage(specs)}`);
    raw[positional.name] = word;
    nextPositional += 1;
  }
  return ok(raw);
}

const normalizeName = (name: string) => name.trim().toLowerCase().replace(/-/g, '_');

function unknownOption(key: string, specs: readonly OptionSpec[]): string {
  const names = specs.map((s) => s.name);
  const close = names.find((name) => editDistance(name, key) <= 2);
  return `unknown option "${key}"${close ? ` (did you mean ${close}?)` : ''}; options: ${names.join(', ')}`;
}

export function describeUsage(specs: readonly OptionSpec[]): string {
  const parts = specs.map((spec) => {
    const shown = spec.positional ? `<${spec.name}>` : spec.type === 'flag' ? spec.name : `${spec.name}=…`;
    return spec.required ? shown : `[${shown}]`;
  });
  return `usage: ${parts.join(' ')}`;
}

/** Raw strings (text) or typed values (Discord) → validated values, with one message per problem. */
export function validateOptions(
  raw: Record<string, string | number | boolean>,
  specs: readonly OptionSpec[],
): Result<ParsedOptions, string[]> {
  const problems: string[] = [];
  const out: ParsedOptions = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    if (value === undefined || value === '') {
      if (spec.required) problems.push(`${spec.name} is required (${spec.description})`);
      continue;
    }
    const parsed = coerce(spec, value);
    if (parsed.ok) out[spec.name] = parsed.value;
    else problems.push(parsed.error);
  }
  for (const key of Object.keys(raw)) {
    if (!specs.some((s) => s.name === key)) problems.push(unknownOption(key, specs));
  }
  return problems.length > 0 ? err(problems) : ok(out);
}

function coerce(spec: OptionSpec, value: string | number | boolean): Result<OptionValue, string> {
  const text = String(value).trim();
  const range = () =>
    spec.min !== undefined && spec.max !== undefined
      ? ` from ${spec.min} to ${spec.max}`
      : spec.min !== undefined
        ? ` of at least ${spec.min}`
        : '';
  switch (spec.type) {
    case 'flag':
    case 'boolean': {
      if (value === true || /^(true|yes|on|1)$/i.test(text)) return ok(true);
      if (value === false || /^(false|no|off|0)$/i.test(text)) return ok(false);
      return err(`${spec.name} must be true or false (got "${text}")`);
    }
    case 'integer':
    case 'number': {
      const number = Number(text);
      const whole = spec.type === 'integer';
      if (text === '' || !Number.isFinite(number) || (whole && !Number.isInteger(number))) {
        return err(`${spec.name} must be ${whole ? 'a whole number' : 'a number'}${range()} (got "${text}")`);
      }
      if ((spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) {
        return err(`${spec.name} must be${range()} (got ${text})`);
      }
      return ok(number);
    }
    case 'list': {
      const items = text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length === 0) return err(`${spec.name} must be a comma-separated list (got "${text}")`);
      return ok(items);
    }
    case 'string': {
      if (spec.choices && !spec.choices.includes(text)) {
        return err(`${spec.name} must be one of ${spec.choices.join(', ')} (got "${text}")`);
      }
      if (spec.pattern && !spec.pattern.test(text)) {
        return err(`${spec.name} ${spec.patternHint ?? `does not look right`} (got "${text}")`);
      }
      return ok(text);
    }
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const saved = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = saved;
    }
  }
  return row[b.length] as number;
}
