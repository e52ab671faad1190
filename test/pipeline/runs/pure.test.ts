import { describe, expect, it } from 'vitest';
import { allocateGpus } from '../../../src/pipeline/runs/gpu-allocation.js';
import {
  formatBytes,
  formatDuration,
  formatRanges,
  progressBar,
  summarizeProgress,
} from '../../../src/pipeline/runs/progress.js';
import { RUN_STATES, TRANSITIONS, transition } from '../../../src/pipeline/runs/run-state.js';
import { findBestCheckpoint } from '../../../src/pipeline/suggest/best-checkpoint.js';

describe('transition', () => {
  it('follows the lifecycle and refuses what the table does not allow', () => {
    expect(transition('queued', 'place')).toEqual({ ok: true, value: 'starting' });
    expect(transition('running', 'exited_ok')).toEqual({ ok: true, value: 'succeeded' });
    expect(transition('succeeded', 'cancel')).toMatchObject({
      ok: false,
      error: { message: 'the run already ended (succeeded)' },
    });
    expect(transition('queued', 'exited_ok')).toMatchObject({
      ok: false,
      error: { message: 'a queued run cannot exited ok' },
    });
  });
  it('has a row for every state and no way out of a terminal state', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...RUN_STATES].sort());
    for (const state of ['succeeded', 'failed', 'cancelled', 'rejected'] as const)
      expect(TRANSITIONS[state]).toEqual({});
  });
});

describe('allocateGpus', () => {
  it('gives the lowest free indexes', () => {
    expect(allocateGpus(4, [[0], [2]], 2)).toEqual([1, 3]);
  });
  it('says no when not enough are free, counting holders without indexes', () => {
    expect(allocateGpus(2, [[0, 1]], 1)).toBeNull();
    expect(allocateGpus(2, [null], 2)).toBeNull();
    expect(allocateGpus(2, [], 3)).toBeNull();
  });
});

describe('summarizeProgress', () => {
  it('computes the last and mean epoch time, the ETA, the loss and the last mAP', () => {
    const progress = summarizeProgress(
      [
        { epoch: 1, loss: 3, map: null, epochSeconds: 40 },
        { epoch: 2, loss: 2.5, map: 0.4, epochSeconds: 50 },
        { epoch: 3, loss: 2, map: null, epochSeconds: 60 },
      ],
      10,
    );
    expect(progress).toEqual({
      epoch: 3,
      total: 10,
      lastEpochSeconds: 60,
      meanEpochSeconds: 50,
      etaSeconds: 350,
      loss: 2,
      lastMap: { epoch: 2, map: 0.4 },
    });
  });
  it('has nothing to say before the first epoch', () => {
    expect(summarizeProgress([], 80)).toMatchObject({ epoch: 0, etaSeconds: null, lastMap: null });
  });
});

describe('formatting', () => {
  it('draws a progress bar and human durations and sizes', () => {
    expect(progressBar(3, 6, 10)).toBe('█████░░░░░ 50%');
    expect(progressBar(0, 0, 4)).toBe('░░░░ 0%');
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(formatDuration(95)).toBe('1m 35s');
    expect(formatDuration(4.24)).toBe('4.2s');
    expect(formatDuration(null)).toBe('—');
    expect(formatBytes(101.7 * 2 ** 20)).toBe('101.7 MB');
    expect(formatRanges([1, 2, 3, 5, 7, 8])).toBe('1–3, 5, 7–8');
    expect(formatRanges([])).toBe('');
  });
});

describe('findBestCheckpoint', () => {
  const saved = (epochs: number[]) => epochs.map((epoch) => ({ epoch, path: `w/e${epoch}`, bytes: 100 }));
  it('picks the highest mAP among epochs both validated and saved', () => {
    const best = findBestCheckpoint(
      [
        { epoch: 10, map: 0.5 },
        { epoch: 20, map: 0.7 },
        { epoch: 25, map: 0.8 },
        { epoch: 30, map: 0.65 },
      ],
      saved([10, 20, 30]),
    );
    expect(best?.best).toMatchObject({ epoch: 20, map: 0.7 });
    expect(best?.runnerUp).toMatchObject({ epoch: 30, map: 0.65 });
    expect(best?.unsavedBetter).toEqual([{ epoch: 25, map: 0.8 }]);
    expect(best?.recentSpread).toBeCloseTo(0.15);
  });
  it('breaks ties towards the earlier epoch', () => {
    const best = findBestCheckpoint(
      [
        { epoch: 40, map: 0.7 },
        { epoch: 20, map: 0.7 },
      ],
      saved([20, 40]),
    );
    expect(best?.best.epoch).toBe(20);
  });
  it('returns null when nothing validated was saved', () => {
    expect(findBestCheckpoint([{ epoch: 5, map: 0.7 }], saved([4]))).toBeNull();
  });
});
