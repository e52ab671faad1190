import { err, ok, type Result } from '../../../shared/result.js';
import { insertField } from './insert.js';
import { lineEnd, lineStart, startsLine } from './layout.js';
import { parseSpec } from './parser.js';
import { type Container, resolveParent, splitPath } from './path.js';
import type { FieldNode, ScalarNode, SpecDocument, SpecEditError, SpecValue } from './types.js';
import { checkValue, describeKind, formatValue, holdsValue, kindOfValue } from './value-format.js';

/** Edits splice the source text and re-parse it, so every returned document is valid and fully indexed. */

/**
 * Sets a scalar. An existing field keeps its position, indentation and quoting style and only its value bytes
 * change; an absent field (and absent parent messages) is inserted at the end of its parent message with the
 * indentation of its siblings. Strings are written quoted and escaped, numbers and booleans bare, and
 * `{ enum: 'L1' }` as a bare identifier. Refuses a path that crosses a repeated message or a scalar, an invalid
 * path, a repeated or message target, and a value of another kind than the field holds.
 * @example setField(doc, 'training_config.num_epochs', 120)
 */
export function setField(
  doc: SpecDocument,
  path: string,
  value: SpecValue,
): Result<SpecDocument, SpecEditError> {
  const segments = splitPath(path);
  if (!segments.ok) return err({ path, message: `invalid path: ${segments.error}` });
  const checked = checkValue(value);
  if (!checked.ok) return err({ path, message: `cannot write this value to '${path}': ${checked.error}` });
  const parent = resolveParent(doc, segments.value, path);
  if (!parent.ok) return parent;
  const { container, depth } = parent.value;
  const missing = segments.value.slice(depth);
  // Only a path whose parents all exist can point at an existing field.
  const target = missing.length === 1 ? singleScalar(container, missing[0] ?? '', path) : ok(undefined);
  if (!target.ok) return target;
  const node = target.value;
  if (!node) return reparse(insertField(doc, container, missing, formatValue(checked.value)), path);
  if (node.valueKind !== kindOfValue(checked.value)) {
    const found = doc.text.slice(node.valueStart, node.valueEnd);
    return err({
      path,
      message: `'${path}' holds ${describeKind(node.valueKind)} (${found}), not ${describeKind(kindOfValue(checked.value))}`,
    });
  }
  // Writing the value a field already holds keeps its bytes (5e-5 stays 5e-5 rather than becoming 0.00005).
  if (holdsValue(node, checked.value)) return ok(doc);
  const text = doc.text;
  return reparse(
    text.slice(0, node.valueStart) + formatValue(checked.value, node.quote) + text.slice(node.valueEnd),
    path,
  );
}

/** Several edits in order; stops at the first error, which names the path that failed. */
export function setFields(
  doc: SpecDocument,
  edits: ReadonlyArray<readonly [string, SpecValue]>,
): Result<SpecDocument, SpecEditError> {
  let current = doc;
  for (const [path, value] of edits) {
    const next = setField(current, path, value);
    if (!next.ok) return next;
    current = next.value;
  }
  return ok(current);
}

/**
 * Removes a scalar field, with its whole line (and a comment on it) when it is alone on its line; a no-op when
 * the field or its parent is absent. Refuses messages, repeated fields and paths through repeated messages.
 */
export function removeField(doc: SpecDocument, path: string): Result<SpecDocument, SpecEditError> {
  const segments = splitPath(path);
  if (!segments.ok) return err({ path, message: `invalid path: ${segments.error}` });
  const parent = resolveParent(doc, segments.value, path);
  if (!parent.ok) return parent;
  if (parent.value.depth < segments.value.length - 1) return ok(doc);
  const target = singleScalar(parent.value.container, segments.value.at(-1) ?? '', path);
  if (!target.ok) return target;
  if (!target.value) return ok(doc);
  const { start, end } = removalSpan(doc.text, target.value);
  return reparse(doc.text.slice(0, start) + doc.text.slice(end), path);
}

/** The single scalar named `name` in the container, undefined when absent, an error when it cannot be one. */
function singleScalar(
  container: Container,
  name: string,
  path: string,
): Result<ScalarNode | undefined, SpecEditError> {
  const matches = container.fields.filter((f) => f.name === name);
  const first: FieldNode | undefined = matches[0];
  if (!first) return ok(undefined);
  if (matches.some((f) => f.kind === 'message')) {
    return err({ path, message: `'${path}' is a message, not a scalar field` });
  }
  if (matches.length > 1 || first.listed || first.kind !== 'scalar') {
    return err({
      path,
      message: `'${path}' is a repeated field with ${matches.length} values; edit it by hand`,
    });
  }
  return ok(first);
}

function removalSpan(text: string, node: ScalarNode): { start: number; end: number } {
  const rest = text.slice(node.end, lineEnd(text, node.end));
  const restIsEmpty = /^[ \t\r]*(?:#[^\n]*)?$/.test(rest);
  if (startsLine(text, node.nameStart) && restIsEmpty) {
    const end = lineEnd(text, node.end);
    return { start: lineStart(text, node.nameStart), end: end < text.length ? end + 1 : end };
  }
  if (restIsEmpty) {
    // Last field on a shared line: drop the spaces before it rather than leaving them trailing.
    const before = /[ \t]*$/.exec(text.slice(lineStart(text, node.nameStart), node.nameStart))?.[0] ?? '';
    return { start: node.nameStart - before.length, end: node.end };
  }
  const after = /^[ \t]*/.exec(rest)?.[0] ?? '';
  return { start: node.nameStart, end: node.end + after.length };
}

function reparse(text: string, path: string): Result<SpecDocument, SpecEditError> {
  const parsed = parseSpec(text);
  if (parsed.ok) return parsed;
  // Unreachable unless an edit is spliced wrongly; reported rather than returning a broken spec.
  return err({
    path,
    message: `editing '${path}' produced text that does not parse: ${parsed.error.message}`,
  });
}
