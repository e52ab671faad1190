import { describe, expect, it } from 'vitest';
import {
  diffSpecs,
  getField,
  parseSpec,
  removeField,
  type SpecDocument,
  type SpecValue,
  setField,
} from '../../../../src/pipeline/tao/spec/index.js';
import type { ScalarKind } from '../../../../src/pipeline/tao/spec/types.js';
import { edited, readSpec, SPEC_FIXTURES, singularMessages, singularScalars } from './spec-fixtures.js';

/** Property test: many random edit sequences, each checked by re-parsing the edited text. Seeded, so repeatable. */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const CHARS = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  "'",
  '\\',
  '#',
  '\n',
  '\t',
  '\r',
  '{',
  '}',
  ':',
  'é',
  '中',
  '😀',
  '\u0000',
  '\u007f',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  42,
  5e-5,
  2e-2,
  1e21,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  Infinity,
  -Infinity,
  Number.NaN,
];

function randomValue(random: Random, kind: ScalarKind): SpecValue {
  switch (kind) {
    case 'string':
      return Array.from({ length: Math.floor(random() * 12) }, () => pick(random, CHARS)).join('');
    case 'number':
      return random() < 0.4
        ? pick(random, NUMBERS)
        : Math.round((random() - 0.5) * 1e6) / 10 ** Math.floor(random() * 12);
    case 'bool':
      return random() < 0.5;
    case 'enum':
      return { enum: `${pick(random, ['L', 'NO_', 'SAMPLE', 'X'])}${Math.floor(random() * 100)}` };
  }
}

const KINDS: readonly ScalarKind[] = ['string', 'number', 'bool', 'enum'];
const readBack = (value: SpecValue) => (typeof value === 'object' ? value.enum : value);
const kindOfValue = (value: SpecValue): ScalarKind =>
  typeof value === 'object'
    ? 'enum'
    : typeof value === 'boolean'
      ? 'bool'
      : typeof value === 'number'
        ? 'number'
        : 'string';

/** A spec in every syntax variant the parser accepts, to run the same property over. */
const VARIANTS = `# variants
random_seed: 7;
model_config: < arch: 'resnet', nlayers: 18 >
training_config { num_epochs: 10 batch_size_per_gpu: 4 }
eval_config {
\tvalidation_period_during_training: 2  # tab indented
\tnested: { deep { value: "x" } }
}
empty {}
lists: [1, 2]
`;

const SOURCES: ReadonlyArray<readonly [string, string]> = [
  ...SPEC_FIXTURES.map((name) => [name, readSpec(name)] as const),
  ['variants', VARIANTS],
  ['train with CRLF', readSpec('ssd_train_resnet18_kitti.txt').replace(/\n/g, '\r\n')],
];

describe('setField and removeField (property)', () => {
  it.each(SOURCES)('reads back every value set when %s gets random edits', (_name, text) => {
    const random = mulberry32(text.length * 7919);
    const parsedOriginal = parseSpec(text);
    if (!parsedOriginal.ok) throw new Error(parsedOriginal.error.message);
    const original = parsedOriginal.value;
    const scalars = singularScalars(original);
    const originalKinds = new Map(scalars.map(({ path, node }) => [path, node.valueKind]));
    const messages = singularMessages(original);
    let fresh = 0;
    for (let round = 0; round < 60; round++) {
      let doc: SpecDocument = original;
      const expected = new Map<string, SpecValue | undefined>();
      const kindNow = (path: string): ScalarKind | undefined => {
        if (!expected.has(path)) return originalKinds.get(path);
        const value = expected.get(path);
        return value === undefined ? undefined : kindOfValue(value);
      };
      for (let step = 0; step < 1 + Math.floor(random() * 6); step++) {
        const roll = random();
        if (roll < 0.5 && scalars.length > 0) {
          const { path } = pick(random, scalars);
          // A removed field may come back with any kind; a present one keeps its kind.
          const value = randomValue(random, kindNow(path) ?? pick(random, KINDS));
          doc = edited(setField(doc, path, value));
          expected.set(path, value);
        } else if (roll < 0.65 && scalars.length > 0) {
          const { path } = pick(random, scalars);
          doc = edited(removeField(doc, path));
          expected.set(path, undefined);
        } else {
          const parent = pick(random, messages);
          const chain = random() < 0.5 ? [`added_${fresh}`] : [`new_${fresh}`, `leaf_${fresh}`];
          fresh++;
          const path = [parent, ...chain].filter(Boolean).join('.');
          const value = randomValue(random, pick(random, KINDS));
          doc = edited(setField(doc, path, value));
          expected.set(path, value);
        }
      }
      const reparsed = parseSpec(doc.text);
      if (!reparsed.ok) throw new Error(`round ${round}: ${reparsed.error.message}\n${doc.text}`);
      for (const [path, value] of expected) {
        const got = getField(reparsed.value, path);
        expect(
          Object.is(got, value === undefined ? undefined : readBack(value)),
          `${path}: ${String(got)}`,
        ).toBe(true);
      }
      // The diff names exactly the touched fields whose kind or value ends up different: nothing else moved.
      const wanted = [...expected]
        .filter(([path, value]) => {
          if (value === undefined) return originalKinds.has(path);
          return (
            originalKinds.get(path) !== kindOfValue(value) ||
            !Object.is(getField(original, path), readBack(value))
          );
        })
        .map(([path]) => path)
        .sort();
      expect(
        diffSpecs(original, reparsed.value)
          .map((c) => c.path)
          .sort(),
      ).toEqual(wanted);
      expect(doc.text.split(/\r?\n/)[0]).toBe(text.split(/\r?\n/)[0]);
      if (text.includes('\r\n')) expect(/(?<!\r)\n/.test(doc.text)).toBe(false);
    }
  });
});
