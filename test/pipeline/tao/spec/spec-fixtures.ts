import { readdirSync } from 'node:fs';
import {
  parseSpec,
  type SpecDocument,
  type SpecEditError,
  type SpecValue,
} from '../../../../src/pipeline/tao/spec/index.js';
import type { FieldNode, ScalarNode } from '../../../../src/pipeline/tao/spec/types.js';
import type { Result } from '../../../../src/shared/result.js';
import { fixturePath, readFixture } from '../../../helpers/fixtures.js';

/** Every protobuf spec among the TAO fixtures (the console log beside them is not a spec). */
export const SPEC_FIXTURES: readonly string[] = readdirSync(fixturePath('tao'))
  .filter((name) => name.endsWith('.txt') && !name.includes('console'))
  .sort();

export const readSpec = (name: string): string => readFixture('tao', name);

export function parsed(text: string): SpecDocument {
  const result = parseSpec(text);
  if (!result.ok) throw new Error(`fixture does not parse: ${result.error.message}`);
  return result.value;
}

export function edited(result: Result<SpecDocument, SpecEditError>): SpecDocument {
  if (!result.ok) throw new Error(`edit failed: ${result.error.path}: ${result.error.message}`);
  return result.value;
}

export const loadSpec = (name: string): SpecDocument => parsed(readSpec(name));

/** The lines that differ between two texts of the same line count, with their 1-based numbers. */
export function changedLines(
  before: string,
  after: string,
): Array<{ line: number; from: string; to: string }> {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) throw new Error(`line counts differ: ${a.length} vs ${b.length}`);
  return a.flatMap((from, i) => (from === b[i] ? [] : [{ line: i + 1, from, to: b[i] ?? '' }]));
}

/** Dotted paths of every scalar that is not repeated and not under a repeated message, with its node. */
export function singularScalars(doc: SpecDocument): Array<{ path: string; node: ScalarNode }> {
  const out: Array<{ path: string; node: ScalarNode }> = [];
  const walk = (fields: readonly FieldNode[], prefix: string): void => {
    for (const field of fields) {
      if (fields.filter((f) => f.name === field.name).length > 1 || field.listed) continue;
      const path = prefix ? `${prefix}.${field.name}` : field.name;
      if (field.kind === 'scalar') out.push({ path, node: field });
      else walk(field.fields, path);
    }
  };
  walk(doc.fields, '');
  return out;
}

/** Dotted paths of every message that is not repeated and not under a repeated message ('' is the root). */
export function singularMessages(doc: SpecDocument): string[] {
  const out = [''];
  const walk = (fields: readonly FieldNode[], prefix: string): void => {
    for (const field of fields) {
      if (field.kind !== 'message' || field.listed) continue;
      if (fields.filter((f) => f.name === field.name).length > 1) continue;
      const path = prefix ? `${prefix}.${field.name}` : field.name;
      out.push(path);
      walk(field.fields, path);
    }
  };
  walk(doc.fields, '');
  return out;
}

/** The value to pass to setField to write back what a node holds (enums need the `{ enum }` form). */
export const currentValue = (node: ScalarNode): SpecValue =>
  node.valueKind === 'enum' ? { enum: String(node.value) } : node.value;
