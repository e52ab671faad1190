import { type ConsoleEvent, createConsoleParser } from './console.js';
import { createStatusJsonParser, type StatusEvent } from './status-json.js';
import { createTrainingCsvParser, type TrainingCsvEvent } from './training-csv.js';
import { createTrtexecParser, type TrtexecEvent } from './trtexec.js';
import type { IncrementalParser, ParserOptions } from './types.js';

export * from './console.js';
export { createLineBuffer, type LineBuffer, type LineSink, MAX_LINE } from './line-buffer.js';
export { decimalsOf, metricValue, parseKerasEta, parseMetric, parseTimedelta } from './numbers.js';
export * from './status-json.js';
export * from './training-csv.js';
export * from './trtexec.js';
export * from './types.js';

/** The events of each parser, by its registry name. */
export interface ParserEventMap {
  readonly 'training-csv': TrainingCsvEvent;
  readonly 'status-json': StatusEvent;
  readonly console: ConsoleEvent;
  readonly trtexec: TrtexecEvent;
}

export type ParserKind = keyof ParserEventMap;

export interface ParserEntry<K extends ParserKind = ParserKind> {
  readonly kind: K;
  /** What the parser reads, for help texts and logs. */
  readonly reads: string;
  readonly create: (options?: ParserOptions) => IncrementalParser<ParserEventMap[K]>;
}

const entry = <K extends ParserKind>(value: ParserEntry<K>): ParserEntry<K> => value;

/**
 * Every TAO output parser, listed here and nowhere else (no registration by import side effect).
 *
 * @example
 * const parser = createParser('status-json', { network: 'ssd' });
 */
export const PARSERS: ReadonlyMap<ParserKind, ParserEntry> = new Map<ParserKind, ParserEntry>([
  [
    'training-csv',
    entry({ kind: 'training-csv', reads: 'the Keras training CSV', create: createTrainingCsvParser }),
  ],
  ['status-json', entry({ kind: 'status-json', reads: 'status.json lines', create: createStatusJsonParser })],
  ['console', entry({ kind: 'console', reads: 'TAO console output', create: createConsoleParser })],
  [
    'trtexec',
    entry({ kind: 'trtexec', reads: 'trtexec and tao-converter output', create: createTrtexecParser }),
  ],
] as const);

/** Creates the parser registered under `kind`, typed by its events. */
export function createParser<K extends ParserKind>(
  kind: K,
  options?: ParserOptions,
): IncrementalParser<ParserEventMap[K]> {
  const found = PARSERS.get(kind) as ParserEntry<K> | undefined;
  // The map is built above from every ParserKind, so a miss is a bug in this file, not bad input.
  if (!found) throw new Error(`no parser registered for ${kind}`);
  return found.create(options);
}

/**
 * The parser for a file TAO writes, by its name: `*_training_log_*.csv` and `status*.json` have their own;
 * anything else (console captures, `--log_file` output) is read as console output.
 */
export function parserKindForFile(fileName: string): ParserKind {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  if (/training_log(?:_[\w.-]+)?\.csv$/.test(base)) return 'training-csv';
  if (/^status(?:_[a-z]+_\d+)?\.json$/.test(base)) return 'status-json';
  return 'console';
}
