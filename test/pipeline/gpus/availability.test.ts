import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { type ServerConfig, serverSchema } from '../../../src/config/schema.js';
import type { Executor } from '../../../src/pipeline/executors/types.js';
import { createGpuAvailability } from '../../../src/pipeline/gpus/availability.js';
import { readFixture } from '../../helpers/fixtures.js';
import { fakeSmiExecutor } from './fake-smi-executor.js';

const fixture = (name: string) => readFixture('nvidia-smi', name);

const server = (over: Partial<ServerConfig> = {}): ServerConfig =>
  serverSchema.parse({
    name: 'gpu1',
    executor: 'ssh',
    host: 'ml@gpu1',
    workdir: '/data/taobot',
    gpus: 1,
    ...over,
  });

function capturedLogger() {
  const lines: Array<{ level: number; msg: string; server?: string }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** An executor whose answers can change between calls: the server's state over time. */
function switchable(initial: Parameters<typeof fakeSmiExecutor>[0]) {
  let current = fakeSmiExecutor(initial);
  let count = 0;
  const executor: Executor = {
    ...current.executor,
    exec: (argv, options) => {
      count += 1;
      return current.executor.exec(argv, options);
    },
  };
  return {
    executor,
    calls: () => count,
    set(answers: Parameters<typeof fakeSmiExecutor>[0]) {
      current = fakeSmiExecutor(answers);
    },
  };
}

const busy = {
  gpu: { exitCode: 0, stdout: fixture('query-gpu-busy.csv') },
  apps: { exitCode: 0, stdout: fixture('query-apps-busy.csv') },
};
const idle = {
  gpu: { exitCode: 0, stdout: fixture('query-gpu.csv') },
  apps: { exitCode: 0, stdout: fixture('query-apps-idle.csv') },
};
const missing = { gpu: { exitCode: 127, stdout: '' }, apps: { exitCode: 127, stdout: '' } };

describe('createGpuAvailability', () => {
  it('reports busy GPUs, asking nvidia-smi once per time window', async () => {
    let now = 1_000;
    const fake = switchable(busy);
    const { logger } = capturedLogger();
    const availability = createGpuAvailability({
      executorFor: () => fake.executor,
      logger,
      ttlMs: 5_000,
      now: () => now,
    });
    expect(await availability.unavailable(server())).toEqual([0]);
    fake.set(idle);
    now += 4_000;
    expect(await availability.unavailable(server())).toEqual([0]);
    expect(fake.calls()).toBe(2);
    now += 1_001;
    expect(await availability.unavailable(server())).toEqual([]);
    expect(fake.calls()).toBe(4);
  });

  it('shares one query between concurrent callers', async () => {
    const fake = switchable(busy);
    const availability = createGpuAvailability({
      executorFor: () => fake.executor,
      logger: capturedLogger().logger,
    });
    const answers = await Promise.all([
      availability.unavailable(server()),
      availability.unavailable(server()),
    ]);
    expect(answers).toEqual([[0], [0]]);
    expect(fake.calls()).toBe(2);
  });

  it('falls back (null) when nvidia-smi fails, and says so once per outage', async () => {
    let now = 0;
    const fake = switchable(missing);
    const { logger, lines } = capturedLogger();
    const availability = createGpuAvailability({
      executorFor: () => fake.executor,
      logger,
      ttlMs: 10,
      now: () => now,
    });
    expect(await availability.unavailable(server())).toBeNull();
    now += 20;
    expect(await availability.unavailable(server())).toBeNull();
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
    expect(lines[0]).toMatchObject({ server: 'gpu1', error: expect.stringMatching(/not installed/) });
    fake.set(busy);
    now += 20;
    expect(await availability.unavailable(server())).toEqual([0]);
    expect(lines.at(-1)).toMatchObject({ level: 30, msg: expect.stringMatching(/answers again/) });
  });

  it('never asks for simulated servers or Slurm clusters', async () => {
    const fake = switchable(busy);
    const availability = createGpuAvailability({
      executorFor: () => fake.executor,
      logger: capturedLogger().logger,
    });
    expect(
      await availability.unavailable(server({ tao: 'builtin:simulator', executor: 'local' })),
    ).toBeNull();
    expect(await availability.unavailable(server({ executor: 'slurm' }))).toBeNull();
    expect(fake.calls()).toBe(0);
  });
});

describe('createGpuAvailability with an executor that cannot be built', () => {
  it('answers null instead of failing the reconcile pass', async () => {
    const { logger, lines } = capturedLogger();
    const availability = createGpuAvailability({
      executorFor: () => {
        throw new Error('server gpu1 needs a host');
      },
      logger,
    });
    expect(await availability.unavailable(server())).toBeNull();
    expect(lines[0]).toMatchObject({ error: 'server gpu1 needs a host' });
  });
});
