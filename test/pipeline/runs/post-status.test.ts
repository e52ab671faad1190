import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../src/db/repositories/approvals.js';
import type { StoredEpoch } from '../../../src/db/repositories/metrics.js';
import type { Run } from '../../../src/db/repositories/runs.js';
import { runStatusCard } from '../../../src/pipeline/runs/post-status.js';
import type { RunMachines } from '../../../src/pipeline/runs/start-run.js';

const run = (patch: Partial<Run>): Run =>
  ({
    id: 6,
    kind: 'deploy',
    model: 'ssd_resnet18',
    simulated: false,
    state: 'running',
    server: 'gpu1',
    gpus: 1,
    gpuIndices: [0],
    numEpochs: null,
    processHandle: { step: 2 },
    ...patch,
  }) as Run;

const steps = (names: string[]) =>
  ({ steps: names.map((name) => ({ name, where: 'server', argv: ['x'] })) }) as unknown as RunMachines;

describe('runStatusCard', () => {
  it('shows the step a multi-step run is at, and who approved it', () => {
    const card = runStatusCard(
      run({}),
      [],
      steps(['export', 'copy to nano', 'build engine', 'install engine']),
      { id: 2, decidedBy: 'slack:UBOB' } as Approval,
    );
    expect(card.progress).toEqual({ current: 2, total: 4 });
    expect(card.lines).toEqual([
      'step 3/4: build engine',
      'steps: export → copy to nano → build engine → install engine',
    ]);
    expect(card.fields?.map((f) => f.label)).toEqual(['Server', 'Approved by']);
    expect(card.fields?.[1]?.value).toBe('slack:UBOB (request #2)');
  });

  it('shows epochs for a training run and no approval line without an approval', () => {
    const epochs = [{ epoch: 1, loss: 2, map: null, epochSeconds: 10 }] as StoredEpoch[];
    const card = runStatusCard(
      run({ kind: 'train', numEpochs: 4, processHandle: { step: 0 } }),
      epochs,
      steps(['train']),
      undefined,
    );
    expect(card.progress).toEqual({ current: 1, total: 4 });
    expect(card.fields?.some((f) => f.label === 'Approved by')).toBe(false);
    expect(card.fields?.some((f) => f.label === 'ETA')).toBe(true);
  });
});
