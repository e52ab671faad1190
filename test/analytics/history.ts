import type { Db } from '../../src/db/client.js';
import {
  approvals,
  checkpoints,
  deployments,
  epochs,
  evaluations,
  pruneResults,
  runs,
} from '../../src/db/schema.js';

/**
 * A constructed history around the Berlin daily summary of Sunday 2026-03-29 (due 09:00 CEST = 07:00Z; the
 * period starts Saturday 09:00 CET = 08:00Z, 23 hours because clocks go forward that night). Every figure the
 * tests expect is worked out by hand in the comments.
 */
export const PERIOD = { from: Date.parse('2026-03-28T08:00:00Z'), to: Date.parse('2026-03-29T07:00:00Z') };

export const mb = (value: number) => Math.round(value * 2 ** 20);
const at = (iso: string) => new Date(iso);

const base: { network: string; requestedBy: string; platform: string; channelId: string } = {
  network: 'ssd',
  requestedBy: 'slack:U1',
  platform: 'slack',
  channelId: 'C1',
};

export interface History {
  /** train, gpu1 ×2, 06:00–10:00 Sat: 4 GPU-h in the period (from 08:00), best 0.76 at epoch 10 (101.7 MB). */
  a: number;
  /** train, gpu2 ×1, 12:00–13:30 Sat, failed: 1.5 GPU-h. */
  b: number;
  /** prune of a@10 at pth 0.1, gpu1 ×1, 11:00–11:06 Sat: 0.1 GPU-h, 101.7 → 22.5 MB, 22.1% of parameters. */
  c: number;
  /** retrain of c, gpu1 ×2, 12:00 Sat–02:00 Sun: 28 GPU-h, best 0.742 at epoch 20 (23.6 MB). */
  d: number;
  /** train yolo_v4, gpu2 ×1, running since 05:00 Sun: 2 GPU-h up to 07:00, 0.31 at epoch 2 (40 MB). */
  e: number;
  /** deploy of d@20 to nano (int8), gpu1 ×1, 03:00–03:20 Sun: 1/3 GPU-h. */
  f: number;
  /** train cancelled while queued at 20:00 Sat: no GPU time. */
  g: number;
  /** train, gpu2, all on Friday (before the period): 0.80 at epoch 5 (50 MB). */
  h: number;
  /** prune of a@10 at pth 0.3 on Friday, 9.8 MB, evaluated (0.41) but never retrained. */
  i: number;
  /** deploy of a@10 to nano on Friday (no longer what nano runs). */
  k: number;
  /** deploy of a@10 to orin on Friday (still what orin runs). */
  l: number;
  /** `taobot import` of an old results folder at 15:00 Sat: 0.78 at epoch 3 (80 MB); history, not activity. */
  j: number;
  /** approvals: pending at 07:00 (asked 04:00), decided after the period (asked 06:00), approved, expired. */
  approvals: { pending: number; decidedLater: number; approved: number; expired: number };
}

