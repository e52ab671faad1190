import { createLineBuffer, type LineBuffer } from './line-buffer.js';
import type { IncrementalParser } from './types.js';

/** Reads one complete line, appending its events to `out`; returns false when the line could not be read. */
export type LineHandler<E> = (line: string, out: E[]) => boolean;

/** The per-format part of a parser: a line reader and an optional flush for events still open at the end. */
export interface LineReader<E> {
  readonly line: LineHandler<E>;
  readonly flush?: (out: E[]) => void;
}

/**
 * Wraps a line reader into an {@link IncrementalParser}: buffering, line and skip counts, and the promise
 * never to throw. A reader that throws on some odd input costs that line, not the run: it counts as skipped.
 */
export function createLineParser<E>(
  reader: LineReader<E>,
): IncrementalParser<E> & { readonly buffer: LineBuffer } {
  const buffer = createLineBuffer();
  let lines = 0;
  let skipped = 0;
  let out: E[] = [];

  const onLine = (line: string): void => {
    lines++;
    const before = out.length;
    try {
      if (!reader.line(line, out)) skipped++;
    } catch {
      // A reader bug must not stop the tail; the line's partial events are dropped with it.
      out.length = before;
      skipped++;
    }
  };

  return {
    buffer,
    push(chunk) {
      out = [];
      buffer.push(chunk, onLine);
      return out;
    },
    end() {
      out = [];
      buffer.end(onLine);
      try {
        reader.flush?.(out);
      } catch {
        skipped++;
      }
      return out;
    },
    get skipped() {
      return skipped;
    },
    get lines() {
      return lines;
    },
  };
}
