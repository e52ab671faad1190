import type { TracebackEvent } from './console-types.js';

/**
 * A Python traceback spans many lines: `Traceback (most recent call last):`, indented `File …` frames, and
 * a final `SomeError: message` line back at the traceback's own indentation (the fixture logs are indented
 * with a tab, so indentation is measured relative to the first line).
 */

export const TRACEBACK_START = 'Traceback (most recent call last):';

/** Frames kept per traceback; deep recursion can print thousands, and the last line matters most. */
const MAX_LINES = 300;

const ERROR_LINE = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;

const indentOf = (line: string): number => {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
};

export type TracebackStep = { done: false } | { done: true; event: TracebackEvent; consumed: boolean };

/** Collects one traceback from its first line. */
export class TracebackBuilder {
  private readonly indent: number;
  private readonly lines: string[];

  constructor(
    firstLine: string,
    private readonly level: string | null,
  ) {
    this.indent = indentOf(firstLine);
    this.lines = [firstLine.slice(this.indent)];
  }

  /**
   * Takes the next raw line. The traceback ends at its error line (consumed) or at any other line back at
   * its indentation (not consumed: the caller reads that line as usual, and the error stays unknown).
   */
  add(line: string): TracebackStep {
    const indent = indentOf(line);
    if (indent > this.indent || indent === line.length) {
      if (this.lines.length < MAX_LINES) this.lines.push(line.slice(Math.min(indent, this.indent)).trimEnd());
      return { done: false };
    }
    const text = line.slice(indent).trimEnd();
    const error = ERROR_LINE.exec(text);
    if (!error) return { done: true, event: this.finish(null), consumed: false };
    this.lines.push(text);
    return { done: true, event: this.finish(text, error[1] as string, error[2] ?? null), consumed: true };
  }

  /** The traceback so far, with its error line when known. */
  finish(
    error: string | null,
    errorType: string | null = null,
    errorMessage: string | null = null,
  ): TracebackEvent {
    return { kind: 'traceback', level: this.level, lines: this.lines, error, errorType, errorMessage };
  }
}
