import type { FieldNode, ScalarKind, SpecDocument, SpecScalar } from './types.js';

/** One changed scalar: `from` is absent for an added field, `to` for a removed one. */
export interface SpecChange {
  path: string;
  from?: SpecScalar;
  to?: SpecScalar;
}

interface Leaf {
  path: string;
  kind: ScalarKind;
  value: SpecScalar;
}

/**
 * What changed between two versions of a spec, field by field (for dry-run previews). A name that occurs more than
 * once in a message is indexed (`dataset_config.target_class_mapping[3].value`). Changes and removals come in the
 * order of `before`, additions after them in the order of `after`.
 * @example diffSpecs(doc, edited) // [{ path: 'training_config.num_epochs', from: 80, to: 120 }]
 */
export function diffSpecs(before: SpecDocument, after: SpecDocument): SpecChange[] {
  const old = leaves(before.fields);
  const now = leaves(after.fields);
  const nowByPath = new Map(now.map((leaf) => [leaf.path, leaf]));
  const oldPaths = new Set(old.map((leaf) => leaf.path));
  const changes: SpecChange[] = [];
  for (const leaf of old) {
    const other = nowByPath.get(leaf.path);
    if (!other) changes.push({ path: leaf.path, from: leaf.value });
    else if (other.kind !== leaf.kind || !Object.is(other.value, leaf.value)) {
      changes.push({ path: leaf.path, from: leaf.value, to: other.value });
    }
  }
  for (const leaf of now) {
    if (!oldPaths.has(leaf.path)) changes.push({ path: leaf.path, to: leaf.value });
  }
  return changes;
}

function leaves(fields: readonly FieldNode[], prefix = '', out: Leaf[] = []): Leaf[] {
  const counts = new Map<string, number>();
  for (const field of fields) counts.set(field.name, (counts.get(field.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const field of fields) {
    const index = seen.get(field.name) ?? 0;
    seen.set(field.name, index + 1);
    const key = (counts.get(field.name) ?? 0) > 1 || field.listed ? `${field.name}[${index}]` : field.name;
    const path = prefix ? `${prefix}.${key}` : key;
    if (field.kind === 'scalar') out.push({ path, kind: field.valueKind, value: field.value });
    else leaves(field.fields, path, out);
  }
  return out;
}
