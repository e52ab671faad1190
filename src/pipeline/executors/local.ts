import { execLocal } from './local-exec.js';
import {
  appendLocalFile,
  listLocalFiles,
  readLocalFile,
  removeLocalFiles,
  writeLocalFile,
} from './local-files.js';
import { cancelLocal, startLocal, statusLocal } from './local-process.js';
import { type ExecutorLogger, silentLogger } from './logger.js';
import type { Executor } from './types.js';

export interface LocalExecutorOptions {
  logger?: ExecutorLogger;
}

/** How long cancel waits after SIGTERM before SIGKILL, unless the caller says otherwise. */
export const DEFAULT_GRACE_MS = 10_000;

/**
 * The executor for the machine taobot runs on. Runs are detached process groups under a small sh wrapper that
 * writes their exit code to a file, so they survive a taobot restart and are found again from their handle alone;
 * files are read and written with node:fs.
 *
 * @example
 * const executor = createLocalExecutor({ logger });
 * const handle = await executor.start({ argv: ['tao', 'model', 'ssd', 'train', ...], cwd, logFile, exitFile });
 */
export function createLocalExecutor(options: LocalExecutorOptions = {}): Executor {
  const logger = options.logger ?? silentLogger;
  return {
    kind: 'local',
    start: (request, opts) => startLocal(request, logger, opts?.signal),
    status: (handle, opts) => statusLocal(handle, opts?.signal),
    cancel: (handle, opts) => cancelLocal(handle, logger, opts?.graceMs ?? DEFAULT_GRACE_MS, opts?.signal),
    read: (path, offset, maxBytes, opts) => readLocalFile(path, offset, maxBytes, opts?.signal),
    list: (dir, opts) => listLocalFiles(dir, opts?.signal),
    write: (path, content, opts) => writeLocalFile(path, content, opts?.signal),
    append: (path, content, opts) => appendLocalFile(path, content, opts?.signal),
    remove: (paths, opts) => removeLocalFiles(paths, opts?.signal),
    exec: (argv, opts) => execLocal(argv, opts),
  };
}
