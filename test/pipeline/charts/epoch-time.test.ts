import { describe, expect, it } from 'vitest';
import { buildEpochTime, type EpochTimeInput } from '../../../src/pipeline/charts/epoch-time.js';
import { SIMULATED_TEXT } from '../../../src/pipeline/charts/style.js';
import type { EpochPoint } from '../../../src/pipeline/charts/types.js';
import {
  datasetOf,
  expectStaticReadableJson,
  messageOf,
  pluginsOf,
  scaleOf,
  unwrap,
} from './chart-test-utils.js';
import { tlt2EpochPoints } from './tlt2-console.js';

const run = (points: readonly EpochPoint[], simulated = false): EpochTimeInput => ({
  runId: 7,
  model: 'ssd_resnet18',
  simulated,
  points,
});

describe('buildEpochTime', () => {
  it('draws one bar per epoch and the mean as a flat line when every epoch is timed', () => {
    // 48 s on an RTX A4000 per the design notes, with a slower first epoch that builds the graph.
    const points = [60, 48, 48, 47, 48].map((seconds, index) => ({
      epoch: index + 1,
      epochSeconds: seconds,
    }));
    const spec = unwrap(buildEpochTime(run(points)));
    expect(spec.config.type).toBe('bar');
    expect(spec.config.data.labels).toEqual([1, 2, 3, 4, 5]);
    expect(datasetOf(spec, 'seconds per epoch')).toMatchObject({ type: 'bar', data: [60, 48, 48, 47, 48] });
    const mean = datasetOf(spec, /^mean/);
    expect(mean.type).toBe('line');
    expect(mean.label).toBe('mean 50.2 s over 5 epochs');
    expect(mean.data).toEqual(Array(5).fill(251 / 5));
    expect(scaleOf(spec, 'y')).toMatchObject({ beginAtZero: true, title: { text: 'time per epoch (s)' } });
    expect(pluginsOf(spec).title.text).toBe('Run #7 · ssd_resnet18 · seconds per epoch');
    expectStaticReadableJson(spec);
  });

  it('leaves untimed epochs empty and out of the mean when some epochs have no time', () => {
    const points = [
      { epoch: 1, epochSeconds: 40 },
      { epoch: 2, epochSeconds: null },
      { epoch: 4, epochSeconds: 44 },
    ];
    const spec = unwrap(buildEpochTime(run(points)));
    expect(spec.config.data.labels).toEqual([1, 2, 3, 4]);
    expect(datasetOf(spec, 'seconds per epoch').data).toEqual([40, null, null, 44]);
    expect(datasetOf(spec, /^mean/).data).toEqual([42, 42, 42, 42]);
    expect(datasetOf(spec, /^mean/).label).toBe('mean 42.0 s over 2 epochs');
  });

  it('reads the real TLT 2 log epochs when timed by Keras', () => {
    const spec = unwrap(buildEpochTime(run(tlt2EpochPoints(1).points)));
    expect(datasetOf(spec, 'seconds per epoch').data).toEqual([13, 13]);
    expect(datasetOf(spec, /^mean/).label).toBe('mean 13.0 s over 2 epochs');
  });

  it('says SIMULATED when the run is simulated', () => {
    const spec = unwrap(buildEpochTime(run([{ epoch: 1, epochSeconds: 2 }], true)));
    expect(pluginsOf(spec).subtitle).toMatchObject({ display: true, text: SIMULATED_TEXT });
    expect(spec.title).toMatch(/\(SIMULATED\)$/);
  });

  it('explains what to fix when no epoch is timed or a time is negative', () => {
    expect(messageOf(buildEpochTime(run([{ epoch: 1, loss: 2 }])))).toBe(
      'no epoch has a time yet: nothing to draw',
    );
    expect(messageOf(buildEpochTime(run([{ epoch: 3, epochSeconds: -1 }])))).toBe(
      'epoch seconds cannot be negative, got -1 at epoch 3',
    );
    expect(messageOf(buildEpochTime(run([])))).toMatch(/no epochs/);
  });
});
