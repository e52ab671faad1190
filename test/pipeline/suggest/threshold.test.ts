import { describe, expect, it } from 'vitest';
import { interpolate, isotonicFit } from '../../../src/pipeline/suggest/monotone-fit.js';
import { type PruneHistoryPoint, suggestThreshold } from '../../../src/pipeline/suggest/threshold.js';

const MB = 2 ** 20;
const point = (
  threshold: number,
  mapDrop: number | null,
  sizeMb: number | null = null,
  paramRatio: number | null = null,
): PruneHistoryPoint => ({
  threshold,
  mapDrop,
  sizeBytes: sizeMb === null ? null : sizeMb * MB,
  paramRatio,
});

describe('isotonicFit', () => {
  it('pools adjacent violators into a non-decreasing curve', () => {
    expect(
      isotonicFit([
        { x: 0.1, y: 0.01 },
        { x: 0.2, y: 0.03 },
        { x: 0.3, y: 0.02 },
        { x: 0.4, y: 0.05 },
      ]),
    ).toEqual([
      { x: 0.1, y: 0.01 },
      { x: 0.2, y: 0.025 },
      { x: 0.3, y: 0.025 },
      { x: 0.4, y: 0.05 },
    ]);
  });
  it('pools repeated thresholds and interpolates without extrapolating', () => {
    const curve = isotonicFit([
      { x: 0.1, y: 0.0 },
      { x: 0.1, y: 0.02 },
      { x: 0.3, y: 0.05 },
    ]);
    expect(curve).toEqual([
      { x: 0.1, y: 0.01 },
      { x: 0.3, y: 0.05 },
    ]);
    expect(interpolate(curve, 0.2)).toBeCloseTo(0.03);
    expect(interpolate(curve, 0.5)).toBeNull();
  });
});

describe('suggestThreshold', () => {
  it('offers TAO’s default and a sweep when the model has no retrained history', () => {
    const s = suggestThreshold([point(0.1, null, 22.5, 0.22), point(0.3, null, 9.8, 0.1)], 0.02);
    expect(s).toMatchObject({ threshold: 0.1, basis: 'default', sweep: [0.1, 0.2, 0.3] });
    expect(s.evidence.map((e) => [e.threshold, e.sizeBytes])).toEqual([
      [0.1, 22.5 * MB],
      [0.3, 9.8 * MB],
    ]);
  });

  it('picks the largest threshold within the accepted drop on a monotone history', () => {
    const s = suggestThreshold(
      [point(0.1, 0.005, 22.5), point(0.2, 0.012, 15), point(0.3, 0.018, 9.8), point(0.5, 0.06, 6)],
      0.02,
    );
    expect(s.threshold).toBe(0.3);
    expect(s.predictedDrop).toBeCloseTo(0.018);
    expect(s.predictedSizeBytes).toBeCloseTo(9.8 * MB);
    expect(s.reason).toMatch(/largest threshold whose fitted mAP drop \(0\.0180\) stays within 0\.02/);
  });

  it('does not trust one lucky noisy point above a bad one', () => {
    // 0.4 retrained well by luck, but 0.3 lost a lot: the monotone fit pools them and keeps 0.2.
    const s = suggestThreshold(
      [point(0.1, 0.004), point(0.2, 0.01), point(0.3, 0.05), point(0.4, 0.01)],
      0.02,
    );
    expect(s.threshold).toBe(0.2);
    expect(s.evidence.find((e) => e.threshold === 0.4)?.fittedDrop).toBeCloseTo(0.03);
  });

  it('suggests exploring above the highest threshold when all of a sparse history is within budget', () => {
    const s = suggestThreshold([point(0.1, 0.003)], 0.02);
    expect(s.threshold).toBe(0.1);
    expect(s.reason).toMatch(/highest threshold tried \(0\.1\).*higher ones are untested/);
    expect(s.sweep).toEqual([0.15, 0.2, 0.3]);
  });

  it('asks for a lower threshold when even the lowest lost too much', () => {
    const s = suggestThreshold([point(0.2, 0.04), point(0.3, 0.08)], 0.02);
    expect(s.threshold).toBe(0.1);
    expect(s.reason).toMatch(/every threshold tried \(from 0\.2\) lost more than 0\.02/);
  });

  it('settles contradictory repeats of one threshold by their mean', () => {
    const s = suggestThreshold([point(0.2, 0.0), point(0.2, 0.03), point(0.1, 0.01)], 0.02);
    expect(s.evidence.find((e) => e.threshold === 0.2)?.observedDrops).toEqual([0.0, 0.03]);
    expect(s.threshold).toBe(0.2);
    expect(s.predictedDrop).toBeCloseTo(0.015);
  });

  it('respects the device’s size limit', () => {
    const s = suggestThreshold([point(0.1, 0.005, 22.5), point(0.3, 0.015, 9.8)], 0.02, {
      maxSizeBytes: 10 * MB,
    });
    expect(s.threshold).toBe(0.3);
    const tooBig = suggestThreshold([point(0.1, 0.005, 22.5), point(0.3, 0.015, 9.8)], 0.02, {
      maxSizeBytes: 5 * MB,
    });
    expect(tooBig.threshold).toBe(0.3);
    expect(tooBig.reason).toMatch(/small enough for the device \(at most 5\.0 MB\)/);
    expect(tooBig.sweep).toEqual([0.35, 0.4]);
  });
});
