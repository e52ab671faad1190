import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/bot/commands/index.js';
import { CommandRegistry } from '../../../src/bot/core/command.js';
import { dispatch } from '../../../src/bot/core/dispatch.js';
import type { Card, Reply } from '../../../src/bot/core/types.js';
import type { Services } from '../../../src/bot/services.js';
import { parseConfigText, type ServerConfig } from '../../../src/config/index.js';
import { silentLogger } from '../../../src/logger.js';
import { SPECS_DIR } from '../../helpers/taobot-process.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const config = parseConfigText(
  `servers:
  - { name: busy, executor: local, tao: tao, workdir: /tmp/a, gpus: 2 }
  - { name: spare, executor: local, tao: tao, workdir: /tmp/b, gpus: 2 }
models: { ssd_resnet18: { spec: ${SPECS_DIR}ssd_train_resnet18_kitti.txt } }
`,
  { source: 'test', baseDir: '/tmp', env: {} },
);

describe('/train picking a server', () => {
  let handle: TestDb;
  let busyElsewhere: Record<string, number[] | null> = {};
  const cards: Card[] = [];
  const reply: Reply = {
    async post(card) {
      cards.push(card);
      return { platform: 'shell', channelId: 'terminal', messageRef: String(cards.length) };
    },
    async ephemeral(card) {
      cards.push(card);
    },
  };
  const registry = new CommandRegistry(COMMANDS);
  const train = async (text: string) => {
    cards.length = 0;
    const services = {
      db: handle.db,
      config,
      gpuAvailability: { unavailable: async (server: ServerConfig) => busyElsewhere[server.name] ?? null },
      readSpec: (path: string) => readFileSync(path, 'utf8'),
      logger: silentLogger(),
    } as unknown as Services;
    await dispatch(
      registry,
      {
        platform: 'shell',
        command: 'train',
        input: { text },
        user: { platform: 'shell', id: 'alice' },
        channelId: 'terminal',
      },
      reply,
      services,
      silentLogger(),
    );
    return cards[0];
  };

  beforeAll(async () => {
    handle = await createTestDb('pglite');
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('takes the first server when nvidia-smi sees nothing busy', async () => {
    busyElsewhere = { busy: [], spare: [] };
    const card = await train('ssd_resnet18 gpus=2 dry-run');
    expect(card?.fields?.find((f) => f.label === 'Server')?.value).toMatch(/^busy /);
  });

  it('passes over a server whose GPUs other processes keep busy', async () => {
    busyElsewhere = { busy: [0], spare: [] };
    const card = await train('ssd_resnet18 gpus=2 dry-run');
    expect(card?.fields?.find((f) => f.label === 'Server')?.value).toMatch(/^spare /);
    expect(card?.fields?.find((f) => f.label === 'GPUs')?.value).toBe('2');
  });

  it('queues on the first big-enough server when every one is busy, and says so', async () => {
    busyElsewhere = { busy: [1], spare: [0, 1] };
    const card = await train('ssd_resnet18 gpus=2 dry-run');
    expect(card?.fields?.find((f) => f.label === 'Server')?.value).toMatch(/^busy /);
    expect(card?.fields?.find((f) => f.label === 'GPUs')?.value).toBe('2 (would wait in the queue)');
  });
});
