import { err, ok, type Result } from '../../shared/result.js';
import { chartSize, isFraction } from './check-input.js';
import { axisStyle, axisTitle, baseOptions, colorAt, SIMULATED_TEXT } from './style.js';
import { type ChartInputError, type ChartSize, type ChartSpec, chartInputError } from './types.js';

const CHART = 'size vs mAP';

/** A trained or pruned model: what it is called on the chart, its file size and its mAP (0–1). */
export interface SizeMapPoint {
  readonly label: string;
  readonly sizeMb: number;
  readonly map: number;
  readonly simulated?: boolean;
}

export interface SizeVsMapInput extends ChartSize {
  readonly title?: string;
  readonly points: readonly SizeMapPoint[];
}

/** `a` dominates `b` when it is no bigger, no less accurate, and strictly better in one of the two. */
const dominates = (a: { sizeMb: number; map: number }, b: { sizeMb: number; map: number }): boolean =>
  a.sizeMb <= b.sizeMb && a.map >= b.map && (a.sizeMb < b.sizeMb || a.map > b.map);

/**
 * The Pareto front of size against mAP: the points no other point dominates (smaller size and higher mAP are
 * better). Exact ties are all kept, since neither is better. Sorted by size, then by mAP, highest first.
 *
 * @example
 * paretoFront([{ sizeMb: 10, map: 0.6 }, { sizeMb: 20, map: 0.5 }, { sizeMb: 30, map: 0.7 }]);
 * // → [{ sizeMb: 10, map: 0.6 }, { sizeMb: 30, map: 0.7 }]
 */
export function paretoFront<T extends { readonly sizeMb: number; readonly map: number }>(
  points: readonly T[],
): T[] {
  // Quadratic, which is fine: a chart holds tens of models, and this form is plainly the definition.
  return points
    .filter((point) => !points.some((other) => dominates(other, point)))
    .sort((a, b) => a.sizeMb - b.sizeMb || b.map - a.map);
}

/**
 * Where the mAP axis starts: a tenth below the lowest mAP, so pruned variants a point apart stay apart,
 * instead of all sitting in the top strip of a 0–1 axis.
 */
export const mapAxisMin = (points: readonly { readonly map: number }[]): number =>
  Math.max(
    0,
    Math.floor(Number(((Math.min(...points.map((point) => point.map)) - 0.05) * 10).toFixed(6))) / 10,
  );

function checkPoints(points: readonly SizeMapPoint[]): ChartInputError | null {
  if (points.length === 0) return chartInputError(CHART, 'no models to draw: pass at least one point');
  for (const point of points) {
    if (point.label.trim() === '')
      return chartInputError(CHART, 'every point needs a label naming its model');
    if (!Number.isFinite(point.sizeMb) || point.sizeMb <= 0) {
      return chartInputError(
        CHART,
        `size must be a positive number of MB, got ${point.sizeMb} for ${point.label}`,
      );
    }
    if (!isFraction(point.map)) {
      return chartInputError(CHART, `mAP must be a fraction in 0–1, got ${point.map} for ${point.label}`);
    }
  }
  return null;
}

/**
 * Size (MB) against mAP for a set of models, with the Pareto front drawn as a line through the models worth
 * keeping. Each point carries its label (drawn beside it by the local renderer).
 *
 * @example
 * buildSizeVsMap({ points: [{ label: 'unpruned', sizeMb: 101.7, map: 0.76 }, { label: 'pth 0.1', sizeMb: 22.5, map: 0.75 }] });
 */
export function buildSizeVsMap(input: SizeVsMapInput): Result<ChartSpec, ChartInputError> {
  const size = chartSize(CHART, input);
  if (!size.ok) return size;
  const problem = checkPoints(input.points);
  if (problem !== null) return err(problem);
  const simulatedCount = input.points.filter((point) => point.simulated === true).length;
  const note =
    simulatedCount === 0
      ? null
      : simulatedCount === input.points.length
        ? SIMULATED_TEXT
        : 'SIMULATED: models marked (SIMULATED) come from simulated runs';
  const pointOf = (point: SizeMapPoint) => ({
    x: point.sizeMb,
    y: point.map,
    label: point.simulated === true ? `${point.label} (SIMULATED)` : point.label,
  });

  const title = input.title ?? 'Model size vs mAP';
  return ok({
    ...size.value,
    title: note === null ? title : `${title} (${note})`,
    config: {
      type: 'scatter',
      data: {
        datasets: [
          {
            type: 'scatter',
            label: 'models',
            data: input.points.map(pointOf),
            borderColor: colorAt(0),
            backgroundColor: colorAt(0),
            pointRadius: 6,
          },
          {
            type: 'line',
            label: 'Pareto front (smaller and more accurate)',
            // Plain points: the labels are already on the models dataset and would be drawn twice.
            data: paretoFront(input.points).map((point) => ({ x: point.sizeMb, y: point.map })),
            borderColor: colorAt(1),
            backgroundColor: colorAt(1),
            borderWidth: 2,
            pointRadius: 0,
          },
        ],
      },
      options: {
        ...baseOptions(title, note),
        scales: {
          x: { type: 'linear', beginAtZero: true, title: axisTitle('model size (MB)'), ...axisStyle() },
          y: {
            type: 'linear',
            min: mapAxisMin(input.points),
            max: 1,
            title: axisTitle('mAP (0–1)'),
            ...axisStyle(),
          },
        },
      },
    },
  });
}
