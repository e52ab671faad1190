import { syntaxError, type Token } from './tokenizer.js';
import type { SpecSyntaxError } from './types.js';

/** Token cursor shared by the parser's files. */

/** Thrown inside the recursive descent and caught in parseSpec, so a failure unwinds every level at once. */
export class SyntaxFailure extends Error {
  constructor(readonly detail: SpecSyntaxError) {
    super(detail.message);
  }
}

export interface Cursor {
  readonly tokens: readonly Token[];
  pos: number;
  /** How many messages are open around the current token. */
  depth: number;
}

export const fail = (at: Token, what: string): never => {
  throw new SyntaxFailure(syntaxError(at.line, at.column, what));
};

export const peek = (c: Cursor): Token => c.tokens[Math.min(c.pos, c.tokens.length - 1)] as Token;

export const next = (c: Cursor): Token => {
  const token = peek(c);
  if (c.pos < c.tokens.length - 1) c.pos++;
  return token;
};

export const isSymbol = (t: Token, ...symbols: string[]): boolean =>
  t.kind === 'symbol' && symbols.includes(t.text);

export const describe = (t: Token): string => {
  if (t.kind === 'end') return 'end of input';
  if (t.kind === 'string') return `the string ${t.text}`;
  return `'${t.text}'`;
};
