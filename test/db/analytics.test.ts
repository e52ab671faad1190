import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/analytics/compare.js';
import { computeFrontier } from '../../src/analytics/frontier.js';
import { loadSummaryData, summaryTotals } from '../../src/analytics/summary-data.js';
import { dailyPeriod } from '../../src/analytics/summary-period.js';
import { rowsOf } from '../../src/db/repositories/analytics.js';
import {
  loadCompareFacts,
  loadCurrentDeployments,
  loadFrontierRows,
} from '../../src/db/repositories/analytics-lineage.js';
import { type History, mb, PERIOD, seedHistory } from '../analytics/history.js';
import { createTestDb, type TestDb, testBackends } from '../helpers/test-db.js';

const berlin = { channel: 'slack:C1', at: '09:00', timezone: 'Europe/Berlin' };

describe.each(testBackends())('analytics queries on %s', (backend) => {
  let handle: TestDb;
  let h: History;
  beforeAll(async () => {
    handle = await createTestDb(backend);
    h = await seedHistory(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('sums the daily summary of a 23-hour day by hand-checked figures', async () => {
    const period = dailyPeriod(berlin, '2026-03-29');
    expect([period.from, period.to]).toEqual([PERIOD.from, PERIOD.to]);
    // Posted two hours late: the figures are still those at 09:00.
    const data = await loadSummaryData(handle.db, period, PERIOD.to + 2 * 3_600_000);
    const totals = summaryTotals(data);
    expect(totals).toMatchObject({ started: 5, succeeded: 4, failed: 1, cancelled: 1, running: 1 });
    expect(totals.gpuHours).toBeCloseTo(4 + 1.5 + 0.1 + 28 + 2 + 1 / 3, 6);
    expect(totals.gpuHoursByServer.map((s) => [s.server, Number(s.hours.toFixed(4))])).toEqual([
      ['gpu1', 32.4333],
      ['gpu2', 3.5],
    ]);
    expect(data.best.map((b) => [b.model, b.runId, b.epoch, b.map, b.checkpointBytes])).toEqual([
      ['ssd_resnet18', h.a, 10, 0.76, mb(101.7)],
      ['yolo_v4', h.e, 2, 0.31, mb(40)],
    ]);
    expect(data.best[0]?.checkpointPath).toBe(`/data/runs/${h.a}/weights/ssd_resnet18_epoch_010.hdf5`);
    expect(data.failures.map((f) => [f.runId, f.error])).toEqual([[h.b, 'CUDA out of memory']]);
    expect(data.approvals.map((a) => a.id)).toEqual([h.approvals.pending, h.approvals.decidedLater]);
    expect(data.disk.map((d) => [d.server, d.bytes, d.checkpoints, d.addedBytes, d.freedBytes])).toEqual([
      ['gpu1', mb(101.7) + 2 * mb(23.6), 3, mb(101.7) + 2 * mb(23.6), mb(101.7)],
      ['gpu2', mb(40) + mb(50), 2, mb(40), 0],
      // The import's checkpoint is on disk and new to taobot, though its run is not the period's activity.
      ['imported', mb(80), 1, mb(80), 0],
    ]);
    expect(data.prunes).toEqual([
      {
        runId: h.c,
        model: 'ssd_resnet18',
        simulated: false,
        sourceRunId: h.a,
        sourceEpoch: 10,
        threshold: 0.1,
        paramRatio: 0.221,
        sizeBytes: mb(22.5),
        sourceSizeBytes: mb(101.7),
      },
    ]);
    expect(data.retrains).toEqual([
      {
        runId: h.d,
        model: 'ssd_resnet18',
        simulated: false,
        pruneRunId: h.c,
        threshold: 0.1,
        sizeBytes: mb(23.6),
        sourceRunId: h.a,
        sourceMap: 0.76,
        // Epoch 15 validated higher (0.75) but its checkpoint was not saved.
        map: 0.742,
        epoch: 20,
      },
    ]);
    expect(
      data.deployments.map((d) => [d.runId, d.device, d.precision, d.throughputQps, d.sourceRunId]),
    ).toEqual([[h.f, 'nano', 'int8', 212.4, h.d]]);
  });

  it('counts what was running and waiting now for a period that has not ended', async () => {
    const now = Date.parse('2026-03-29T06:30:00Z');
    const data = await loadSummaryData(
      handle.db,
      { ...dailyPeriod(berlin, '2026-03-29'), kind: 'today' },
      now,
    );
    const totals = summaryTotals(data);
    expect(totals.running).toBe(1);
    // e ran 05:00–06:30 so far; f and d ended before.
    expect(totals.gpuHours).toBeCloseTo(4 + 1.5 + 0.1 + 28 + 1.5 + 1 / 3, 6);
    expect(data.approvals.map((a) => a.id)).toEqual([h.approvals.pending, h.approvals.decidedLater]);
    expect(data.disk.find((d) => d.server === 'gpu2')?.bytes).toBe(mb(40) + mb(50));
    // At 06:00 sharp e's checkpoint (written at 06:00) is not there yet, nor the approval asked at 06:00.
    const earlier = await loadSummaryData(
      handle.db,
      dailyPeriod(berlin, '2026-03-29'),
      Date.parse('2026-03-29T06:00:00Z'),
    );
    expect(earlier.disk.find((d) => d.server === 'gpu2')?.bytes).toBe(mb(50));
    expect(earlier.approvals.map((a) => a.id)).toEqual([h.approvals.pending]);
    expect(earlier.best.find((b) => b.model === 'yolo_v4')).toBeUndefined();
  });

  it('compares runs: best saved checkpoint, size, epoch time and per-class AP', async () => {
    const ids = [h.a, h.d, 999_999];
    const { runs, missing } = compareRuns(await loadCompareFacts(handle.db, ids), ids);
    expect(missing).toEqual([999_999]);
    expect(
      runs.map((r) => [r.runId, r.best, r.sizeBytes, r.threshold, r.epochs, r.meanEpochSeconds]),
    ).toEqual([
      [h.a, { epoch: 10, map: 0.76, saved: true }, mb(101.7), null, 10, 53.5],
      [h.d, { epoch: 20, map: 0.742, saved: true }, mb(23.6), 0.1, 20, 58.5],
    ]);
    expect(runs[0]?.classAp).toEqual({ car: 0.85, cyclist: 0.7, pedestrian: 0.73 });
    // d's log has no AP table; the evaluation of its epoch 20 has.
    expect(runs[1]?.classAp).toEqual({ car: 0.84, cyclist: 0.66, pedestrian: 0.726 });
  });

  it('puts every variant of a model on the size/mAP plane with its Pareto front and devices', async () => {
    const points = computeFrontier(
      await loadFrontierRows(handle.db, 'ssd_resnet18'),
      await loadCurrentDeployments(handle.db),
    );
    expect(
      points.map((p) => [
        p.runId,
        p.kind,
        p.label,
        p.sizeBytes,
        p.map,
        p.onFront,
        p.deployedOn.map((d) => d.device),
      ]),
    ).toEqual([
      [h.i, 'prune', `#${h.i} pth 0.3 (not retrained)`, mb(9.8), 0.41, true, []],
      [h.d, 'retrain', `#${h.d} pth 0.1`, mb(23.6), 0.742, true, ['nano']],
      [h.h, 'train', `#${h.h} unpruned`, mb(50), 0.8, true, []],
      [h.j, 'train', `#${h.j} unpruned`, mb(80), 0.78, false, []],
      [h.a, 'train', `#${h.a} unpruned`, mb(101.7), 0.76, false, ['orin']],
    ]);
    expect(points.find((p) => p.runId === h.h)?.simulated).toBe(true);
    expect(await loadFrontierRows(handle.db, 'yolo_v4')).toEqual([]);
  });

  it('serves dashboard views a Grafana data source can read as they are', async () => {
    const [runA] = await rowsOf<Record<string, unknown>>(
      handle.db,
      sql`select kind, state, duration_seconds, gpu_hours, epochs, validated_epochs, best_map, queued_seconds from v_runs where run_id = ${h.a}`,
    );
    expect(runA).toMatchObject({
      kind: 'train',
      state: 'succeeded',
      duration_seconds: 14_400,
      gpu_hours: 8,
      epochs: 10,
      validated_epochs: 2,
      best_map: 0.76,
    });
    const [cancelled] = await rowsOf<{ gpu_hours: number | null; ended: boolean }>(
      handle.db,
      sql`select gpu_hours, finished_at is not null as ended from v_runs where run_id = ${h.g}`,
    );
    expect(cancelled).toEqual({ gpu_hours: null, ended: true });
    const [prune] = await rowsOf<Record<string, unknown>>(
      handle.db,
      sql`select size_mb, source_size_mb, source_map, retrain_run_id, retrained_map, map_drop from v_prune_results where prune_run_id = ${h.c}`,
    );
    expect(prune).toMatchObject({
      size_mb: 22.5,
      source_map: 0.76,
      retrain_run_id: h.d,
      retrained_map: 0.75,
    });
    expect(prune?.map_drop).toBeCloseTo(0.01, 9);
    const deployed = await rowsOf<{
      deploy_run_id: number;
      device: string;
      is_current: boolean;
      map: number;
    }>(
      handle.db,
      sql`select deploy_run_id, device, is_current, map from v_deployments order by deploy_run_id`,
    );
    expect(deployed.map((d) => [d.deploy_run_id, d.device, d.is_current, d.map])).toEqual([
      [h.f, 'nano', true, 0.742],
      [h.k, 'nano', false, 0.76],
      [h.l, 'orin', true, 0.76],
    ]);
    const states = await rowsOf<{ approval_id: number; state: string; wait_seconds: number }>(
      handle.db,
      sql`select approval_id, state, wait_seconds from v_approvals order by approval_id`,
    );
    // The database's clock is well past every expiry in this history.
    expect(states.map((a) => [a.approval_id, a.state])).toEqual([
      [h.approvals.pending, 'expired'],
      [h.approvals.decidedLater, 'approved'],
      [h.approvals.approved, 'approved'],
      [h.approvals.expired, 'expired'],
    ]);
    expect(states[1]?.wait_seconds).toBe(7200);
    const classes = await rowsOf<{ class: string; ap: number }>(
      handle.db,
      sql`select class, ap from v_epoch_class_ap where run_id = ${h.a} and epoch = 10 order by class`,
    );
    expect(classes).toEqual([
      { class: 'car', ap: 0.85 },
      { class: 'cyclist', ap: 0.7 },
      { class: 'pedestrian', ap: 0.73 },
    ]);
    const [epochRow] = await rowsOf<Record<string, unknown>>(
      handle.db,
      sql`select model, checkpoint_on_disk, map from v_epochs where run_id = ${h.a} and epoch = 5`,
    );
    expect(epochRow).toEqual({ model: 'ssd_resnet18', checkpoint_on_disk: false, map: 0.7 });
    const [disk] = await rowsOf<{ mb: number; on_disk: number }>(
      handle.db,
      sql`select sum(mb)::float8 as mb, count(*) filter (where on_disk)::int as on_disk from v_checkpoints where server = 'gpu1'`,
    );
    expect(disk?.on_disk).toBe(3);
  });
});
