/**
 * Parser for protobuf text format, the format of TAO experiment specs. We keep our own small parser because no
 * npm library edits protobuf text while preserving the original bytes and comments: the protobuf runtimes
 * parse into messages (losing comments, order and formatting) and need the .proto schema. This parser needs no
 * schema; it records where every field and value sits so that edits splice text instead of re-printing it.
 *
 * Grammar covered: `# comments`; `name: value`; `name { … }`, `name: { … }` and `<`/`>` delimiters; list
 * syntax `name: [a, b]` and `name [{…}, {…}]`; optional `,` or `;` after a field; strings in double or single
 * quotes with escapes, adjacent strings concatenated; numbers (decimal, octal, hex, floats, `f` suffix,
 * `-`, `inf`, `nan`); `true`/`false`; enum identifiers.
 */
import { err, ok, type Result } from '../../../shared/result.js';
import { type Cursor, describe, fail, isSymbol, next, peek, SyntaxFailure } from './cursor.js';
import { parseScalar } from './parse-scalar.js';
import { type Token, tokenize } from './tokenizer.js';
import type { FieldNode, MessageNode, SpecDocument, SpecSyntaxError } from './types.js';

interface OpenMessage {
  readonly name: string;
  readonly line: number;
  readonly closer: '}' | '>';
}

/** Parses a spec. Malformed text gives an error with a 1-based line and column and what was expected. */
export function parseSpec(text: string): Result<SpecDocument, SpecSyntaxError> {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  try {
    const fields = parseFields({ tokens: tokens.value, pos: 0, depth: 0 }, undefined);
    return ok({ text, fields });
  } catch (error) {
    if (error instanceof SyntaxFailure) return err(error.detail);
    throw error;
  }
}

function parseFields(c: Cursor, owner: OpenMessage | undefined): FieldNode[] {
  const fields: FieldNode[] = [];
  for (;;) {
    const t = peek(c);
    if (t.kind === 'end') {
      if (!owner) return fields;
      fail(
        t,
        `expected '${owner.closer}' to close '${owner.name}' opened at line ${owner.line}, found end of input`,
      );
    }
    if (isSymbol(t, '}', '>')) {
      if (owner?.closer === t.text) return fields;
      if (owner) {
        fail(
          t,
          `expected '${owner.closer}' to close '${owner.name}' opened at line ${owner.line}, found '${t.text}'`,
        );
      }
      fail(t, `unexpected '${t.text}' with no open message; remove it or add the message it closes`);
    }
    fields.push(...parseField(c));
  }
}

function parseField(c: Cursor): FieldNode[] {
  const name = next(c);
  if (name.kind !== 'identifier') fail(name, `expected a field name, found ${describe(name)}`);
  const colon = isSymbol(peek(c), ':');
  if (colon) next(c);
  const t = peek(c);
  let nodes: FieldNode[];
  if (isSymbol(t, '{', '<')) nodes = [parseMessage(c, name, false)];
  else if (isSymbol(t, '[')) nodes = parseList(c, name, colon);
  else if (!colon)
    return fail(t, `expected ':' or '{' after the field name '${name.text}', found ${describe(t)}`);
  else nodes = [parseScalar(c, name, false)];
  const separator = peek(c);
  if (isSymbol(separator, ',', ';')) {
    next(c);
    const last = nodes.at(-1);
    if (last && !last.listed) nodes[nodes.length - 1] = { ...last, end: separator.end };
  }
  return nodes;
}

/** Real specs nest four levels; the limit keeps a corrupt or hostile file from overflowing the stack. */
const MAX_DEPTH = 100;

function parseMessage(c: Cursor, name: Token, listed: boolean): MessageNode {
  const open = next(c);
  if (++c.depth > MAX_DEPTH) fail(open, `messages are nested more than ${MAX_DEPTH} levels deep`);
  const closer = open.text === '<' ? '>' : '}';
  const fields = parseFields(c, { name: name.text, line: open.line, closer });
  const close = next(c);
  c.depth--;
  return {
    kind: 'message',
    name: name.text,
    nameStart: name.start,
    line: name.line,
    listed,
    open: open.start,
    close: close.start,
    end: close.end,
    fields,
  };
}

function parseList(c: Cursor, name: Token, colon: boolean): FieldNode[] {
  const open = next(c);
  const nodes: FieldNode[] = [];
  if (isSymbol(peek(c), ']')) {
    next(c);
    return nodes;
  }
  for (;;) {
    const t = peek(c);
    if (isSymbol(t, '{', '<')) nodes.push(parseMessage(c, name, true));
    else if (!colon) fail(t, `expected ':' between '${name.text}' and its list of values`);
    else nodes.push(parseScalar(c, name, true));
    const after = next(c);
    if (isSymbol(after, ']')) return nodes;
    if (!isSymbol(after, ',')) {
      fail(
        after,
        `expected ',' or ']' in the list '${name.text}' opened at line ${open.line}, found ${describe(after)}`,
      );
    }
  }
}
