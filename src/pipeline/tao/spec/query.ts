import { containersAt, splitPath } from './path.js';
import type { MessageNode, ScalarNode, SpecDocument, SpecScalar } from './types.js';

/** Read access to a parsed spec. A path that is not a valid field path is never present. */

/** The scalar nodes at a path (internal: they carry the value's kind, which SpecScalar does not). */
export function scalarsAt(doc: SpecDocument, path: string): ScalarNode[] {
  const segments = splitPath(path);
  if (!segments.ok) return [];
  const name = segments.value.at(-1);
  return containersAt(doc, segments.value.slice(0, -1)).flatMap((fields) =>
    fields.filter((f): f is ScalarNode => f.kind === 'scalar' && f.name === name),
  );
}

/**
 * The scalar at a dotted path, e.g. 'training_config.num_epochs'; the first occurrence of repeated fields; enums
 * come back as their identifier string; quoted strings unescaped. undefined when absent.
 * @example getField(doc, 'training_config.regularizer.type') // 'L1'
 */
export function getField(doc: SpecDocument, path: string): SpecScalar | undefined {
  return scalarsAt(doc, path)[0]?.value;
}

/**
 * Every value of a repeated scalar at a path, across all entries of repeated messages on the way, in order.
 * @example getAll(doc, 'dataset_config.target_class_mapping.value') // ['car', 'pedestrian', 'cyclist', 'car', …]
 */
export function getAll(doc: SpecDocument, path: string): SpecScalar[] {
  return scalarsAt(doc, path).map((f) => f.value);
}

/** True when at least one message exists at the path (e.g. 'training_config'). */
export function hasMessage(doc: SpecDocument, path: string): boolean {
  const segments = splitPath(path);
  return segments.ok && containersAt(doc, segments.value).length > 0;
}

/**
 * Output classes: the sorted unique values of dataset_config.target_class_mapping, as TAO computes them
 * (`sorted({str(x) for x in target_class_mapping.values()})`). The field is a protobuf map, so a key given twice
 * keeps its last value, and a missing key or value is the empty string (proto3 default).
 */
export function listClasses(doc: SpecDocument): string[] {
  const mapping = new Map<string, string>();
  for (const fields of containersAt(doc, ['dataset_config'])) {
    for (const entry of fields) {
      if (entry.kind !== 'message' || entry.name !== 'target_class_mapping') continue;
      mapping.set(entryString(entry, 'key'), entryString(entry, 'value'));
    }
  }
  return [...new Set(mapping.values())].sort();
}

function entryString(entry: MessageNode, name: string): string {
  const field = entry.fields.findLast((f) => f.kind === 'scalar' && f.name === name);
  return field?.kind === 'scalar' ? String(field.value) : '';
}
