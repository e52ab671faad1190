import { describe, expect, it } from 'vitest';
import { type ServerConfig, serverSchema } from '../../../src/config/schema.js';
import { readServerInventory } from '../../../src/pipeline/gpus/inventory.js';
import { readFixture } from '../../helpers/fixtures.js';
import { fakeSmiExecutor } from './fake-smi-executor.js';

const fixture = (name: string) => readFixture('nvidia-smi', name);
const UUID = 'GPU-10cca8ee-0b56-117d-313e-b2cba65021d8';

const server = (over: Partial<ServerConfig> = {}): ServerConfig =>
  serverSchema.parse({
    name: 'gpu1',
    executor: 'ssh',
    host: 'ml@gpu1',
    workdir: '/data/taobot',
    gpus: 1,
    ...over,
  });

/**
 * Two GPUs from the captured rows: the loaded H200 as GPU 0 and the idle one as GPU 1 (its index and uuid changed,
 * since the capture host had a single GPU).
 */
const twoGpus = `${fixture('query-gpu-busy.csv')}${fixture('query-gpu-idle-noheader.csv')
  .replace(/^0, /, '1, ')
  .replace(UUID, 'GPU-second')}`;

describe('readServerInventory', () => {
  it('joins the busy H200 with its python3 process: another process holds it', async () => {
    const { executor, calls } = fakeSmiExecutor({
      gpu: { exitCode: 0, stdout: fixture('query-gpu-busy.csv') },
      apps: { exitCode: 0, stdout: fixture('query-apps-busy.csv') },
    });
    const inventory = await readServerInventory(server(), () => executor, []);
    expect(inventory.source).toBe('nvidia-smi');
    if (inventory.source !== 'nvidia-smi') return;
    expect(inventory.gpus).toHaveLength(1);
    expect(inventory.gpus[0]).toMatchObject({ index: 0, name: 'NVIDIA H200', memoryUsedMiB: 1395 });
    expect(inventory.gpus[0]?.holder).toEqual({
      kind: 'other',
      apps: [{ pid: 504, processName: 'python3', usedMemoryMiB: 1386, gpuUuid: UUID }],
    });
    // Both queries, each with a time limit.
    expect(calls.map((c) => c.argv[1]?.split('=')[0])).toEqual(['--query-gpu', '--query-compute-apps']);
    expect(calls.every((c) => c.timeoutMs === 10_000)).toBe(true);
  });

  it('reports the idle H200 (with header and units) as free', async () => {
    const { executor } = fakeSmiExecutor({
      gpu: { exitCode: 0, stdout: fixture('query-gpu.csv') },
      apps: { exitCode: 0, stdout: fixture('query-apps-idle.csv') },
    });
    const inventory = await readServerInventory(server(), () => executor, []);
    expect(inventory.source === 'nvidia-smi' && inventory.gpus.map((g) => g.holder)).toEqual([
      { kind: 'free' },
    ]);
  });

  it('names the taobot run holding a GPU by its recorded indexes, ahead of its own processes', async () => {
    const { executor } = fakeSmiExecutor({
      gpu: { exitCode: 0, stdout: twoGpus },
      apps: { exitCode: 0, stdout: fixture('query-apps-busy.csv') },
    });
    const runs = [{ id: 7, gpuIndices: [1] }];
    const inventory = await readServerInventory(server({ gpus: 2 }), () => executor, runs);
    if (inventory.source !== 'nvidia-smi') throw new Error(inventory.source);
    expect(inventory.gpus.map((g) => [g.index, g.holder.kind])).toEqual([
      [0, 'other'],
      [1, 'run'],
    ]);
    expect(inventory.gpus[1]?.holder).toEqual({ kind: 'run', runId: 7 });
    const held = await readServerInventory(server({ gpus: 2 }), () => executor, [{ id: 3, gpuIndices: [0] }]);
    expect(held.source === 'nvidia-smi' && held.gpus[0]?.holder).toEqual({ kind: 'run', runId: 3 });
  });

  it('reports a simulated server from its configuration, without running anything', async () => {
    const { executor, calls } = fakeSmiExecutor({ gpu: new Error('no'), apps: new Error('no') });
    const sim = server({ name: 'sim', executor: 'local', tao: 'builtin:simulator', gpus: 2 });
    const inventory = await readServerInventory(sim, () => executor, [{ id: 4, gpuIndices: [1] }]);
    expect(inventory).toEqual({
      server: 'sim',
      source: 'simulated',
      configured: 2,
      gpus: [
        { index: 0, holder: { kind: 'free' } },
        { index: 1, holder: { kind: 'run', runId: 4 } },
      ],
    });
    expect(calls).toEqual([]);
  });

  it('does not ask a Slurm login node', async () => {
    const { executor, calls } = fakeSmiExecutor({ gpu: new Error('no'), apps: new Error('no') });
    const inventory = await readServerInventory(server({ executor: 'slurm', gpus: 1 }), () => executor, []);
    expect(inventory.source).toBe('slurm');
    expect(calls).toEqual([]);
  });

  it.each([
    [{ exitCode: 127, stdout: '' }, /nvidia-smi is not installed there/],
    [{ exitCode: 124, stdout: '' }, /did not answer within 10 s/],
    [
      {
        exitCode: 9,
        stdout:
          "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n",
      },
      /exited with code 9: NVIDIA-SMI has failed because it couldn't communicate/,
    ],
    [{ exitCode: 6, stdout: 'No devices were found\n' }, /exited with code 6: No devices were found/],
    [{ exitCode: 0, stdout: '<html>login banner</html>\n' }, /printed no GPU rows: <html>login banner/],
    [{ exitCode: 0, stdout: '' }, /listed no GPUs/],
    [new Error('ml@gpu1 is unreachable: Connection refused'), /unreachable: Connection refused/],
  ])('turns a failed query into an error line with the bookkeeping (%#)', async (gpu, message) => {
    const { executor } = fakeSmiExecutor({ gpu, apps: { exitCode: 0, stdout: '' } });
    const inventory = await readServerInventory(server({ gpus: 2 }), () => executor, [
      { id: 9, gpuIndices: [0] },
    ]);
    expect(inventory.source).toBe('error');
    if (inventory.source !== 'error') return;
    expect(inventory.error).toMatch(message);
    expect(inventory.gpus.map((g) => g.holder.kind)).toEqual(['run', 'free']);
  });

  it('keeps the GPUs when only the process query fails, judging them by memory', async () => {
    const { executor } = fakeSmiExecutor({
      gpu: { exitCode: 0, stdout: fixture('query-gpu-busy.csv') },
      apps: { exitCode: 2, stdout: '', stderr: 'Field "gpu_uuid" is not a valid field to query.' },
    });
    const inventory = await readServerInventory(server(), () => executor, []);
    if (inventory.source !== 'nvidia-smi') throw new Error(inventory.source);
    expect(inventory.appsError).toMatch(/exited with code 2: Field "gpu_uuid"/);
    expect(inventory.gpus[0]?.holder).toEqual({ kind: 'other', apps: [] });
  });

  it('counts lines it could not read', async () => {
    const { executor } = fakeSmiExecutor({
      gpu: {
        exitCode: 0,
        stdout: `${fixture('query-gpu.csv')}WARNING: infoROM is corrupted at gpu 0000:00:06.0\n`,
      },
      apps: { exitCode: 0, stdout: fixture('query-apps-idle.csv') },
    });
    const inventory = await readServerInventory(server(), () => executor, []);
    expect(inventory.source === 'nvidia-smi' && inventory.skipped).toBe(1);
  });
});
