import { ApTableBuilder, isTableRule } from './console-ap-table.js';
import { readKerasFrame } from './console-keras.js';
import { readConsoleLine } from './console-lines.js';
import { isLoudLevel, splitPrefix } from './console-prefix.js';
import { TRACEBACK_START, TracebackBuilder } from './console-traceback.js';
import type { ConsoleEvent, ProgressEvent } from './console-types.js';
import { createLineParser } from './line-parser.js';
import { type IncrementalParser, type ParsedText, parseWhole } from './types.js';

export * from './console-types.js';

/** The console parser, plus a look at the progress bar still being drawn on the unfinished last line. */
export interface ConsoleParser extends IncrementalParser<ConsoleEvent> {
  /**
   * The latest complete Keras `- ETA:` frame of the line still being written (a terminal-style log rewrites
   * one line with `\r` for a whole epoch), or null. It reads without consuming: the events are unchanged.
   */
  peekProgress(): ProgressEvent | null;
}

/**
 * Creates a parser for TAO console output: Keras epochs and progress, checkpoints, AP tables, validation
 * loss, dataset sizes, prune ratio, export, execution status and Python tracebacks. Lines may carry a
 * TAO 3 or TAO 5 logging prefix and any indentation.
 */
export function createConsoleParser(): ConsoleParser {
  let epoch: number | null = null;
  let table: ApTableBuilder | null = null;
  let traceback: TracebackBuilder | null = null;

  const line = (raw: string, out: ConsoleEvent[]): boolean => {
    if (traceback) {
      const step = traceback.add(raw);
      if (!step.done) return true;
      out.push(step.event);
      traceback = null;
      if (step.consumed) return true;
    }
    const trimmed = raw.trim();
    if (trimmed.length === 0) return true;
    const prefixed = splitPrefix(trimmed);
    const level = prefixed ? prefixed.level : null;
    const message = prefixed ? prefixed.message : trimmed;

    if (table) {
      const step = table.add(message);
      if (step === 'row') return true;
      if (step === 'end') {
        out.push(table.finish(level));
        table = null;
        return true;
      }
      // A line that is not a row means the table was cut off; it is dropped and the line read as usual.
      table = null;
    }
    if (message === TRACEBACK_START) {
      traceback = new TracebackBuilder(raw, level);
      return true;
    }
    if (isTableRule(message)) {
      table = new ApTableBuilder(epoch);
      return true;
    }
    const event = message.length === 0 ? null : readConsoleLine(message, level, epoch);
    if (event) {
      if (event.kind === 'epoch-start') epoch = event.epoch;
      out.push(event);
      return true;
    }
    if (prefixed && isLoudLevel(prefixed.level)) {
      out.push({ kind: 'log', level: prefixed.level, logger: prefixed.logger, message });
      return true;
    }
    return false;
  };

  const flush = (out: ConsoleEvent[]): void => {
    // A traceback cut off by the end of the output still tells why the run died.
    if (traceback) out.push(traceback.finish(null));
    traceback = null;
    table = null;
  };

  const parser = createLineParser({ line, flush });
  return {
    push: parser.push,
    end: parser.end,
    get skipped() {
      return parser.skipped;
    },
    get lines() {
      return parser.lines;
    },
    peekProgress() {
      const frame = parser.buffer.partialFrame().trim();
      if (frame.length === 0) return null;
      const event = readKerasFrame(frame, epoch, null);
      return event?.kind === 'progress' ? event : null;
    },
  };
}

/** Parses a complete console log. */
export function parseConsole(text: string): ParsedText<ConsoleEvent> {
  return parseWhole(createConsoleParser(), text);
}
