import { err, ok, type Result } from '../../../shared/result.js';

/**
 * Quoted strings of protobuf text format. Escapes follow protobuf's tokenizer: `\n \r \t \a \b \f \v \\ \' \" \?`,
 * octal `\ooo`, hex `\xhh`, and `\uXXXX` / `\UXXXXXXXX`. Octal and hex escapes are bytes, so the decoded text is
 * assembled as UTF-8 bytes and decoded once at the end.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  '?': 0x3f,
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Where in the string body a bad escape sits (0-based index into the body) and what is wrong with it. */
export interface EscapeError {
  index: number;
  message: string;
}

/** Decodes the text between the quotes of a string literal. */
export function decodeStringBody(body: string): Result<string, EscapeError> {
  if (!body.includes('\\')) return ok(body);
  const bytes: number[] = [];
  let literalStart = 0;
  let i = 0;
  const flushLiteral = (upTo: number): void => {
    if (upTo > literalStart) bytes.push(...encoder.encode(body.slice(literalStart, upTo)));
  };
  while (i < body.length) {
    if (body[i] !== '\\') {
      i++;
      continue;
    }
    flushLiteral(i);
    const escaped = readEscape(body, i);
    if (!escaped.ok) return escaped;
    bytes.push(...escaped.value.bytes);
    i = escaped.value.next;
    literalStart = i;
  }
  flushLiteral(body.length);
  return ok(decoder.decode(new Uint8Array(bytes)));
}

function readEscape(
  body: string,
  at: number,
): Result<{ bytes: readonly number[]; next: number }, EscapeError> {
  const c = body[at + 1] ?? '';
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return ok({ bytes: [simple], next: at + 2 });
  const octal = /^[0-7]{1,3}/.exec(body.slice(at + 1, at + 4));
  if (octal) {
    const value = Number.parseInt(octal[0], 8);
    if (value > 0xff) return err({ index: at, message: `octal escape '\\${octal[0]}' is above \\377` });
    return ok({ bytes: [value], next: at + 1 + octal[0].length });
  }
  if (c === 'x' || c === 'X') {
    const hex = /^[0-9A-Fa-f]{1,2}/.exec(body.slice(at + 2, at + 4));
    if (!hex) return err({ index: at, message: "escape '\\x' needs one or two hex digits" });
    return ok({ bytes: [Number.parseInt(hex[0], 16)], next: at + 2 + hex[0].length });
  }
  if (c === 'u' || c === 'U') return readUnicodeEscape(body, at);
  return err({ index: at, message: `invalid escape '\\${c}' in string; write '\\\\' for a backslash` });
}

function readUnicodeEscape(
  body: string,
  at: number,
): Result<{ bytes: readonly number[]; next: number }, EscapeError> {
  const width = body[at + 1] === 'u' ? 4 : 8;
  const digits = body.slice(at + 2, at + 2 + width);
  if (!new RegExp(`^[0-9A-Fa-f]{${width}}$`).test(digits)) {
    return err({ index: at, message: `escape '\\${body[at + 1]}' needs ${width} hex digits` });
  }
  let codePoint = Number.parseInt(digits, 16);
  let next = at + 2 + width;
  // A UTF-16 pair written as two \u escapes stands for one character, as in protobuf's own tokenizer.
  if (codePoint >= 0xd800 && codePoint <= 0xdbff) {
    const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(body.slice(next, next + 6));
    if (!low?.[1]) return err({ index: at, message: 'unpaired surrogate in \\u escape' });
    codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (Number.parseInt(low[1], 16) - 0xdc00);
    next += 6;
  } else if (codePoint >= 0xdc00 && codePoint <= 0xdfff) {
    return err({ index: at, message: 'unpaired surrogate in \\u escape' });
  }
  if (codePoint > 0x10ffff) return err({ index: at, message: 'unicode escape above U+10FFFF' });
  return ok({ bytes: [...encoder.encode(String.fromCodePoint(codePoint))], next });
}

/** Writes `value` as a string literal in the given quote style; only what must be escaped is. */
export function quoteString(value: string, quote: '"' | "'"): string {
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return out + quote;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string can be written as UTF-8 (no unpaired UTF-16 surrogates). */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
