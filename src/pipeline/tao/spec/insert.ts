import { indentUnit, lineIndent, lineStart, newlineOf, siblingIndent } from './layout.js';
import type { Container } from './path.js';
import type { SpecDocument } from './types.js';

/**
 * Text that adds a field (and the messages on its path that do not exist yet) at the end of a container.
 * When the container's closing brace sits on its own line, the field goes on new lines just above it, with the
 * indentation of its siblings; when the message is written on one line (`a { b: 1 }`), the field is added inline.
 */
export function insertField(
  doc: SpecDocument,
  container: Container,
  chain: readonly string[],
  value: string,
): string {
  const text = doc.text;
  const unit = indentUnit(doc);
  const message = container.message;
  const indent =
    siblingIndent(text, container) ?? (message ? lineIndent(text, message.nameStart) + unit : '');
  const leaf = chain.at(-1) ?? '';
  const parents = chain.slice(0, -1);

  if (message && !/^[ \t]*$/.test(text.slice(lineStart(text, message.close), message.close))) {
    const inline = `${parents.map((p) => `${p} { `).join('')}${leaf}: ${value}${' }'.repeat(parents.length)}`;
    const before = /\s/.test(text[message.close - 1] ?? '') ? '' : ' ';
    return `${text.slice(0, message.close)}${before}${inline} ${text.slice(message.close)}`;
  }

  const nl = newlineOf(text);
  const lines = [
    ...parents.map((p, depth) => `${indent}${unit.repeat(depth)}${p} {`),
    `${indent}${unit.repeat(parents.length)}${leaf}: ${value}`,
    ...parents.map((_, depth) => `${indent}${unit.repeat(parents.length - 1 - depth)}}`),
  ];
  const block = lines.join(nl) + nl;
  if (message) {
    const at = lineStart(text, message.close);
    return text.slice(0, at) + block + text.slice(at);
  }
  const separator = text.length > 0 && !text.endsWith('\n') ? nl : '';
  return text + separator + block;
}
