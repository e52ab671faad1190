import { StringDecoder } from 'node:string_decoder';
import type { Executor, FileChunk } from '../executors/types.js';
import type { IncrementalParser } from '../parsers/types.js';

/**
 * Follows one file of a run by byte offset: reads what was appended since the last offset, hands only complete
 * lines to its parser, and reports the offset after the last complete line. That offset is what the database
 * keeps, so after a restart the file is read on from a line boundary, never from the start. A file that shrank
 * (TAO recreates the training CSV when a run resumes) is read again from the start with a fresh parser.
 */
export interface FollowedFile<E> {
  readonly path: string;
  readonly offset: number;
  /** Reads what is new; returns the events of the complete lines. */
  poll(options?: { signal?: AbortSignal; final?: boolean }): Promise<E[]>;
  /**
   * Takes a chunk read from `offset` by someone else (one batched read for all of a run's files), then reads on
   * by itself only if there is more than one chunk's worth.
   */
  take(chunk: FileChunk | null, options?: { signal?: AbortSignal; final?: boolean }): Promise<E[]>;
}

/** How much a follower reads at a time (and asks a batched read for). */
export const FOLLOW_CHUNK = 1 << 20;

const CHUNK = FOLLOW_CHUNK;

export function followFile<E>(
  executor: Executor,
  path: string,
  startOffset: number,
  makeParser: () => IncrementalParser<E>,
  options: { primeWithFirstLine?: boolean } = {},
): FollowedFile<E> {
  let offset = startOffset;
  let parser = makeParser();
  let decoder = new StringDecoder('utf8');
  // A header-driven file (the training CSV) resumed mid-way needs its header again to read the rows after it.
  let primed = startOffset === 0 || !options.primeWithFirstLine;
  const prime = async (signal?: AbortSignal) => {
    const head = await executor.read(path, 0, 64 * 1024, { signal });
    const newline = head ? head.data.indexOf(0x0a) : -1;
    if (head && newline >= 0) parser.push(head.data.subarray(0, newline + 1).toString('utf8'));
    primed = true;
  };

  return {
    path,
    get offset() {
      return offset;
    },
    async poll(options = {}) {
      return this.take(await executor.read(path, offset, CHUNK, { signal: options.signal }), options);
    },
    async take(first, options = {}) {
      const events: E[] = [];
      if (!primed) await prime(options.signal);
      let chunk = first;
      for (;;) {
        if (!chunk) return events;
        if (chunk.size < offset) {
          // The file was recreated: start over with a clean parser.
          offset = 0;
          parser = makeParser();
          decoder = new StringDecoder('utf8');
          chunk = await executor.read(path, offset, CHUNK, { signal: options.signal });
          continue;
        }
        const lastNewline = chunk.data.lastIndexOf(0x0a);
        const complete = options.final && chunk.data.length < CHUNK ? chunk.data.length : lastNewline + 1;
        if (complete <= 0) return events;
        events.push(...parser.push(decoder.write(chunk.data.subarray(0, complete))));
        offset += complete;
        if (options.final && complete === chunk.data.length) events.push(...parser.end());
        if (chunk.data.length < CHUNK) return events;
        chunk = await executor.read(path, offset, CHUNK, { signal: options.signal });
      }
    },
  };
}

/** The last lines of a text file, for a failed run's card. */
export async function readTail(executor: Executor, path: string, lines = 25, bytes = 8192): Promise<string> {
  const head = await executor.read(path, 0, 0);
  if (!head) return '';
  const start = Math.max(0, head.size - bytes);
  const chunk = await executor.read(path, start, bytes);
  if (!chunk) return '';
  // Keras progress frames are joined by carriage returns: keep only the last frame of each line.
  const text = chunk.data
    .toString('utf8')
    .split('\n')
    .map((line) => line.split('\r').pop() ?? '')
    .filter((line) => line.trim() !== '');
  return text.slice(-lines).join('\n');
}
