/**
 * The shape every TAO output parser shares. Parsers are pure state machines over lines: they are fed text
 * as a file grows, keep a partial last line until its end arrives, and never throw. A line they cannot
 * read is counted in `skipped` and passed over, so one odd line never stops the tail of a whole run.
 *
 * @example
 * const parser = createTrainingCsvParser();
 * for await (const chunk of tail) store(parser.push(chunk));
 * store(parser.end());
 */
export interface IncrementalParser<E> {
  /** Feeds the next piece of text (any size, cut anywhere) and returns the events of the lines it completed. */
  push(chunk: string): E[];
  /** Flushes the last line when it has no line break (the file is complete) and any event still open. */
  end(): E[];
  /** Lines that carried nothing this parser could read (blank lines are not counted). */
  readonly skipped: number;
  /** Complete lines seen so far. */
  readonly lines: number;
}

/** What a parser factory may be told about the run it reads. */
export interface ParserOptions {
  /**
   * The TAO network that writes the output (`ssd`, `yolo_v4`, `detectnet_v2`, …). status.json needs it for
   * the stale-metric quirk of the Keras detectors; the other parsers ignore it. Defaults to `ssd`.
   */
  readonly network?: string;
}

/** A whole text parsed at once: the events, plus how many lines there were and how many were skipped. */
export interface ParsedText<E> {
  readonly events: E[];
  readonly lines: number;
  readonly skipped: number;
}

/** Runs a fresh parser over a complete text: the convenience form for files read in one go. */
export function parseWhole<E>(parser: IncrementalParser<E>, text: string): ParsedText<E> {
  const events = parser.push(text);
  for (const event of parser.end()) events.push(event);
  return { events, lines: parser.lines, skipped: parser.skipped };
}
