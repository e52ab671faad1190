import type { Container } from './path.js';
import type { FieldNode, SpecDocument } from './types.js';

/** Reading the layout of the source text: lines, indentation and newline style, so insertions blend in. */

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the `\n` that ends the line holding `offset` (or the end of the text); a `\r` before it is kept. */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}

/** The whitespace before the first token of the line that holds `offset`. */
export function lineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))?.[0] ?? '';
}

/** True when only spaces or tabs precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Indentation of the last field in the container that begins its own line, if any does. */
export function siblingIndent(text: string, container: Container): string | undefined {
  const onOwnLine = container.fields.filter((f) => startsLine(text, f.nameStart));
  const last = onOwnLine.at(-1);
  return last ? lineIndent(text, last.nameStart) : undefined;
}

/** One level of indentation as the document uses it (from the first nested field on its own line); else 2 spaces. */
export function indentUnit(doc: SpecDocument): string {
  const search = (fields: readonly FieldNode[]): string | undefined => {
    for (const field of fields) {
      if (field.kind !== 'message') continue;
      const child = field.fields.find((f) => startsLine(doc.text, f.nameStart));
      if (child && startsLine(doc.text, field.nameStart)) {
        const outer = lineIndent(doc.text, field.nameStart);
        const inner = lineIndent(doc.text, child.nameStart);
        if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
      }
      const found = search(field.fields);
      if (found) return found;
    }
    return undefined;
  };
  return search(doc.fields) ?? '  ';
}
