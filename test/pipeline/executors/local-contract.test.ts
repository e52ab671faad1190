import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createLocalExecutor } from '../../../src/pipeline/executors/local.js';
import { executorContract } from '../../contracts/executor.contract.js';

const workdirs: string[] = [];

afterAll(async () => {
  for (const dir of workdirs) await rm(dir, { recursive: true, force: true });
});

executorContract(
  'local',
  () => createLocalExecutor(),
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'taobot-local-contract-'));
    workdirs.push(dir);
    return dir;
  },
);
