import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/sim/argparse.js';
import { freshCurve, qualityAt, softStartAnnealingLr } from '../../src/sim/curves.js';
import { apTable, Progbar } from '../../src/sim/keras-output.js';
import { prunedParamRatio } from '../../src/sim/model-size.js';
import { PyFloat, pyFloat, pyFloat32, pyJson, pyTimedelta, statusDateTime } from '../../src/sim/py-format.js';

describe('python formatting', () => {
  it('renders floats like Python str() when values span the exponent thresholds', () => {
    expect(pyFloat(0.1)).toBe('0.1');
    expect(pyFloat(1)).toBe('1.0');
    expect(pyFloat(5e-5)).toBe('5e-05');
    expect(pyFloat(0.0001)).toBe('0.0001');
    expect(pyFloat(1e16)).toBe('1e+16');
    expect(pyFloat(41.868257820344645)).toBe('41.868257820344645');
    expect(pyFloat(Number.NaN)).toBe('nan');
  });

  it('renders float32 values with their shortest digits like numpy', () => {
    expect(pyFloat32(0.02)).toBe('0.02');
    expect(pyFloat32(5e-5)).toBe('5e-05');
    expect(pyFloat32(1.7293386459350586)).toBe('1.7293386');
  });

  it('renders timedeltas like str(datetime.timedelta)', () => {
    expect(pyTimedelta(48.1234567)).toBe('0:00:48.123457');
    expect(pyTimedelta(48)).toBe('0:00:48');
    expect(pyTimedelta(90061)).toBe('1 day, 1:01:01');
  });

  it("writes json.dumps' separators, float markers and ASCII escapes", () => {
    expect(pyJson({ a: 1, b: new PyFloat(1), c: Number.NaN, d: 'é"' })).toBe(
      '{"a": 1, "b": 1.0, "c": NaN, "d": "\\u00e9\\""}',
    );
  });

  it('does not pad status dates and times', () => {
    expect(statusDateTime(new Date(2024, 0, 5, 9, 3, 7))).toEqual({ date: '1/5/2024', time: '9:3:7' });
  });
});

describe('keras output', () => {
  it('draws the final frame of an epoch like the captured TLT log', () => {
    const bar = new Progbar(85);
    const first = bar.frame(1, 0.21, 2.5);
    expect(first).toBe('\r 1/85 [..............................] - ETA: 17s - loss: 2.5000');
    const last = bar.frame(85, 18, 1.7293);
    expect(
      last.startsWith(
        `${'\b'.repeat(first.length - 1)}\r85/85 [==============================] - 18s 212ms/step - loss: 1.7293`,
      ),
    ).toBe(true);
    expect(last.endsWith('\n')).toBe(true);
  });

  it('glues class names of 14 characters or more to AP like TAO', () => {
    expect(apTable(['electric_bicycle', 'car'], { electric_bicycle: 0.663671, car: 0.7 }, 0.68, 5)).toEqual([
      '*******************************',
      'electric_bicycleAP    0.66367',
      'car           AP    0.7',
      '              mAP   0.68',
      '*******************************',
    ]);
  });
});

describe('argparse subset', () => {
  it('takes several values for nargs + and stops at the next option', () => {
    const parsed = parseArgs(
      'ssd train',
      [
        { flags: ['--gpu_index'], type: 'int', nargs: '+' },
        { flags: ['-e'], required: true },
      ],
      ['--gpu_index', '0', '1', '-e', 'spec.txt'],
    );
    expect(parsed.ok && parsed.value.list('gpu_index')).toEqual([0, 1]);
    expect(parsed.ok && parsed.value.str('e')).toBe('spec.txt');
  });
});

describe('simulated curves', () => {
  it('rises and saturates between 0.6 and 0.8 when trained long from pretrained weights', () => {
    const classes = ['car', 'cyclist', 'pedestrian'];
    for (const seed of [1, 42, 1234]) {
      const curve = freshCurve(seed, { pretrained: true, qat: false });
      const at = (x: number) => qualityAt(curve, seed, classes, x).mAP;
      expect(at(5)).toBeLessThan(at(40));
      expect(at(80)).toBeGreaterThan(0.6);
      expect(at(80)).toBeLessThan(0.8);
      expect(qualityAt(curve, seed, classes, 37)).toEqual(qualityAt(curve, seed, classes, 37));
    }
  });

  it("follows TAO's soft-start annealing schedule", () => {
    const schedule = { minLearningRate: 5e-5, maxLearningRate: 2e-2, softStart: 0.15, annealing: 0.8 };
    expect(softStartAnnealingLr(schedule, 1, 0)).toBeCloseTo(5e-5, 12);
    expect(softStartAnnealingLr(schedule, 1, 0.5)).toBeCloseTo(2e-2, 12);
    expect(softStartAnnealingLr(schedule, 1, 1)).toBeCloseTo(5e-5, 12);
    expect(softStartAnnealingLr(schedule, 2, 0.5)).toBeCloseTo(4e-2, 12);
    const ramp = softStartAnnealingLr(schedule, 1, 0.075);
    expect(ramp).toBeCloseTo(Math.sqrt(5e-5 * 2e-2), 12);
  });

  it('keeps fewer parameters monotonically as the pruning threshold rises, down to a floor', () => {
    const ratio = (threshold: number) =>
      prunedParamRatio({
        threshold,
        normalizer: 'max',
        equalization: 'union',
        granularity: 8,
        minFilters: 16,
        excludedLayers: 0,
      });
    expect(ratio(0)).toBe(1);
    expect(ratio(0.1)).toBeCloseTo(22.5 / 101.7, 6);
    expect(ratio(0.3)).toBeCloseTo(9.8 / 101.7, 4);
    let previous = 1;
    for (let t = 0.01; t <= 1.5; t += 0.01) {
      expect(ratio(t)).toBeLessThanOrEqual(previous);
      previous = ratio(t);
    }
    expect(ratio(1.5)).toBeGreaterThan(0.01);
  });
});
