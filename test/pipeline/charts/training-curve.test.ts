import { describe, expect, it } from 'vitest';
import { SIMULATED_TEXT } from '../../../src/pipeline/charts/style.js';
import { buildTrainingCurve, type TrainingCurveInput } from '../../../src/pipeline/charts/training-curve.js';
import type { EpochPoint } from '../../../src/pipeline/charts/types.js';
import {
  datasetOf,
  datasetsOf,
  expectStaticReadableJson,
  messageOf,
  pluginsOf,
  scaleOf,
  unwrap,
} from './chart-test-utils.js';
import { tlt2EpochPoints } from './tlt2-console.js';

/** Epochs 1..n with a falling loss, validated every `every` epochs with the given mAPs in order. */
function epochs(n: number, every: number, maps: readonly number[]): EpochPoint[] {
  return Array.from({ length: n }, (_, index) => {
    const epoch = index + 1;
    const validated = epoch % every === 0;
    return {
      epoch,
      loss: 10 / epoch,
      map: validated ? (maps[epoch / every - 1] ?? null) : null,
      validationLoss: null,
    };
  });
}

const run = (points: readonly EpochPoint[], extra: Partial<TrainingCurveInput> = {}): TrainingCurveInput => ({
  runId: 12,
  model: 'ssd_resnet18',
  simulated: false,
  totalEpochs: 80,
  points,
  ...extra,
});

