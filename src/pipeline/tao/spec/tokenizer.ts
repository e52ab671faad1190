import { err, ok, type Result } from '../../../shared/result.js';
import { decodeStringBody } from './string-literal.js';
import type { SpecSyntaxError } from './types.js';

/** Tokens of protobuf text format; whitespace and `#` comments are skipped between them. */
export type TokenKind = 'identifier' | 'number' | 'string' | 'symbol' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The raw text of the token (a string token includes its quotes). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  /** Decoded content of a string token. */
  readonly decoded?: string;
}

const SYMBOLS = '{}<>[]:,;-';
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /0[xX][0-9A-Fa-f]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[fF]?/y;
const WORD_CHAR = /[A-Za-z0-9_.]/;

export function syntaxError(line: number, column: number, what: string): SpecSyntaxError {
  return { message: `line ${line}, column ${column}: ${what}`, line, column };
}

/** Splits spec text into tokens; fails on an unterminated string, a bad escape or a stray character. */
export function tokenize(text: string): Result<Token[], SpecSyntaxError> {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const failAt = (offset: number, what: string) => err(syntaxError(line, offset - lineStart + 1, what));
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '#') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
      continue;
    }
    const at = { start: i, line, column: i - lineStart + 1 };
    if (/[A-Za-z_]/.test(c)) {
      IDENTIFIER.lastIndex = i;
      const word = IDENTIFIER.exec(text)?.[0] ?? c;
      tokens.push({ kind: 'identifier', text: word, end: i + word.length, ...at });
      i += word.length;
      continue;
    }
    if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const num = NUMBER.exec(text)?.[0] ?? c;
      if (WORD_CHAR.test(text[i + num.length] ?? '')) {
        const bad = /^[A-Za-z0-9_.+-]*/.exec(text.slice(i))?.[0] ?? num;
        return failAt(i, `invalid number '${bad}'`);
      }
      tokens.push({ kind: 'number', text: num, end: i + num.length, ...at });
      i += num.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = findClosingQuote(text, i);
      if (close === -1) {
        return failAt(i, `unterminated string: add the closing ${c} before the end of the line`);
      }
      const decoded = decodeStringBody(text.slice(i + 1, close));
      if (!decoded.ok) return failAt(i + 1 + decoded.error.index, decoded.error.message);
      tokens.push({
        kind: 'string',
        text: text.slice(i, close + 1),
        end: close + 1,
        decoded: decoded.value,
        ...at,
      });
      i = close + 1;
      continue;
    }
    if (SYMBOLS.includes(c)) {
      tokens.push({ kind: 'symbol', text: c, end: i + 1, ...at });
      i++;
      continue;
    }
    return failAt(i, `unexpected character '${c}'`);
  }
  tokens.push({ kind: 'end', text: '', start: i, end: i, line, column: i - lineStart + 1 });
  return ok(tokens);
}

/** Offset of the quote that closes the string opened at `open`, or -1 when the line or text ends first. */
function findClosingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let j = open + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === quote) return j;
    if (ch === '\n') return -1;
    if (ch === '\\') {
      // An escaped character never closes the string, but a backslash cannot continue it onto the next line.
      if (text[j + 1] === '\n' || j + 1 >= text.length) return -1;
      j++;
    }
  }
  return -1;
}
