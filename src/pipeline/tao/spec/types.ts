/**
 * Types of the protobuf text-format spec editor. The tree keeps, for every field, the offsets of its name and
 * value in the source text so that an edit can splice new bytes in and leave everything else untouched.
 * Offsets are JavaScript string indices (UTF-16 code units), the unit in which the text is sliced.
 */

/** A scalar as callers see it: enums come back as their identifier, quoted strings unescaped. */
export type SpecScalar = string | number | boolean;

/** A value to write: `{ enum: 'L1' }` writes a bare identifier rather than a quoted string. */
export type SpecValue = SpecScalar | { enum: string };

/** How a scalar is written in the text. `bool` is `true`/`false`; `inf` and `nan` are numbers. */
export type ScalarKind = 'string' | 'number' | 'bool' | 'enum';

export interface SpecSyntaxError {
  /** Starts with `line L, column C:` so that it reads well on its own. */
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface SpecEditError {
  message: string;
  path: string;
}

interface FieldNodeBase {
  readonly name: string;
  /** Offset of the field name; the elements of a `name: [a, b]` list share it. */
  readonly nameStart: number;
  /** Offset just past the field, including a `,` or `;` separator that follows it. */
  readonly end: number;
  /** 1-based line of the field name. */
  readonly line: number;
  /** True for the elements of a list (`name: [a, b]`), which are repeated by definition. */
  readonly listed: boolean;
}

export interface ScalarNode extends FieldNodeBase {
  readonly kind: 'scalar';
  readonly valueKind: ScalarKind;
  readonly value: SpecScalar;
  readonly valueStart: number;
  readonly valueEnd: number;
  /** The quote character a string was written with; undefined for other kinds. */
  readonly quote: '"' | "'" | undefined;
}

export interface MessageNode extends FieldNodeBase {
  readonly kind: 'message';
  /** Offset of the opening `{` or `<`. */
  readonly open: number;
  /** Offset of the closing `}` or `>`. */
  readonly close: number;
  readonly fields: readonly FieldNode[];
}

export type FieldNode = ScalarNode | MessageNode;

/** A parsed spec: the exact text it came from and its field tree (callers treat `fields` as opaque). */
export interface SpecDocument {
  readonly text: string;
  readonly fields: readonly FieldNode[];
}
