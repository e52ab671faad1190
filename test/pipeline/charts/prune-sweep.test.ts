import { describe, expect, it } from 'vitest';
import {
  buildPruneSweep,
  type PruneSweepInput,
  thresholdAxisMax,
} from '../../../src/pipeline/charts/prune-sweep.js';
import { SIMULATED_TEXT } from '../../../src/pipeline/charts/style.js';
import {
  datasetOf,
  datasetsOf,
  expectStaticReadableJson,
  messageOf,
  pluginsOf,
  scaleOf,
  unwrap,
} from './chart-test-utils.js';

/** The seed run of the design notes: unpruned 101.7 MB → 22.5 MB at 0.1 → 9.8 MB at 0.3. */
const seed: PruneSweepInput = {
  runId: 12,
  model: 'ssd_resnet18',
  simulated: false,
  unprunedSizeMb: 101.7,
  points: [
    { threshold: 0.3, sizeMb: 9.8, paramRatio: 0.096 },
    { threshold: 0.1, sizeMb: 22.5, paramRatio: 0.221 },
    { threshold: 0.2, sizeMb: 14.6, paramRatio: 0.143 },
  ],
};

describe('buildPruneSweep', () => {
  it('plots size on the left and parameter ratio on the right, in threshold order, when given a sweep', () => {
    const spec = unwrap(buildPruneSweep(seed));
    expect(datasetOf(spec, 'model size (MB)')).toMatchObject({
      yAxisID: 'y',
      data: [
        { x: 0.1, y: 22.5 },
        { x: 0.2, y: 14.6 },
        { x: 0.3, y: 9.8 },
      ],
    });
    expect(datasetOf(spec, 'parameter ratio (pruned / original)')).toMatchObject({
      yAxisID: 'y1',
      data: [
        { x: 0.1, y: 0.221 },
        { x: 0.2, y: 0.143 },
        { x: 0.3, y: 0.096 },
      ],
    });
    expect(scaleOf(spec, 'x')).toMatchObject({
      type: 'linear',
      min: 0,
      max: 0.4,
      title: { text: 'pruning threshold (-pth)' },
    });
    expect(scaleOf(spec, 'y')).toMatchObject({
      position: 'left',
      beginAtZero: true,
      title: { text: 'model size (MB)' },
    });
    expect(scaleOf(spec, 'y1')).toMatchObject({ position: 'right', min: 0, max: 1 });
    expect(pluginsOf(spec).title.text).toBe('Run #12 · ssd_resnet18 · pruning sweep');
    expectStaticReadableJson(spec);
  });

  it('draws the unpruned size as a dashed line across the axis when it is known', () => {
    const line = datasetOf(unwrap(buildPruneSweep(seed)), 'unpruned: 101.7 MB');
    expect(line.data).toEqual([
      { x: 0, y: 101.7 },
      { x: 0.4, y: 101.7 },
    ]);
    expect(line.borderDash?.length).toBeGreaterThan(0);
    const without = unwrap(buildPruneSweep({ ...seed, unprunedSizeMb: null }));
    expect(datasetsOf(without)).toHaveLength(2);
  });

  it('plots the documented TAO 3 YOLOv4 prune when sizes come from bytes / 2**20', () => {
    const spec = unwrap(
      buildPruneSweep({
        model: 'yolo_v4',
        simulated: false,
        unprunedSizeMb: 243_042_320 / 2 ** 20,
        points: [{ threshold: 0.7, sizeMb: 22_256_768 / 2 ** 20, paramRatio: 0.26947645427472383 }],
      }),
    );
    expect(pluginsOf(spec).title.text).toBe('yolo_v4 · pruning sweep');
    expect(scaleOf(spec, 'x').max).toBe(0.8);
    expect(datasetOf(spec, /^unpruned/).label).toBe('unpruned: 231.8 MB');
  });

  it('ends the threshold axis one tenth past the largest threshold when rounding would overshoot', () => {
    expect(thresholdAxisMax(0.3)).toBe(0.4);
    expect(thresholdAxisMax(0.25)).toBe(0.3);
    expect(thresholdAxisMax(0.1)).toBe(0.2);
    expect(thresholdAxisMax(0.5)).toBe(0.6);
  });

  it('says SIMULATED when the pruned run is simulated', () => {
    const spec = unwrap(buildPruneSweep({ ...seed, simulated: true }));
    expect(pluginsOf(spec).subtitle).toMatchObject({ display: true, text: SIMULATED_TEXT });
  });

  it('explains what to fix when a sweep point is wrong', () => {
    const with1 = (point: Record<string, number>) =>
      ({ ...seed, points: [{ ...seed.points[0], ...point }] }) as PruneSweepInput;
    expect(messageOf(buildPruneSweep({ ...seed, points: [] }))).toMatch(/at least one threshold/);
    expect(messageOf(buildPruneSweep(with1({ paramRatio: 1.4 })))).toBe(
      'parameter ratio must be in (0, 1], got 1.4 at threshold 0.3',
    );
    expect(messageOf(buildPruneSweep(with1({ paramRatio: 0 })))).toMatch(/in \(0, 1\], got 0/);
    expect(messageOf(buildPruneSweep(with1({ sizeMb: 0 })))).toBe(
      'size must be a positive number of MB, got 0 at threshold 0.3',
    );
    expect(messageOf(buildPruneSweep(with1({ threshold: -0.1 })))).toMatch(
      /threshold must be a number ≥ 0, got -0.1/,
    );
    const twice = { ...seed, points: [...seed.points, { threshold: 0.1, sizeMb: 20, paramRatio: 0.2 }] };
    expect(messageOf(buildPruneSweep(twice))).toBe('threshold 0.1 appears twice: one model each');
    expect(messageOf(buildPruneSweep({ ...seed, unprunedSizeMb: -5 }))).toMatch(
      /unpruned size must be a positive/,
    );
  });
});
