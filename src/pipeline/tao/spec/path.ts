import { err, ok, type Result } from '../../../shared/result.js';
import type { FieldNode, MessageNode, SpecDocument, SpecEditError } from './types.js';

/** Dotted field paths: `training_config.num_epochs`. Each segment is a protobuf field name. */

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Splits and checks a path; the error says which segment is wrong. */
export function splitPath(path: string): Result<string[], string> {
  if (path === '') return err('the path is empty');
  const segments = path.split('.');
  for (const [index, segment] of segments.entries()) {
    if (segment === '') return err(`segment ${index + 1} of '${path}' is empty`);
    if (!SEGMENT.test(segment)) {
      return err(
        `'${segment}' in '${path}' is not a field name (letters, digits and '_', not starting with a digit)`,
      );
    }
  }
  return ok(segments);
}

/** The field lists of every message at `segments`, following all entries of repeated messages. */
export function containersAt(doc: SpecDocument, segments: readonly string[]): Array<readonly FieldNode[]> {
  let containers: Array<readonly FieldNode[]> = [doc.fields];
  for (const segment of segments) {
    containers = containers.flatMap((fields) =>
      fields.filter((f): f is MessageNode => f.kind === 'message' && f.name === segment).map((m) => m.fields),
    );
  }
  return containers;
}

/** The root or one message: where a field is looked up or inserted. */
export interface Container {
  readonly fields: readonly FieldNode[];
  /** Undefined for the root of the document. */
  readonly message?: MessageNode;
}

/**
 * Follows the message segments of a path (all but the last) as far as they exist. `depth` is how many were
 * found; a path crossing a scalar or a repeated message is refused, because an edit there would be ambiguous.
 */
export function resolveParent(
  doc: SpecDocument,
  segments: readonly string[],
  path: string,
): Result<{ container: Container; depth: number }, SpecEditError> {
  let container: Container = { fields: doc.fields };
  for (let i = 0; i < segments.length - 1; i++) {
    const prefix = segments.slice(0, i + 1).join('.');
    const matches = container.fields.filter((f) => f.name === segments[i]);
    const first = matches[0];
    if (!first) return ok({ container, depth: i });
    if (matches.some((f) => f.kind === 'scalar')) {
      return err({
        path,
        message: `'${prefix}' is a scalar field, not a message, so '${path}' cannot be under it`,
      });
    }
    if (matches.length > 1 || first.listed || first.kind !== 'message') {
      return err({
        path,
        message: `'${prefix}' is a repeated message (${matches.length} entries); a dotted path cannot choose one of them`,
      });
    }
    container = { fields: first.fields, message: first };
  }
  return ok({ container, depth: segments.length - 1 });
}
