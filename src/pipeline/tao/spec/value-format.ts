import { err, ok, type Result } from '../../../shared/result.js';
import { isWellFormedText, quoteString } from './string-literal.js';
import type { ScalarKind, ScalarNode, SpecScalar, SpecValue } from './types.js';

/** Turning values that callers pass into spec text, and checking them against what a field already holds. */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words the parser reads as booleans or numbers (the last three in any case), so they cannot be enum values. */
const BOOLEAN_WORDS = new Set(['true', 'false', 'True', 'False']);
const NUMBER_WORDS = new Set(['inf', 'infinity', 'nan']);

export function kindOfValue(value: SpecValue): ScalarKind {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return 'enum';
}

/** The scalar a value reads back as: enums read back as their identifier. */
export function scalarOf(value: SpecValue): SpecScalar {
  return typeof value === 'object' ? value.enum : value;
}

/** Checks a value can be written at all (a well-formed string, a valid enum identifier). */
export function checkValue(value: unknown): Result<SpecValue, string> {
  if (typeof value === 'number' || typeof value === 'boolean') return ok(value);
  if (typeof value === 'string') {
    return isWellFormedText(value) ? ok(value) : err('the string contains an unpaired UTF-16 surrogate');
  }
  if (typeof value === 'object' && value !== null && 'enum' in value && typeof value.enum === 'string') {
    const name = value.enum;
    if (!IDENTIFIER.test(name)) return err(`'${name}' is not an enum identifier (letters, digits and '_')`);
    if (BOOLEAN_WORDS.has(name) || NUMBER_WORDS.has(name.toLowerCase())) {
      return err(`'${name}' would read back as a boolean or number, not an enum; pass it as such`);
    }
    return ok({ enum: name });
  }
  return err('expected a string, a number, a boolean or { enum: IDENTIFIER }');
}

/** Spec text for a value; strings use the given quote style. */
export function formatValue(value: SpecValue, quote: '"' | "'" = '"'): string {
  if (typeof value === 'string') return quoteString(value, quote);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  return value.enum;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

/** True when writing `value` over `node` would not change what the spec means. */
export function holdsValue(node: ScalarNode, value: SpecValue): boolean {
  return node.valueKind === kindOfValue(value) && Object.is(node.value, scalarOf(value));
}

const KIND_NAMES: Readonly<Record<ScalarKind, string>> = {
  string: 'a string',
  number: 'a number',
  bool: 'a boolean',
  enum: 'an enum identifier',
};

export function describeKind(kind: ScalarKind): string {
  return KIND_NAMES[kind];
}
