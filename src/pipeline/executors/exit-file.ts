import { readFile, rm } from 'node:fs/promises';
import { ExecutorError } from '../../shared/errors.js';
import { err, ok, type Result } from '../../shared/result.js';
import { errnoCode } from './errno.js';

/**
 * Parses an exit file: the decimal exit code the wrapper wrote, then a newline. Anything else means someone else
 * wrote the file, and is reported rather than guessed at.
 */
export function parseExitCode(text: string): Result<number, string> {
  const match = /^(\d{1,3})\n?$/.exec(text);
  const code = match ? Number(match[1]) : Number.NaN;
  if (!(code >= 0 && code <= 255)) {
    return err(
      `expected an exit code from 0 to 255 and a newline, found ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  return ok(code);
}

/** The content of an exit file, or null when it is not there (yet). */
export async function readExitFile(path: string, signal?: AbortSignal): Promise<string | null> {
  try {
    return await readFile(path, { encoding: 'utf8', signal });
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return null;
    if (signal?.aborted) throw cause;
    throw new ExecutorError(`Cannot read the exit file ${path}: check its folder's permissions`, { cause });
  }
}

/**
 * Removes an exit file left by an earlier run at the same path (and its half-written twin), so a fresh run is not
 * reported as finished with the old run's code.
 */
export async function clearExitFile(path: string): Promise<void> {
  try {
    await rm(path, { force: true });
    await rm(`${path}.tmp`, { force: true });
  } catch (cause) {
    throw new ExecutorError(
      `Cannot remove the old exit file ${path}: remove it or choose another run folder`,
      {
        cause,
      },
    );
  }
}
