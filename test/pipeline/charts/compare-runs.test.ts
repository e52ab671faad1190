import { describe, expect, it } from 'vitest';
import {
  buildCompareRuns,
  type CompareRunsInput,
  simulatedNote,
} from '../../../src/pipeline/charts/compare-runs.js';
import { PALETTE, SIMULATED_TEXT } from '../../../src/pipeline/charts/style.js';
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

type Run = CompareRunsInput['runs'][number];

/** A run validated every `every` epochs up to `last`, mAP rising by `step` per validation. */
function run(runId: number, every: number, last: number, step = 0.1, simulated = false): Run {
  const points: EpochPoint[] = [];
  for (let epoch = 1; epoch <= last; epoch += 1) {
    points.push({
      epoch,
      loss: 1,
      map: epoch % every === 0 ? Math.round((epoch / every) * step * 1000) / 1000 : null,
    });
  }
  return { runId, model: 'ssd_resnet18', simulated, points };
}

describe('buildCompareRuns', () => {
  it('overlays one mAP line per run with only validated epochs when runs validate at different epochs', () => {
    const spec = unwrap(buildCompareRuns({ runs: [run(12, 10, 30), run(13, 5, 20, 0.05)] }));
    expect(datasetsOf(spec).map((dataset) => dataset.label)).toEqual([
      '#12 ssd_resnet18',
      '#13 ssd_resnet18',
    ]);
    expect(datasetOf(spec, '#12 ssd_resnet18').data).toEqual([
      { x: 10, y: 0.1 },
      { x: 20, y: 0.2 },
      { x: 30, y: 0.3 },
    ]);
    expect(datasetOf(spec, '#13 ssd_resnet18').data.map((point) => (point as { x: number }).x)).toEqual([
      5, 10, 15, 20,
    ]);
    expect(scaleOf(spec, 'x')).toMatchObject({ type: 'linear', min: 0, max: 30, title: { text: 'epoch' } });
    expect(scaleOf(spec, 'y')).toMatchObject({ min: 0, max: 1, title: { text: 'mAP (0–1)' } });
    expect(pluginsOf(spec).title.text).toBe('mAP by epoch · runs #12, #13');
    expect(pluginsOf(spec).subtitle.display).toBe(false);
    expectStaticReadableJson(spec);
  });

  it('gives every run its own colour, then dashes, when there are more runs than colours', () => {
    const runs = Array.from({ length: PALETTE.length + 1 }, (_, index) => run(index + 1, 10, 10));
    const datasets = datasetsOf(unwrap(buildCompareRuns({ runs })));
    const firstPass = datasets.slice(0, PALETTE.length).map((dataset) => dataset.borderColor);
    expect(new Set(firstPass).size).toBe(PALETTE.length);
    expect(datasets.slice(0, PALETTE.length).every((dataset) => dataset.borderDash?.length === 0)).toBe(true);
    const ninth = datasets[PALETTE.length];
    expect(ninth?.borderColor).toBe(datasets[0]?.borderColor);
    expect(ninth?.borderDash?.length).toBeGreaterThan(0);
  });

  it('marks simulated runs in the legend and the subtitle when some runs are simulated', () => {
    const spec = unwrap(buildCompareRuns({ runs: [run(12, 10, 20), run(13, 10, 20, 0.1, true)] }));
    expect(datasetsOf(spec)[1]?.label).toBe('#13 ssd_resnet18 (SIMULATED)');
    expect(pluginsOf(spec).subtitle).toMatchObject({
      display: true,
      text: 'SIMULATED: #13 is not a real TAO run',
    });
    expect(spec.title).toBe('mAP by epoch · runs #12, #13 (SIMULATED: #13 is not a real TAO run)');
  });

  it('words the simulated note for one, several and all runs', () => {
    const label = (runId: number, simulated: boolean) => ({ runId, model: 'm', simulated });
    expect(simulatedNote([label(1, false)])).toBeNull();
    expect(simulatedNote([label(1, true)])).toBe(SIMULATED_TEXT);
    expect(simulatedNote([label(1, true), label(2, true)])).toBe(
      'SIMULATED: none of these is a real TAO run',
    );
    expect(simulatedNote([label(1, true), label(2, false), label(3, true)])).toBe(
      'SIMULATED: #1, #3 are not real TAO runs',
    );
  });

  it('keeps a run without validations in the legend when another run has some', () => {
    const spec = unwrap(buildCompareRuns({ runs: [run(12, 10, 20), run(14, 10, 5)] }));
    expect(datasetOf(spec, '#14 ssd_resnet18').data).toEqual([]);
  });

  it('explains what to fix when the runs cannot be compared', () => {
    expect(messageOf(buildCompareRuns({ runs: [] }))).toBe('no runs to compare: pass at least one run');
    expect(messageOf(buildCompareRuns({ runs: [run(12, 10, 20), run(12, 10, 20)] }))).toBe(
      'run #12 appears twice: pass each run once',
    );
    expect(messageOf(buildCompareRuns({ runs: [run(12, 10, 5)] }))).toMatch(
      /none of the runs has a validated epoch/,
    );
    const bad = { ...run(15, 10, 10), points: [{ epoch: 10, map: 45 }] };
    const result = buildCompareRuns({ runs: [run(12, 10, 20), bad] });
    expect(result.ok ? null : result.error).toMatchObject({
      chart: 'run comparison (run #15)',
      message: 'mAP must be a fraction in 0–1 as TAO reports it, got 45 at epoch 10',
    });
  });
});
