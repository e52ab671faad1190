import type { IncrementalParser } from '../../../src/pipeline/parsers/types.js';

/** Feeds `chunks` one by one, then ends: all events in order plus the final counts. */
export function feed<E>(parser: IncrementalParser<E>, chunks: readonly string[]) {
  const events: E[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return { events, lines: parser.lines, skipped: parser.skipped };
}

/** Splits `text` at the given offsets. */
export function splitAt(text: string, offsets: readonly number[]): string[] {
  const chunks: string[] = [];
  let start = 0;
  for (const offset of offsets) {
    chunks.push(text.slice(start, offset));
    start = offset;
  }
  chunks.push(text.slice(start));
  return chunks;
}

/** A small deterministic generator (mulberry32), so random splits repeat from run to run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
