import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { listCheckpoints, listEpochs } from '../../src/db/repositories/metrics.js';
import { listRuns } from '../../src/db/repositories/runs.js';
import { notifications } from '../../src/db/schema.js';
import { makeTaobotHome, startTaobotProcess, watchOutput } from '../helpers/taobot-process.js';

async function openDb(dataDir: string) {
  const handle = await createDb({ dataDir: join(dataDir, 'pglite') });
  return handle;
}

describe('taobot in a terminal', () => {
  it('trains ssd_resnet18 from piped commands through to the best-checkpoint suggestion', async () => {
    const home = makeTaobotHome();
    const child = startTaobotProcess(home.configPath);
    const out = watchOutput(child.stdout);
    child.stdin.write('/train ssd_resnet18 epochs=6 checkpoint_interval=2\n');
    child.stdin.end();
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    const text = out.text;
    expect(text).toMatch(/\[SIMULATED\] Run #1 · train ssd_resnet18/);
    expect(text).toMatch(/epoch 6\/6/);
    expect(text).toMatch(/Run #1 · train ssd_resnet18 finished/);
    expect(text).toMatch(/Best checkpoint: epoch (2|4|6), mAP 0\.\d{4}/);
    expect(text).toMatch(/Next: \/prune 1 /);
    const chart = /(\S+run-1-epoch-\d+\.png)/.exec(text)?.[1];
    expect(chart && existsSync(chart)).toBe(true);
    expect(
      readFileSync(chart as string)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const db = await openDb(home.dataDir);
    try {
      const [run] = await listRuns(db.db);
      expect(run?.state).toBe('succeeded');
      const epochs = await listEpochs(db.db, run?.id as number);
      expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(epochs.filter((e) => e.map !== null).map((e) => e.epoch)).toEqual([2, 4, 6]);
      expect(epochs.every((e) => e.epochSeconds !== null && e.loss !== null)).toBe(true);
      const checkpoints = await listCheckpoints(db.db, run?.id as number);
      expect(checkpoints.map((c) => c.epoch)).toEqual([2, 4, 6]);
      expect(checkpoints[0]?.bytes).toBeGreaterThan(100_000_000);
      const notes = await db.db.select().from(notifications);
      expect(notes.filter((n) => n.key === `final:${run?.id}`)).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
