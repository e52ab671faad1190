import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Network, TaoDialect } from '../pipeline/tao/types.js';
import type { TaoConsole } from './console.js';
import {
  readSimulatedModelHeaderSync,
  type SimulatedModelHeader,
  type SimulatedModelKind,
} from './model-file.js';
import { PyError } from './py-error.js';
import type { SimSettings } from './settings.js';

/** Everything a simulated TAO task runs with. */
export interface TaskContext {
  readonly dialect: TaoDialect;
  readonly network: Network;
  /** The TAO command as typed after `tao`, e.g. `model ssd train`. */
  readonly command: string;
  /** The task's console: stdout, or the `--log_file` when one is given. */
  readonly console: TaoConsole;
  readonly settings: SimSettings;
  readonly signal: AbortSignal;
  readonly now: () => Date;
  readonly cwd: string;
}

/** A path from the command line, resolved like a process in `cwd` would. */
export const resolvePath = (ctx: { cwd: string }, path: string): string =>
  isAbsolute(path) ? path : resolve(ctx.cwd, path);

/** A short fingerprint of a TAO 3/4 key, so a model "encrypted" with it can be checked without storing it. */
export function keyCheck(key: string | undefined): string {
  return createHash('sha256')
    .update(`taobot-sim-key:${key ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Loads a model the way TAO's loaders fail: a missing or foreign file is an h5py/decryption OSError, a TAO 3/4
 * model opened with another key is TAO's "Invalid decryption" error.
 */
export function loadModel(
  ctx: TaskContext,
  path: string,
  key: string | undefined,
  accept: readonly SimulatedModelKind[] = ['checkpoint', 'pruned'],
): SimulatedModelHeader {
  if (!existsSync(path)) {
    throw new PyError(
      'OSError',
      `Unable to open file (unable to open file: name = '${path}', errno = 2, error message = 'No such file or directory', flags = 0, o_flags = 0)`,
    );
  }
  const header = readSimulatedModelHeaderSync(path);
  if (!header || !accept.includes(header.kind)) {
    throw new PyError('OSError', 'Unable to open file (file signature not found)');
  }
  if (ctx.dialect === 'tao4' && header.keyCheck !== null && header.keyCheck !== keyCheck(key)) {
    throw new PyError(
      'OSError',
      'Invalid decryption. Unable to open file (File signature not found). The key used to load the model is incorrect.',
    );
  }
  return header;
}
