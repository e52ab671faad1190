import { ExecutorError } from '../../shared/errors.js';
import { createLocalExecutor, type LocalExecutorOptions } from './local.js';
import { createSlurmExecutor, type SlurmExecutorOptions } from './slurm.js';
import { createSshExecutor, type SshExecutorOptions } from './ssh.js';
import type { Executor } from './types.js';

export type ExecutorKind = Executor['kind'];

/** What every executor factory accepts: the logger, and for remote executors the connection settings. */
export type ExecutorOptions = LocalExecutorOptions & Partial<SshExecutorOptions> & SlurmExecutorOptions;

export type ExecutorFactory = (options: ExecutorOptions) => Executor;

/** Every executor taobot can build, listed in one place. */
export const executorFactories: ReadonlyMap<ExecutorKind, ExecutorFactory> = new Map<
  ExecutorKind,
  ExecutorFactory
>([
  ['local', createLocalExecutor],
  ['ssh', (options) => createSshExecutor(options as SshExecutorOptions)],
  ['slurm', createSlurmExecutor],
]);

/** Builds the executor of a server's `executor:` setting; throws a clear error for a kind not available yet. */
export function createExecutor(kind: ExecutorKind, options: ExecutorOptions = {}): Executor {
  const factory = executorFactories.get(kind);
  if (factory === undefined) {
    const available = [...executorFactories.keys()].join(', ');
    throw new ExecutorError(
      `The ${String(kind)} executor is not available in this version of taobot (available: ${available}); ` +
        'set the server\'s "executor" to one of those',
    );
  }
  return factory(options);
}

export { HostUnreachableError } from './backoff.js';
export { createLocalExecutor, type LocalExecutorOptions } from './local.js';
export { type ExecutorExtras, executorOptionsFor } from './server-options.js';
export { createSlurmExecutor, type SlurmExecutor, type SlurmExecutorOptions } from './slurm.js';
export { createSshExecutor, type SshExecutor, type SshExecutorOptions } from './ssh.js';
export type * from './types.js';
