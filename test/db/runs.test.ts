import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimNotification } from '../../src/db/repositories/messages.js';
import { getOffsets, listEpochs, saveOffsets, upsertEpochs } from '../../src/db/repositories/metrics.js';
import { getRun, insertRun, listRunEvents, transitionRun } from '../../src/db/repositories/runs.js';
import { createTestDb, type TestDb, testBackends } from '../helpers/test-db.js';

const newRun = {
  kind: 'train' as const,
  model: 'ssd_resnet18',
  network: 'ssd',
  server: 'sim',
  requestedBy: 'shell:alice',
  platform: 'shell',
  channelId: 'terminal',
};

describe.each(testBackends())('run repositories on %s', (backend) => {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await createTestDb(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('creates a queued run with a created event', async () => {
    const run = await insertRun(handle.db, newRun);
    expect(run.state).toBe('queued');
    const events = await listRunEvents(handle.db, run.id);
    expect(events.map((e) => e.type)).toEqual(['created']);
  });

  it('moves a run along its lifecycle and refuses invalid events', async () => {
    const run = await insertRun(handle.db, newRun);
    expect((await transitionRun(handle.db, run.id, 'place')).ok).toBe(true);
    expect((await transitionRun(handle.db, run.id, 'started', { processHandle: { pid: 42 } })).ok).toBe(true);
    const done = await transitionRun(handle.db, run.id, 'exited_ok', { exitCode: 0 });
    expect(done.ok && done.value.state).toBe('succeeded');
    const again = await transitionRun(handle.db, run.id, 'cancel');
    expect(again.ok).toBe(false);
    expect(!again.ok && again.error).toMatch(/already ended \(succeeded\)/);
    expect((await getRun(handle.db, run.id))?.processHandle).toEqual({ pid: 42 });
  });

  it('lets exactly one of many concurrent identical transitions through', async () => {
    const run = await insertRun(handle.db, newRun);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => transitionRun(handle.db, run.id, 'place')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const events = await listRunEvents(handle.db, run.id);
    expect(events.filter((e) => e.type === 'place')).toHaveLength(1);
  });

  it('stores each epoch once and merges what later sources add', async () => {
    const run = await insertRun(handle.db, newRun);
    await upsertEpochs(handle.db, [{ runId: run.id, epoch: 1, loss: 2.5, epochSeconds: 48 }]);
    await upsertEpochs(handle.db, [
      { runId: run.id, epoch: 1, loss: 2.5, map: 0.41, ap: { car: 0.5 } },
      { runId: run.id, epoch: 2, loss: 2.1 },
    ]);
    await upsertEpochs(handle.db, [{ runId: run.id, epoch: 1, loss: 2.5 }]);
    const rows = await listEpochs(handle.db, run.id);
    expect(rows.map((r) => [r.epoch, r.loss, r.map, r.epochSeconds, r.ap])).toEqual([
      [1, 2.5, 0.41, 48, { car: 0.5 }],
      [2, 2.1, null, null, {}],
    ]);
  });

  it('keeps file offsets per run and file', async () => {
    const run = await insertRun(handle.db, newRun);
    await saveOffsets(
      handle.db,
      run.id,
      new Map([
        ['status.json', 120],
        ['console.log', 3000],
      ]),
    );
    await saveOffsets(handle.db, run.id, new Map([['status.json', 240]]));
    expect(await getOffsets(handle.db, run.id)).toEqual(
      new Map([
        ['status.json', 240],
        ['console.log', 3000],
      ]),
    );
  });

  it('claims a notification exactly once', async () => {
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => claimNotification(handle.db, 'final:1')),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
