import { describe, expect, it } from 'vitest';
import { parseAppsQuery, parseGpuQuery } from '../../../src/pipeline/gpus/nvidia-smi.js';
import { chooseGpus, isGpuActive, unavailableIndexes } from '../../../src/pipeline/gpus/placement.js';
import { readFixture } from '../../helpers/fixtures.js';

const gpus = (name: string) => parseGpuQuery(readFixture('nvidia-smi', name)).rows;
const apps = (name: string) => parseAppsQuery(readFixture('nvidia-smi', name)).rows;

describe('chooseGpus', () => {
  it('picks the lowest indexes neither taobot nor anyone else uses', () => {
    expect(chooseGpus(4, [], [], 2)).toEqual([0, 1]);
    expect(chooseGpus(4, [], [0], 2)).toEqual([1, 2]);
    expect(chooseGpus(4, [[1]], [0], 2)).toEqual([2, 3]);
    expect(chooseGpus(4, [[0]], [2], 1)).toEqual([1]);
  });

  it('queues (null) when the busy GPUs leave too few', () => {
    expect(chooseGpus(2, [], [0], 2)).toBeNull();
    expect(chooseGpus(2, [[1]], [0], 1)).toBeNull();
    expect(chooseGpus(3, [[0]], [1, 2], 1)).toBeNull();
  });

  it('takes a GPU that is both held by taobot and busy once, not twice', () => {
    expect(chooseGpus(3, [[0]], [0], 2)).toEqual([1, 2]);
  });

  it('ignores busy indexes beyond the configured count and duplicates', () => {
    expect(chooseGpus(2, [], [2, 3, 3, 7], 2)).toEqual([0, 1]);
  });

  it('still counts a taobot run without recorded indexes against the free GPUs', () => {
    expect(chooseGpus(3, [null], [0], 2)).toBeNull();
    expect(chooseGpus(4, [null], [0], 2)).toEqual([1, 2]);
  });

  it('behaves like the bookkeeping alone when nothing is busy elsewhere', () => {
    expect(chooseGpus(2, [[0]], [], 1)).toEqual([1]);
    expect(chooseGpus(2, [[0], [1]], [], 1)).toBeNull();
  });
});

describe('GPU activity from the captured nvidia-smi outputs', () => {
  it('sees the idle H200 as free and the loaded one as busy', () => {
    const [idle] = gpus('query-gpu.csv');
    const [busy] = gpus('query-gpu-busy.csv');
    expect(idle && isGpuActive(idle, apps('query-apps-idle.csv'))).toBe(false);
    expect(busy && isGpuActive(busy, apps('query-apps-busy.csv'))).toBe(true);
    // The process alone, or the memory alone, is enough.
    expect(idle && isGpuActive(idle, apps('query-apps-busy.csv'))).toBe(true);
    expect(busy && isGpuActive(busy, [])).toBe(true);
  });

  it('marks busy and missing configured indexes as unavailable', () => {
    expect(unavailableIndexes(1, gpus('query-gpu.csv'), [])).toEqual([]);
    expect(unavailableIndexes(1, gpus('query-gpu-busy.csv'), apps('query-apps-busy.csv'))).toEqual([0]);
    // Configured for two GPUs, nvidia-smi lists one: index 1 cannot run anything.
    expect(unavailableIndexes(2, gpus('query-gpu.csv'), [])).toEqual([1]);
  });
});
