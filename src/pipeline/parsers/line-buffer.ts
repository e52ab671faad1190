/**
 * Splits text that arrives in pieces into lines. It accepts `\n` and `\r\n` endings and keeps a partial last
 * line until its end arrives. Keras progress bars rewrite one terminal line with `\r` (and runs of `\b`), so
 * inside a line those act as frame separators and only the last non-empty frame is the line's content.
 *
 * This runs on every byte of every log, so it searches with `indexOf` and touches frames only on the lines
 * that have them.
 */

/** Receives each complete line. */
export type LineSink = (line: string) => void;

export interface LineBuffer {
  /** Splits `chunk` onto what was pending and hands each complete line to `sink`. */
  push(chunk: string, sink: LineSink): void;
  /** Hands the pending partial line (if not empty) to `sink` and clears it. */
  end(sink: LineSink): void;
  /** The last complete frame of the pending line: a live progress bar that has no line end yet. */
  partialFrame(): string;
}

/**
 * Lines are capped so that a file without line breaks cannot grow memory without bound. A longer line keeps
 * only its last `MAX_LINE` characters, whether it arrived whole or in pieces.
 */
export const MAX_LINE = 1 << 20;

const CR = 13;
const BS = 8;

const isSeparator = (code: number): boolean => code === CR || code === BS;

/** The last non-empty frame of `text[start, end)`: the text after its last `\r`/`\b` run. */
function lastFrame(text: string, start: number, end: number): string {
  let stop = end;
  while (stop > start && isSeparator(text.charCodeAt(stop - 1))) stop--;
  let begin = stop;
  while (begin > start && !isSeparator(text.charCodeAt(begin - 1))) begin--;
  return text.slice(begin, stop);
}

/** A whole line's content: its last frame when it has separators. */
const lineOf = (line: string): string =>
  line.includes('\r') || line.includes('\b') ? lastFrame(line, 0, line.length) : line;

function capped(line: string): string {
  return line.length > MAX_LINE ? line.slice(line.length - MAX_LINE) : line;
}

/** Creates an empty line buffer. */
export function createLineBuffer(): LineBuffer {
  let pending = '';

  return {
    push(chunk, sink) {
      let breakAt = chunk.indexOf('\n');
      if (breakAt === -1) {
        // No line ends here: append (V8 keeps a rope, so this is cheap) and search nothing.
        pending += chunk;
        // Dropping the head keeps the same last MAX_LINE characters that a whole line would keep.
        if (pending.length > 2 * MAX_LINE) pending = pending.slice(pending.length - MAX_LINE - 1);
        return;
      }
      let start = 0;
      if (pending.length > 0) {
        // Only the line that spans chunks is joined: searching a joined rope is far slower than the chunk.
        sink(capped(lineOf(pending + chunk.slice(0, breakAt))));
        pending = '';
        start = breakAt + 1;
        breakAt = chunk.indexOf('\n', start);
      }
      let cr = chunk.indexOf('\r', start);
      let bs = chunk.indexOf('\b', start);
      while (breakAt !== -1) {
        const hasCr = cr !== -1 && cr < breakAt;
        const hasBs = bs !== -1 && bs < breakAt;
        // A `\r` right before the `\n` and nowhere else is a plain CRLF ending, not a frame.
        const plainCrlf = hasCr && !hasBs && cr === breakAt - 1;
        if (!hasCr && !hasBs) sink(capped(chunk.slice(start, breakAt)));
        else if (plainCrlf) sink(capped(chunk.slice(start, cr)));
        else sink(capped(lastFrame(chunk, start, breakAt)));
        if (hasCr) cr = chunk.indexOf('\r', breakAt + 1);
        if (hasBs) bs = chunk.indexOf('\b', breakAt + 1);
        start = breakAt + 1;
        breakAt = chunk.indexOf('\n', start);
      }
      if (start < chunk.length) pending = chunk.slice(start);
    },

    end(sink) {
      if (pending.length === 0) return;
      const line = lineOf(pending);
      pending = '';
      // Only separators (say a CRLF cut before its `\n`) leave nothing to read.
      if (line.length > 0) sink(capped(line));
    },

    partialFrame() {
      // The frame still being written is incomplete: the last *complete* frame ends at the last separator.
      let stop = pending.length;
      while (stop > 0 && !isSeparator(pending.charCodeAt(stop - 1))) stop--;
      return stop === 0 ? '' : lastFrame(pending, 0, stop);
    },
  };
}
