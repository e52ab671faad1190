import { err, ok, type Result } from '../../shared/result.js';
import { type CleanEpoch, chartSize, cleanEpochs } from './check-input.js';
import {
  axisStyle,
  axisTitle,
  baseOptions,
  colorAt,
  runTitle,
  SIMULATED_TEXT,
  specTitle,
  withAlpha,
} from './style.js';
import {
  type ChartInputError,
  type ChartSize,
  type ChartSpec,
  chartInputError,
  type EpochPoint,
  type RunLabel,
} from './types.js';

const CHART = 'training curve';

export interface TrainingCurveInput extends RunLabel, ChartSize {
  /** Epochs the run will train in all (the spec's `num_epochs`), for the `epoch 40/80` title. */
  readonly totalEpochs: number;
  readonly points: readonly EpochPoint[];
  /**
   * The epoch to mark as best. Omitted: the highest mAP, the earlier epoch on ties. Pass the suggested
   * checkpoint's epoch (which also needs a saved checkpoint) so the chart and the suggestion agree; null: no mark.
   */
  readonly bestEpoch?: number | null;
}

/** The highest-mAP epoch, the earlier one on ties; null before the first validation. */
export function bestMapEpoch(points: readonly CleanEpoch[]): CleanEpoch | null {
  let best: CleanEpoch | null = null;
  for (const point of points) {
    if (point.map !== null && (best === null || point.map > (best.map ?? -1))) best = point;
  }
  return best;
}

function pickBest(
  points: readonly CleanEpoch[],
  bestEpoch: number | null | undefined,
): Result<CleanEpoch | null, ChartInputError> {
  if (bestEpoch === null) return ok(null);
  if (bestEpoch === undefined) return ok(bestMapEpoch(points));
  const chosen = points.find((point) => point.epoch === bestEpoch);
  if (chosen?.map == null) {
    return err(
      chartInputError(CHART, `best epoch ${bestEpoch} has no mAP in the points: pass a validated epoch`),
    );
  }
  return ok(chosen);
}

/**
 * mAP (left axis, 0–1) and training loss (right axis) per epoch, with validation loss when the run reports
 * it and the best epoch ringed. mAP has points only on validated epochs and a line across the epochs between.
 *
 * @example
 * const chart = buildTrainingCurve({ runId: 12, model: 'ssd_resnet18', simulated: false, totalEpochs: 80, points });
 * if (chart.ok) await renderer.render(chart.value, 'run-12-training');
 */
export function buildTrainingCurve(input: TrainingCurveInput): Result<ChartSpec, ChartInputError> {
  const size = chartSize(CHART, input);
  if (!size.ok) return size;
  const checked = cleanEpochs(CHART, input.points);
  if (!checked.ok) return checked;
  const points = checked.value;
  const first = points[0]?.epoch ?? 1;
  const last = points.at(-1)?.epoch ?? first;
  if (!Number.isInteger(input.totalEpochs) || input.totalEpochs < last) {
    const message = `total epochs must be a whole number of at least the last epoch (${last}), got ${input.totalEpochs}`;
    return err(chartInputError(CHART, message));
  }
  if (points.every((point) => point.map === null && point.loss === null && point.validationLoss === null)) {
    return err(chartInputError(CHART, 'no loss or mAP recorded yet: nothing to draw'));
  }
  const best = pickBest(points, input.bestEpoch);
  if (!best.ok) return best;

  // One label per epoch from the first to the last, so the x axis is evenly spaced even where epochs are missing.
  const labels = Array.from({ length: last - first + 1 }, (_, index) => first + index);
  const byEpoch = new Map(points.map((point) => [point.epoch, point]));
  const series = (pick: (point: CleanEpoch) => number | null) =>
    labels.map((epoch) => {
      const point = byEpoch.get(epoch);
      return point === undefined ? null : pick(point);
    });
  const line = { type: 'line' as const, spanGaps: true, borderWidth: 2.5 };

  const hasValidationLoss = points.some((point) => point.validationLoss !== null);
  const bestPoint = best.value;
  const datasets = [
    {
      ...line,
      label: 'mAP',
      data: series((point) => point.map),
      yAxisID: 'y',
      borderColor: colorAt(0),
      backgroundColor: colorAt(0),
      pointRadius: 4,
    },
    {
      ...line,
      label: 'training loss',
      data: series((point) => point.loss),
      yAxisID: 'y1',
      borderColor: colorAt(1),
      backgroundColor: colorAt(1),
      pointRadius: 0,
    },
    ...(hasValidationLoss
      ? [
          {
            ...line,
            label: 'validation loss',
            data: series((point) => point.validationLoss),
            yAxisID: 'y1',
            borderColor: withAlpha(colorAt(1), 0.6),
            backgroundColor: withAlpha(colorAt(1), 0.6),
            pointRadius: 3,
            borderDash: [6, 4],
          },
        ]
      : []),
    // A ring around the best mAP point, as its own dataset: no annotation plugin needed, here or on QuickChart.
    ...(bestPoint === null
      ? []
      : [
          {
            type: 'scatter' as const,
            label: `best: epoch ${bestPoint.epoch}, mAP ${(bestPoint.map ?? 0).toFixed(3)}`,
            data: labels.map((epoch) => (epoch === bestPoint.epoch ? bestPoint.map : null)),
            yAxisID: 'y',
            borderColor: colorAt(2),
            backgroundColor: 'rgba(0,0,0,0)',
            pointRadius: 11,
            pointBorderWidth: 3,
          },
        ]),
  ];

  const title = `${runTitle(input.runId, input.model)} · epoch ${last}/${input.totalEpochs}`;
  return ok({
    ...size.value,
    title: specTitle(title, input.simulated),
    config: {
      type: 'line',
      data: { labels, datasets },
      options: {
        ...baseOptions(title, input.simulated ? SIMULATED_TEXT : null),
        scales: {
          x: { type: 'category', title: axisTitle('epoch'), ...axisStyle() },
          y: {
            type: 'linear',
            position: 'left',
            min: 0,
            max: 1,
            title: axisTitle('mAP (0–1)'),
            ...axisStyle(),
          },
          y1: {
            type: 'linear',
            position: 'right',
            beginAtZero: true,
            title: axisTitle('loss'),
            ...axisStyle(false),
          },
        },
      },
    },
  });
}
