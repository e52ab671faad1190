import { ExecutorError } from '../../shared/errors.js';
import { createLocalExecutor, type LocalExecutorOptions } from './local.js';
import type { Executor } from './types.js';

export type ExecutorKind = Executor['kind'];

/** What every executor factory accepts; SSH and Slurm will add their connection settings here. */
export type ExecutorOptions = LocalExecutorOptions;

export type ExecutorFactory = (options: ExecutorOptions) => Executor;

/** Every executor taobot can build, listed in one place (SSH and Slurm join when they exist). */
export const executorFactories: ReadonlyMap<ExecutorKind, ExecutorFactory> = new Map<
  ExecutorKind,
  ExecutorFactory
>([['local', createLocalExecutor]]);

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

export { createLocalExecutor, type LocalExecutorOptions } from './local.js';
export type * from './types.js';
