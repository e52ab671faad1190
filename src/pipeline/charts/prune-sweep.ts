import { err, ok, type Result } from '../../shared/result.js';
import { chartSize, isFraction } from './check-input.js';
import { axisStyle, axisTitle, baseOptions, colorAt, runTitle, SIMULATED_TEXT, specTitle } from './style.js';
import { type ChartInputError, type ChartSize, type ChartSpec, chartInputError } from './types.js';

const CHART = 'prune sweep';

/** One pruned model of a sweep: its `-pth`, file size and TAO's `Pruning ratio (pruned model / original model)`. */
export interface PruneSweepPoint {
  readonly threshold: number;
  readonly sizeMb: number;
  /** Parameter count of the pruned model over the original's (a fraction; not a file-size ratio). */
  readonly paramRatio: number;
}

export interface PruneSweepInput extends ChartSize {
  /** The run whose checkpoint was pruned, when there is one. */
  readonly runId?: number;
  readonly model: string;
  readonly simulated: boolean;
  /** Size of the unpruned model, drawn as a reference line. */
  readonly unprunedSizeMb?: number | null;
  readonly points: readonly PruneSweepPoint[];
}

function checkPoints(points: readonly PruneSweepPoint[]): ChartInputError | null {
  if (points.length === 0)
    return chartInputError(CHART, 'no pruned models to draw: pass at least one threshold');
  const seen = new Set<number>();
  for (const { threshold, sizeMb, paramRatio } of points) {
    if (!Number.isFinite(threshold) || threshold < 0) {
      return chartInputError(CHART, `pruning threshold must be a number ≥ 0, got ${threshold}`);
    }
    if (seen.has(threshold))
      return chartInputError(CHART, `threshold ${threshold} appears twice: one model each`);
    seen.add(threshold);
    if (!Number.isFinite(sizeMb) || sizeMb <= 0) {
      return chartInputError(
        CHART,
        `size must be a positive number of MB, got ${sizeMb} at threshold ${threshold}`,
      );
    }
    if (!isFraction(paramRatio) || paramRatio === 0) {
      return chartInputError(
        CHART,
        `parameter ratio must be in (0, 1], got ${paramRatio} at threshold ${threshold}`,
      );
    }
  }
  return null;
}

/** The x axis ends a little past the largest threshold, on a tenth, so its point is not on the frame. */
export const thresholdAxisMax = (largest: number): number =>
  // toFixed first: 0.25 + 0.05 is 0.30000000000000004 in floating point, which would round up to 0.4.
  Math.ceil(Number(((largest + 0.05) * 10).toFixed(6))) / 10;

/**
 * Model size (MB, left axis) and parameter ratio (right axis, 0–1) against the pruning threshold for a
 * sweep of thresholds, with the unpruned size as a dashed reference line when known.
 *
 * @example
 * buildPruneSweep({ model: 'ssd_resnet18', simulated: false, unprunedSizeMb: 101.7,
 *   points: [{ threshold: 0.1, sizeMb: 22.5, paramRatio: 0.22 }, { threshold: 0.3, sizeMb: 9.8, paramRatio: 0.09 }] });
 */
export function buildPruneSweep(input: PruneSweepInput): Result<ChartSpec, ChartInputError> {
  const size = chartSize(CHART, input);
  if (!size.ok) return size;
  const problem = checkPoints(input.points);
  if (problem !== null) return err(problem);
  const unpruned = input.unprunedSizeMb ?? null;
  if (unpruned !== null && (!Number.isFinite(unpruned) || unpruned <= 0)) {
    return err(chartInputError(CHART, `unpruned size must be a positive number of MB, got ${unpruned}`));
  }
  const points = [...input.points].sort((a, b) => a.threshold - b.threshold);
  const xMax = thresholdAxisMax(points.at(-1)?.threshold ?? 0);
  const line = { type: 'line' as const, borderWidth: 2.5, pointRadius: 6 };

  const datasets = [
    {
      ...line,
      label: 'model size (MB)',
      data: points.map((point) => ({ x: point.threshold, y: point.sizeMb })),
      yAxisID: 'y',
      borderColor: colorAt(0),
      backgroundColor: colorAt(0),
    },
    {
      ...line,
      label: 'parameter ratio (pruned / original)',
      data: points.map((point) => ({ x: point.threshold, y: point.paramRatio })),
      yAxisID: 'y1',
      borderColor: colorAt(1),
      backgroundColor: colorAt(1),
      pointStyle: 'rectRot' as const,
    },
    ...(unpruned === null
      ? []
      : [
          {
            ...line,
            label: `unpruned: ${unpruned.toFixed(1)} MB`,
            data: [
              { x: 0, y: unpruned },
              { x: xMax, y: unpruned },
            ],
            yAxisID: 'y',
            borderColor: colorAt(7),
            backgroundColor: colorAt(7),
            borderDash: [8, 4],
            pointRadius: 0,
          },
        ]),
  ];

  const title = `${input.runId === undefined ? input.model : runTitle(input.runId, input.model)} · pruning sweep`;
  return ok({
    ...size.value,
    title: specTitle(title, input.simulated),
    config: {
      type: 'line',
      data: { datasets },
      options: {
        ...baseOptions(title, input.simulated ? SIMULATED_TEXT : null),
        scales: {
          x: {
            type: 'linear',
            min: 0,
            max: xMax,
            title: axisTitle('pruning threshold (-pth)'),
            ...axisStyle(),
          },
          y: {
            type: 'linear',
            position: 'left',
            beginAtZero: true,
            title: axisTitle('model size (MB)'),
            ...axisStyle(),
          },
          y1: {
            type: 'linear',
            position: 'right',
            min: 0,
            max: 1,
            title: axisTitle('parameter ratio (pruned / original)'),
            ...axisStyle(false),
          },
        },
      },
    },
  });
}
