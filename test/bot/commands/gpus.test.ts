import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/bot/commands/index.js';
import { CommandRegistry } from '../../../src/bot/core/command.js';
import { dispatch } from '../../../src/bot/core/dispatch.js';
import type { Card, Reply } from '../../../src/bot/core/types.js';
import type { Services } from '../../../src/bot/services.js';
import { parseConfigText, type ServerConfig } from '../../../src/config/index.js';
import { insertRun, transitionRun } from '../../../src/db/repositories/runs.js';
import { readFixture } from '../../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { fakeSmiExecutor } from '../../pipeline/gpus/fake-smi-executor.js';

const fixture = (name: string) => readFixture('nvidia-smi', name);
const UUID = 'GPU-10cca8ee-0b56-117d-313e-b2cba65021d8';

const config = parseConfigText(
  `dataDir: /tmp/taobot-gpus-test
servers:
  - { name: gpu1, executor: ssh, host: ml@gpu1, workdir: /data/taobot, gpus: 2 }
  - { name: gpu2, executor: ssh, host: ml@gpu2, workdir: /data/taobot, gpus: 1 }
  - { name: sim, executor: local, tao: "builtin:simulator", workdir: /tmp/runs, gpus: 2 }
  - { name: cluster, executor: slurm, host: ml@login, workdir: /scratch/taobot, gpus: 4 }
models:
  ssd_resnet18: { network: ssd, spec: specs/ssd_train_resnet18_kitti.txt, key: k }
`,
  { source: 'test', baseDir: process.cwd() },
);

/** gpu1: the loaded H200 as GPU 0 (python3) and the idle one as GPU 1; gpu2 has no working driver. */
const executors = {
  gpu1: fakeSmiExecutor({
    gpu: {
      exitCode: 0,
      stdout: `${fixture('query-gpu-busy.csv')}${fixture('query-gpu-idle-noheader.csv').replace(/^0, /, '1, ').replace(UUID, 'GPU-second')}`,
    },
    apps: { exitCode: 0, stdout: fixture('query-apps-busy.csv') },
  }),
  gpu2: fakeSmiExecutor({
    gpu: {
      exitCode: 9,
      stdout: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n",
    },
    apps: { exitCode: 9, stdout: '' },
  }),
};

/** Services the command does not use fail loudly if it touches them. */
const unused = (what: string) =>
  new Proxy(
    {},
    {
      get() {
        throw new Error(`/gpus must not use ${what}`);
      },
    },
  );

function fakeReply() {
  const posted: Card[] = [];
  const ephemeral: Card[] = [];
  const reply: Reply = {
    async post(card) {
      posted.push(card);
      return { platform: 'shell', channelId: 'terminal', messageRef: String(posted.length) };
    },
    async ephemeral(card) {
      ephemeral.push(card);
    },
  };
  return { reply, posted, ephemeral };
}

describe('/gpus', () => {
  let handle: TestDb;
  let services: Services;
  const registry = new CommandRegistry(COMMANDS);
  const logger = pino({ level: 'silent' });
  const gpus = async (text = '') => {
    const out = fakeReply();
    const request = {
      platform: 'shell' as const,
      command: 'gpus',
      input: { text },
      user: { platform: 'shell' as const, id: 'alice' },
      channelId: 'terminal',
    };
    await dispatch(registry, request, out.reply, services, logger);
    return out;
  };

  beforeAll(async () => {
    handle = await createTestDb('pglite');
    services = {
      db: handle.db,
      config,
      // /gpus reads nvidia-smi itself; placement's cache is not asked here.
      gpuAvailability: { unavailable: async () => null },
      executorFor: (server: ServerConfig) => {
        const fake = executors[server.name as keyof typeof executors];
        if (!fake) throw new Error(`no executor may be asked for ${server.name}`);
        return fake.executor;
      },
      executorForDevice: () => unused('device executors') as never,
      notifier: unused('the notifier') as never,
      approvals: unused('approvals') as never,
      charts: unused('charts') as never,
      kick: () => undefined,
      readSpec: () => '',
      logger,
      commands: () => registry.list(),
    };
    // A running run on gpu1's idle GPU 1, one on the simulator's GPU 0, and a finished one that holds nothing.
    const base = {
      kind: 'train' as const,
      model: 'ssd_resnet18',
      network: 'ssd',
      requestedBy: 'shell:alice',
      platform: 'shell',
      channelId: 'terminal',
    };
    const onGpu1 = await insertRun(handle.db, { ...base, server: 'gpu1' });
    await transitionRun(handle.db, onGpu1.id, 'place', { gpuIndices: [1] });
    const onSim = await insertRun(handle.db, { ...base, server: 'sim', simulated: true });
    await transitionRun(handle.db, onSim.id, 'place', { gpuIndices: [0] });
    await transitionRun(handle.db, onSim.id, 'started', { processHandle: { pid: 1 } });
    const done = await insertRun(handle.db, { ...base, server: 'gpu1' });
    await transitionRun(handle.db, done.id, 'place', { gpuIndices: [0] });
    await transitionRun(handle.db, done.id, 'started', { processHandle: { pid: 2 } });
    await transitionRun(handle.db, done.id, 'exited_ok', { exitCode: 0 });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('posts one table per server: nvidia-smi figures, holders, simulated and Slurm servers, failures', async () => {
    const { posted, ephemeral } = await gpus();
    expect(ephemeral).toEqual([]);
    expect(posted.map((c) => c.title)).toEqual([
      'GPUs on gpu1',
      'GPUs on gpu2: nvidia-smi gave no answer',
      '[SIMULATED] GPUs on sim',
      'GPUs on cluster (Slurm)',
    ]);
    const [gpu1, gpu2, sim, cluster] = posted;
    expect(gpu1?.table?.headers).toEqual(['GPU', 'name', 'memory used / total', 'util', 'held by']);
    expect(gpu1?.table?.rows).toEqual([
      ['0', 'NVIDIA H200', '1395 / 143771 MiB', '100 %', 'another process: python3 (pid 504, 1386 MiB)'],
      ['1', 'NVIDIA H200', '0 / 143771 MiB', '0 %', 'run #1'],
    ]);
    expect(gpu1?.footer).toMatch(/^0 of 2 free for taobot · nvidia-smi at \d\d:\d\d:\d\d UTC$/);

    expect(gpu2?.tone).toBe('warning');
    expect(gpu2?.lines?.[0]).toBe(
      "nvidia-smi on gpu2: nvidia-smi exited with code 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
    );
    expect(gpu2?.table?.rows).toEqual([['0', '—', '—', '—', 'free']]);

    expect(sim?.lines?.[0]).toMatch(/simulated, there is no nvidia-smi and nothing is measured/);
    expect(sim?.table?.rows).toEqual([
      ['0', 'simulated GPU', '—', '—', 'run #2'],
      ['1', 'simulated GPU', '—', '—', 'free'],
    ]);
    expect(sim?.footer).toBe('1 of 2 free for taobot, by taobot’s own runs');
    expect(cluster?.table?.rows).toHaveLength(4);
    expect(executors.gpu1.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('shows one server when named, and says which servers exist otherwise', async () => {
    const one = await gpus('sim');
    expect(one.posted.map((c) => c.title)).toEqual(['[SIMULATED] GPUs on sim']);
    const unknown = await gpus('nope');
    expect(unknown.posted).toEqual([]);
    expect(unknown.ephemeral[0]?.title).toBe('/gpus: there is no server nope');
    expect(unknown.ephemeral[0]?.lines).toEqual(['Servers: gpu1, gpu2, sim, cluster']);
  });
});