export async function seedHistory(db: Db): Promise<History> {
  type RunValues = Omit<typeof runs.$inferInsert, keyof typeof base> & Partial<typeof base>;
  const insert = async (values: RunValues) => {
    const [row] = await db
      .insert(runs)
      .values({ ...base, ...values })
      .returning({ id: runs.id });
    return row?.id as number;
  };
  const trainA = await insert({
    kind: 'train',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 2,
    state: 'succeeded',
    startedAt: at('2026-03-28T06:00:00Z'),
    finishedAt: at('2026-03-28T10:00:00Z'),
  });
  const trainB = await insert({
    kind: 'train',
    model: 'ssd_resnet18',
    server: 'gpu2',
    gpus: 1,
    state: 'failed',
    startedAt: at('2026-03-28T12:00:00Z'),
    finishedAt: at('2026-03-28T13:30:00Z'),
    error: 'CUDA out of memory\nTraceback (most recent call last):',
  });
  const pruneC = await insert({
    kind: 'prune',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'succeeded',
    parentRunId: trainA,
    startedAt: at('2026-03-28T11:00:00Z'),
    finishedAt: at('2026-03-28T11:06:00Z'),
  });
  const retrainD = await insert({
    kind: 'retrain',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 2,
    state: 'succeeded',
    parentRunId: pruneC,
    startedAt: at('2026-03-28T12:00:00Z'),
    finishedAt: at('2026-03-29T02:00:00Z'),
  });
  const trainE = await insert({
    kind: 'train',
    model: 'yolo_v4',
    network: 'yolo_v4',
    server: 'gpu2',
    gpus: 1,
    state: 'running',
    startedAt: at('2026-03-29T05:00:00Z'),
  });
  const deployF = await insert({
    kind: 'deploy',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'succeeded',
    parentRunId: retrainD,
    startedAt: at('2026-03-29T03:00:00Z'),
    finishedAt: at('2026-03-29T03:20:00Z'),
  });
  const cancelledG = await insert({
    kind: 'train',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'cancelled',
    createdAt: at('2026-03-28T19:00:00Z'),
    finishedAt: at('2026-03-28T20:00:00Z'),
    updatedAt: at('2026-03-28T20:00:00Z'),
  });
  const trainH = await insert({
    kind: 'train',
    model: 'ssd_resnet18',
    server: 'gpu2',
    gpus: 1,
    state: 'succeeded',
    simulated: true,
    startedAt: at('2026-03-27T01:00:00Z'),
    finishedAt: at('2026-03-27T05:00:00Z'),
  });
  const pruneI = await insert({
    kind: 'prune',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'succeeded',
    parentRunId: trainA,
    startedAt: at('2026-03-27T10:00:00Z'),
    finishedAt: at('2026-03-27T10:05:00Z'),
  });
  const evalI = await insert({
    kind: 'evaluate',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'succeeded',
    parentRunId: pruneI,
    startedAt: at('2026-03-27T10:10:00Z'),
    finishedAt: at('2026-03-27T10:20:00Z'),
  });
  const evalD = await insert({
    kind: 'evaluate',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'succeeded',
    parentRunId: retrainD,
    createdAt: at('2026-03-29T09:00:00Z'),
    startedAt: at('2026-03-29T09:00:00Z'),
    finishedAt: at('2026-03-29T09:10:00Z'),
  });
  const deployK = await insert({
    kind: 'deploy',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'succeeded',
    startedAt: at('2026-03-26T10:00:00Z'),
    finishedAt: at('2026-03-26T10:30:00Z'),
  });
  const deployL = await insert({
    kind: 'deploy',
    model: 'ssd_resnet18',
    server: 'gpu1',
    gpus: 1,
    state: 'succeeded',
    startedAt: at('2026-03-27T11:00:00Z'),
    finishedAt: at('2026-03-27T11:30:00Z'),
  });
  // As storeScan records an import: no start time, finished when imported, server "imported".
  const importedJ = await insert({
    kind: 'train',
    model: 'ssd_resnet18',
    server: 'imported',
    gpus: 1,
    state: 'succeeded',
    params: { importedFrom: '/old/results/ssd_run_2024' },
    createdAt: at('2026-03-28T15:00:00Z'),
    finishedAt: at('2026-03-28T15:00:00Z'),
  });

  const epoch = (
    runId: number,
    n: number,
    map: number | null,
    recorded: string,
    extra: Partial<typeof epochs.$inferInsert> = {},
  ) => ({
    runId,
    epoch: n,
    loss: 1 / n,
    map,
    epochSeconds: 48 + n,
    recordedAt: at(recorded),
    ...extra,
  });
  await db.insert(epochs).values([
    ...Array.from({ length: 10 }, (_, k) =>
      epoch(
        trainA,
        k + 1,
        k + 1 === 5 ? 0.7 : k + 1 === 10 ? 0.76 : null,
        '2026-03-28T09:00:00Z',
        k + 1 === 10 ? { ap: { car: 0.85, cyclist: 0.7, pedestrian: 0.73 } } : {},
      ),
    ),
    epoch(trainB, 1, null, '2026-03-28T13:00:00Z'),
    // d validates at 10 and 20 and (after its checkpoint was not kept) at 15, better but unsaved.
    ...Array.from({ length: 20 }, (_, k) =>
      epoch(
        retrainD,
        k + 1,
        k + 1 === 10 ? 0.7 : k + 1 === 15 ? 0.75 : k + 1 === 20 ? 0.742 : null,
        '2026-03-29T01:00:00Z',
      ),
    ),
    epoch(trainE, 1, null, '2026-03-29T05:30:00Z'),
    epoch(trainE, 2, 0.31, '2026-03-29T06:00:00Z'),
    // Recorded after the period ended: a late summary must not count it.
    epoch(trainE, 3, 0.5, '2026-03-29T08:00:00Z'),
    epoch(trainH, 5, 0.8, '2026-03-27T05:00:00Z'),
    epoch(importedJ, 1, null, '2026-03-28T15:00:00Z'),
    epoch(importedJ, 2, null, '2026-03-28T15:00:00Z'),
    epoch(importedJ, 3, 0.78, '2026-03-28T15:00:00Z'),
  ]);
  const ckpt = (runId: number, n: number, size: number, created: string, deleted?: string) => ({
    runId,
    epoch: n,
    path: `/data/runs/${runId}/weights/ssd_resnet18_epoch_${String(n).padStart(3, '0')}.hdf5`,
    bytes: mb(size),
    createdAt: at(created),
    deletedAt: deleted ? at(deleted) : null,
  });
  await db
    .insert(checkpoints)
    .values([
      ckpt(trainA, 5, 101.7, '2026-03-28T07:00:00Z', '2026-03-28T23:00:00Z'),
      ckpt(trainA, 10, 101.7, '2026-03-28T09:55:00Z'),
      ckpt(retrainD, 10, 23.6, '2026-03-28T20:00:00Z'),
      ckpt(retrainD, 20, 23.6, '2026-03-29T01:55:00Z'),
      ckpt(trainE, 2, 40, '2026-03-29T06:00:00Z'),
      ckpt(trainE, 3, 40, '2026-03-29T08:00:00Z'),
      ckpt(trainH, 5, 50, '2026-03-27T05:00:00Z'),
      ckpt(importedJ, 3, 80, '2026-03-28T15:00:00Z'),
    ]);
  const prune = {
    normalizer: 'max',
    equalization: 'union',
    granularity: 8,
    minFilters: 16,
    outputPath: '/data/pruned.hdf5',
  };
  await db.insert(pruneResults).values([
    {
      runId: pruneC,
      sourceRunId: trainA,
      sourceEpoch: 10,
      threshold: 0.1,
      paramRatio: 0.221,
      sizeBytes: mb(22.5),
      sourceSizeBytes: mb(101.7),
      ...prune,
    },
    {
      runId: pruneI,
      sourceRunId: trainA,
      sourceEpoch: 10,
      threshold: 0.3,
      paramRatio: 0.096,
      sizeBytes: mb(9.8),
      sourceSizeBytes: mb(101.7),
      ...prune,
    },
  ]);
  await db.insert(evaluations).values([
    { runId: evalI, sourceRunId: pruneI, epoch: 1, map: 0.41, ap: { car: 0.5 } },
    {
      runId: evalD,
      sourceRunId: retrainD,
      epoch: 20,
      map: 0.742,
      ap: { car: 0.84, cyclist: 0.66, pedestrian: 0.726 },
    },
  ]);
  const deploy = { precision: 'int8', engineBytes: mb(12), tensorrtVersion: '8.6.2' };
  await db.insert(deployments).values([
    {
      runId: deployF,
      sourceRunId: retrainD,
      epoch: 20,
      device: 'nano',
      throughputQps: 212.4,
      latencyMeanMs: 4.71,
      latencyP99Ms: 6.02,
      ...deploy,
    },
    {
      runId: deployK,
      sourceRunId: trainA,
      epoch: 10,
      device: 'nano',
      throughputQps: 61.2,
      latencyMeanMs: 16.3,
      latencyP99Ms: 18.1,
      ...deploy,
    },
    {
      runId: deployL,
      sourceRunId: trainA,
      epoch: 10,
      device: 'orin',
      throughputQps: 540.5,
      latencyMeanMs: 1.85,
      latencyP99Ms: 2.4,
      ...deploy,
      precision: 'fp16',
    },
  ]);
  const approval = (runId: number, created: string, expires: string, state: string, decided?: string) => ({
    kind: 'retrain',
    runId,
    subject: { sourceRunId: runId },
    subjectHash: 'h',
    requestedBy: 'slack:U2',
    state,
    createdAt: at(created),
    expiresAt: at(expires),
    decidedAt: decided ? at(decided) : null,
    decidedBy: decided ? 'slack:U3' : null,
    platform: 'slack',
    channelId: 'C1',
  });
  const [pending, decidedLater, approved, expired] = await db
    .insert(approvals)
    .values([
      approval(pruneC, '2026-03-29T04:00:00Z', '2026-03-30T04:00:00Z', 'pending'),
      approval(pruneC, '2026-03-29T06:00:00Z', '2026-03-30T06:00:00Z', 'approved', '2026-03-29T08:00:00Z'),
      approval(pruneC, '2026-03-28T09:00:00Z', '2026-03-29T09:00:00Z', 'approved', '2026-03-28T10:00:00Z'),
      approval(pruneC, '2026-03-28T05:00:00Z', '2026-03-29T05:00:00Z', 'pending'),
    ])
    .returning({ id: approvals.id });
  return {
    a: trainA,
    b: trainB,
    c: pruneC,
    d: retrainD,
    e: trainE,
    f: deployF,
    g: cancelledG,
    h: trainH,
    i: pruneI,
    k: deployK,
    l: deployL,
    j: importedJ,
    approvals: {
      pending: pending?.id as number,
      decidedLater: decidedLater?.id as number,
      approved: approved?.id as number,
      expired: expired?.id as number,
    },
  };
}
