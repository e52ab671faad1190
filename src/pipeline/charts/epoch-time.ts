import { err, ok, type Result } from '../../shared/result.js';
import { chartSize, cleanEpochs } from './check-input.js';
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

const CHART = 'epoch time';

export interface EpochTimeInput extends RunLabel, ChartSize {
  readonly points: readonly EpochPoint[];
}

/** Seconds as the legend shows them: one decimal under ten minutes, whole seconds above. */
const formatSeconds = (seconds: number): string => (seconds < 600 ? seconds.toFixed(1) : seconds.toFixed(0));

/**
 * Seconds per epoch as bars, with the mean over the timed epochs as a dashed line across them. Epochs without
 * a time (not finished, or not reported) stay empty rather than dragging the mean down.
 *
 * @example
 * const chart = buildEpochTime({ runId: 12, model: 'ssd_resnet18', simulated: false, points });
 */
export function buildEpochTime(input: EpochTimeInput): Result<ChartSpec, ChartInputError> {
  const size = chartSize(CHART, input);
  if (!size.ok) return size;
  const checked = cleanEpochs(CHART, input.points);
  if (!checked.ok) return checked;
  const points = checked.value;
  const timed = points.flatMap((point) => (point.epochSeconds === null ? [] : [point.epochSeconds]));
  if (timed.length === 0) return err(chartInputError(CHART, 'no epoch has a time yet: nothing to draw'));
  const mean = timed.reduce((sum, seconds) => sum + seconds, 0) / timed.length;

  const first = points[0]?.epoch ?? 1;
  const last = points.at(-1)?.epoch ?? first;
  const labels = Array.from({ length: last - first + 1 }, (_, index) => first + index);
  const byEpoch = new Map(points.map((point) => [point.epoch, point.epochSeconds]));

  const title = `${runTitle(input.runId, input.model)} · seconds per epoch`;
  return ok({
    ...size.value,
    title: specTitle(title, input.simulated),
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            type: 'line',
            label: `mean ${formatSeconds(mean)} s over ${timed.length} epoch${timed.length === 1 ? '' : 's'}`,
            data: labels.map(() => mean),
            borderColor: colorAt(1),
            backgroundColor: colorAt(1),
            borderDash: [8, 4],
            borderWidth: 2.5,
            pointRadius: 0,
          },
          {
            type: 'bar',
            label: 'seconds per epoch',
            data: labels.map((epoch) => byEpoch.get(epoch) ?? null),
            borderColor: colorAt(0),
            backgroundColor: withAlpha(colorAt(0), 0.75),
            borderWidth: 1,
          },
        ],
      },
      options: {
        ...baseOptions(title, input.simulated ? SIMULATED_TEXT : null),
        scales: {
          x: { type: 'category', title: axisTitle('epoch'), ...axisStyle() },
          y: { type: 'linear', beginAtZero: true, title: axisTitle('time per epoch (s)'), ...axisStyle() },
        },
      },
    },
  });
}
