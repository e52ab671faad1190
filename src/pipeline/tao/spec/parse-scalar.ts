import { type Cursor, describe, fail, isSymbol, next, peek } from './cursor.js';
import type { Token } from './tokenizer.js';
import type { ScalarNode, SpecScalar } from './types.js';

/** Scalar values of protobuf text format: strings, numbers, booleans and enum identifiers. */

export function parseScalar(c: Cursor, name: Token, listed: boolean): ScalarNode {
  const t = next(c);
  const base = { kind: 'scalar' as const, name: name.text, nameStart: name.start, line: name.line, listed };
  if (t.kind === 'string') {
    let value = t.decoded ?? '';
    let last = t;
    // Adjacent literals concatenate, as in C: "abc" "def" is "abcdef".
    while (peek(c).kind === 'string') {
      last = next(c);
      value += last.decoded ?? '';
    }
    const quote = t.text[0] === "'" ? "'" : '"';
    return {
      ...base,
      valueKind: 'string',
      value,
      quote,
      valueStart: t.start,
      valueEnd: last.end,
      end: last.end,
    };
  }
  if (isSymbol(t, '-')) {
    const n = next(c);
    const magnitude =
      n.kind === 'number' ? numberValue(n) : n.kind === 'identifier' ? special(n.text) : undefined;
    if (magnitude === undefined) return fail(n, `expected a number after '-', found ${describe(n)}`);
    return scalar(base, 'number', -magnitude, t, n);
  }
  if (t.kind === 'number') return scalar(base, 'number', numberValue(t), t, t);
  if (t.kind === 'identifier') {
    // `num_epochs:` followed by the next field's name: the value is missing, not an enum named like a field.
    if (isSymbol(peek(c), ':', '{', '<')) {
      fail(t, `expected a value for '${name.text}', found the field name '${t.text}'`);
    }
    if (t.text === 'true' || t.text === 'True') return scalar(base, 'bool', true, t, t);
    if (t.text === 'false' || t.text === 'False') return scalar(base, 'bool', false, t, t);
    const number = special(t.text);
    if (number !== undefined) return scalar(base, 'number', number, t, t);
    return scalar(base, 'enum', t.text, t, t);
  }
  return fail(t, `expected a value for '${name.text}', found ${describe(t)}`);
}

function scalar(
  base: Pick<ScalarNode, 'kind' | 'name' | 'nameStart' | 'line' | 'listed'>,
  valueKind: 'number' | 'bool' | 'enum',
  value: SpecScalar,
  first: Token,
  last: Token,
): ScalarNode {
  return {
    ...base,
    valueKind,
    value,
    quote: undefined,
    valueStart: first.start,
    valueEnd: last.end,
    end: last.end,
  };
}

function special(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  return undefined;
}

function numberValue(t: Token): number {
  const raw = t.text;
  if (/^0[xX]/.test(raw)) return Number.parseInt(raw.slice(2), 16);
  if (/^0\d+$/.test(raw)) {
    if (!/^0[0-7]+$/.test(raw)) fail(t, `invalid octal number '${raw}' (a leading 0 means octal)`);
    return Number.parseInt(raw, 8);
  }
  return Number(raw.replace(/[fF]$/, ''));
}
