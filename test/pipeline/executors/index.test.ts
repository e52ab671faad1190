import { describe, expect, it } from 'vitest';
import { createExecutor, executorFactories } from '../../../src/pipeline/executors/index.js';
import { ExecutorError } from '../../../src/shared/errors.js';

describe('createExecutor', () => {
  it('builds the local executor when the kind is local', () => {
    expect(createExecutor('local').kind).toBe('local');
  });

  it.each(['ssh', 'slurm'] as const)(
    'throws a clear error naming what exists when the kind is %s',
    (kind) => {
      expect(() => createExecutor(kind)).toThrow(ExecutorError);
      expect(() => createExecutor(kind)).toThrow(`The ${kind} executor is not available`);
      expect(() => createExecutor(kind)).toThrow('available: local');
    },
  );

  it('lists only the executors that are built when asked for the registry', () => {
    expect([...executorFactories.keys()]).toEqual(['local']);
  });
});