describe('buildTrainingCurve', () => {
  it('puts mAP on a 0–1 left axis and training loss on a right axis when given epochs', () => {
    const spec = unwrap(buildTrainingCurve(run(epochs(40, 10, [0.4, 0.5, 0.6, 0.65]))));
    expect(datasetOf(spec, 'mAP').yAxisID).toBe('y');
    expect(datasetOf(spec, 'training loss').yAxisID).toBe('y1');
    expect(datasetOf(spec, 'training loss').data).toEqual(Array.from({ length: 40 }, (_, i) => 10 / (i + 1)));
    expect(scaleOf(spec, 'y')).toMatchObject({
      position: 'left',
      min: 0,
      max: 1,
      title: { text: 'mAP (0–1)' },
    });
    expect(scaleOf(spec, 'y1')).toMatchObject({
      position: 'right',
      beginAtZero: true,
      title: { text: 'loss' },
    });
    expect(scaleOf(spec, 'x')).toMatchObject({ type: 'category', title: { text: 'epoch' } });
    expect(spec.config.data.labels).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expectStaticReadableJson(spec);
    expect([spec.width, spec.height]).toEqual([1000, 560]);
  });

  it('leaves epochs without validation as null gaps and spans the line across them when validating every 10', () => {
    const spec = unwrap(buildTrainingCurve(run(epochs(20, 10, [0.4, 0.5]))));
    const map = datasetOf(spec, 'mAP');
    expect(map.data.filter((value) => value !== null)).toEqual([0.4, 0.5]);
    expect(map.data[9]).toBe(0.4);
    expect(map.data[19]).toBe(0.5);
    expect(map.data.slice(0, 9).every((value) => value === null)).toBe(true);
    expect(map.spanGaps).toBe(true);
  });

  it('keeps the epoch axis evenly spaced when epochs are missing from the points', () => {
    const spec = unwrap(
      buildTrainingCurve(
        run([
          { epoch: 4, loss: 1 },
          { epoch: 2, loss: 3 },
          { epoch: 5, loss: 0.5 },
        ]),
      ),
    );
    expect(spec.config.data.labels).toEqual([2, 3, 4, 5]);
    expect(datasetOf(spec, 'training loss').data).toEqual([3, null, 1, 0.5]);
  });

  it('treats NaN and infinite metrics as not measured when TAO wrote nan', () => {
    const points = [
      { epoch: 1, loss: 2, map: Number.NaN },
      { epoch: 2, loss: Number.POSITIVE_INFINITY, map: 0.3 },
    ];
    const spec = unwrap(buildTrainingCurve(run(points)));
    expect(datasetOf(spec, 'mAP').data).toEqual([null, 0.3]);
    expect(datasetOf(spec, 'training loss').data).toEqual([2, null]);
  });

  it('adds a dashed validation loss on the loss axis only when some epoch reports one', () => {
    const without = unwrap(buildTrainingCurve(run(epochs(10, 5, [0.2, 0.3]))));
    expect(datasetsOf(without).map((dataset) => dataset.label)).not.toContain('validation loss');
    const points = epochs(10, 5, [0.2, 0.3]).map((point) =>
      point.map === null ? point : { ...point, validationLoss: 2 * (point.loss ?? 0) },
    );
    const spec = unwrap(buildTrainingCurve(run(points)));
    const validation = datasetOf(spec, 'validation loss');
    expect(validation).toMatchObject({ yAxisID: 'y1', spanGaps: true });
    expect(validation.borderDash?.length).toBeGreaterThan(0);
    expect(validation.data.filter((value) => value !== null)).toEqual([4, 2]);
  });

  it('rings the highest mAP, the earlier epoch on a tie, when no best epoch is given', () => {
    const spec = unwrap(buildTrainingCurve(run(epochs(40, 10, [0.5, 0.7, 0.7, 0.6]))));
    const best = datasetOf(spec, /^best/);
    expect(best.type).toBe('scatter');
    expect(best.label).toBe('best: epoch 20, mAP 0.700');
    expect(best.yAxisID).toBe('y');
    expect(best.data[19]).toBe(0.7);
    expect(best.data.filter((value) => value !== null)).toEqual([0.7]);
  });

  it('rings the given best epoch when the suggestion picked a saved checkpoint', () => {
    const spec = unwrap(buildTrainingCurve(run(epochs(40, 10, [0.5, 0.7, 0.69, 0.6]), { bestEpoch: 30 })));
    expect(datasetOf(spec, /^best/).label).toBe('best: epoch 30, mAP 0.690');
    expect(datasetOf(spec, /^best/).data[29]).toBe(0.69);
  });

  it('draws no ring when best epoch is null or nothing is validated yet', () => {
    const none = unwrap(buildTrainingCurve(run(epochs(40, 10, [0.5, 0.7]), { bestEpoch: null })));
    expect(datasetsOf(none).some((dataset) => dataset.label?.startsWith('best'))).toBe(false);
    const early = unwrap(buildTrainingCurve(run(epochs(5, 10, []))));
    expect(datasetsOf(early).map((dataset) => dataset.label)).toEqual(['mAP', 'training loss']);
    expect(datasetOf(early, 'mAP').data.every((value) => value === null)).toBe(true);
  });

  it('refuses a best epoch that has no mAP when the caller names an unvalidated epoch', () => {
    expect(messageOf(buildTrainingCurve(run(epochs(40, 10, [0.5]), { bestEpoch: 7 })))).toBe(
      'best epoch 7 has no mAP in the points: pass a validated epoch',
    );
  });

  it('titles the chart with run, model and progress when the run is part way', () => {
    const spec = unwrap(buildTrainingCurve(run(epochs(40, 10, [0.5]))));
    expect(pluginsOf(spec).title.text).toBe('Run #12 · ssd_resnet18 · epoch 40/80');
    expect(spec.title).toBe('Run #12 · ssd_resnet18 · epoch 40/80');
    expect(pluginsOf(spec).subtitle.display).toBe(false);
  });

  it('says SIMULATED in the subtitle and the title when the run is simulated', () => {
    const spec = unwrap(buildTrainingCurve(run(epochs(10, 5, [0.3, 0.4]), { simulated: true })));
    expect(pluginsOf(spec).subtitle).toMatchObject({ display: true, text: SIMULATED_TEXT });
    expect(SIMULATED_TEXT).toMatch(/^SIMULATED/);
    expect(spec.title).toBe('Run #12 · ssd_resnet18 · epoch 10/80 (SIMULATED)');
  });

  it('draws the real TLT 2 SSD-ResNet18 log when read from its console output', () => {
    const { points, totalEpochs } = tlt2EpochPoints(0);
    expect(points.map((point) => point.epoch)).toEqual([79, 80]);
    const spec = unwrap(
      buildTrainingCurve({ runId: 1, model: 'ssd_resnet18', simulated: false, totalEpochs, points }),
    );
    expect(spec.title).toBe('Run #1 · ssd_resnet18 · epoch 80/80');
    expect(datasetOf(spec, 'training loss').data).toEqual([1.7293, 1.6824]);
    expect(datasetOf(spec, 'mAP').data).toEqual([null, 0.492]);
    expect(datasetOf(spec, /^best/).label).toBe('best: epoch 80, mAP 0.492');
  });

  it('explains what to fix when the input cannot be drawn', () => {
    expect(messageOf(buildTrainingCurve(run([])))).toBe('no epochs to draw yet: pass at least one epoch');
    expect(
      messageOf(
        buildTrainingCurve(
          run([
            { epoch: 3, loss: 1 },
            { epoch: 3, loss: 2 },
          ]),
        ),
      ),
    ).toBe('epoch 3 appears twice: pass one point per epoch');
    expect(messageOf(buildTrainingCurve(run([{ epoch: 0, loss: 1 }])))).toBe(
      'epoch must be a positive integer, got 0',
    );
    expect(messageOf(buildTrainingCurve(run([{ epoch: 1.5, loss: 1 }])))).toMatch(
      /positive integer, got 1.5/,
    );
    expect(messageOf(buildTrainingCurve(run([{ epoch: 10, map: 76.5 }])))).toBe(
      'mAP must be a fraction in 0–1 as TAO reports it, got 76.5 at epoch 10',
    );
    expect(messageOf(buildTrainingCurve(run([{ epoch: 90, loss: 1 }])))).toMatch(
      /at least the last epoch \(90\), got 80/,
    );
    expect(messageOf(buildTrainingCurve(run([{ epoch: 1, epochSeconds: 48 }])))).toBe(
      'no loss or mAP recorded yet: nothing to draw',
    );
    expect(messageOf(buildTrainingCurve(run([{ epoch: 1, loss: 1 }], { width: 50 })))).toBe(
      'width must be a whole number of pixels in 100–4000, got 50',
    );
  });

  it('draws at the requested size when one is given', () => {
    const spec = unwrap(buildTrainingCurve(run([{ epoch: 1, loss: 1 }], { width: 800, height: 450 })));
    expect([spec.width, spec.height]).toEqual([800, 450]);
  });
});
