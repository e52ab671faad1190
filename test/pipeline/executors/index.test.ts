import { describe, expect, it } from 'vitest';
import { createExecutor, executorFactories } from '../../../src/pipeline/executors/index.js';
import { ExecutorError } from '../../../src/shared/errors.js';

describe('createExecutor', () => {
  it.each(['local', 'ssh', 'slurm'] as const)('builds the %s executor when asked for it', (kind) => {
    const options = kind === 'ssh' ? { host: 'ml@gpu1.lab' } : {};
    expect(createExecutor(kind, options).kind).toBe(kind);
  });

  it('throws a clear error when an ssh executor has no host', () => {
    expect(() => createExecutor('ssh')).toThrow(ExecutorError);
    expect(() => createExecutor('ssh')).toThrow('needs the server\'s "host"');
  });

  it('throws a clear error naming what exists when the kind is unknown', () => {
    expect(() => createExecutor('kubernetes' as 'local')).toThrow('available: local, ssh, slurm');
  });

  it('lists every executor when asked for the registry', () => {
    expect([...executorFactories.keys()]).toEqual(['local', 'ssh', 'slurm']);
  });
});
