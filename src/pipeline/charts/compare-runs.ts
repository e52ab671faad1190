import { err, ok, type Result } from '../../shared/result.js';
import { chartSize, cleanEpochs } from './check-input.js';
import { axisStyle, axisTitle, baseOptions, colorAt, dashAt, SIMULATED_TEXT } from './style.js';
import {
  type ChartInputError,
  type ChartSize,
  type ChartSpec,
  chartInputError,
  type EpochPoint,
  type RunLabel,
} from './types.js';

const CHART = 'run comparison';

export interface CompareRunsInput extends ChartSize {
  readonly runs: readonly (RunLabel & { readonly points: readonly EpochPoint[] })[];
}

/** `#12 ssd_resnet18`, marked when simulated so an overlay never mixes the two silently. */
const runLegend = (run: RunLabel): string =>
  `#${run.runId} ${run.model}${run.simulated ? ' (SIMULATED)' : ''}`;

/** The subtitle naming the simulated runs, or null when every run is real. */
export function simulatedNote(runs: readonly RunLabel[]): string | null {
  const ids = runs.filter((run) => run.simulated).map((run) => `#${run.runId}`);
  if (ids.length === 0) return null;
  if (ids.length === runs.length)
    return runs.length === 1 ? SIMULATED_TEXT : 'SIMULATED: none of these is a real TAO run';
  return `SIMULATED: ${ids.join(', ')} ${ids.length === 1 ? 'is not a real TAO run' : 'are not real TAO runs'}`;
}

/**
 * Several runs' mAP per epoch on one chart, one dataset per run in palette order. Only validated epochs are
 * points, on a numeric epoch axis, so runs that validate at different epochs still line up.
 *
 * @example
 * buildCompareRuns({ runs: [{ runId: 12, model: 'ssd_resnet18', simulated: false, points }, …] });
 */
export function buildCompareRuns(input: CompareRunsInput): Result<ChartSpec, ChartInputError> {
  const size = chartSize(CHART, input);
  if (!size.ok) return size;
  if (input.runs.length === 0)
    return err(chartInputError(CHART, 'no runs to compare: pass at least one run'));
  const seen = new Set<number>();
  const datasets = [];
  let lastEpoch = 1;
  for (const [index, run] of input.runs.entries()) {
    if (seen.has(run.runId))
      return err(chartInputError(CHART, `run #${run.runId} appears twice: pass each run once`));
    seen.add(run.runId);
    const checked = cleanEpochs(`${CHART} (run #${run.runId})`, run.points);
    if (!checked.ok) return checked;
    const validated = checked.value.filter((point) => point.map !== null);
    lastEpoch = Math.max(lastEpoch, ...validated.map((point) => point.epoch));
    datasets.push({
      type: 'line' as const,
      label: runLegend(run),
      data: validated.map((point) => ({ x: point.epoch, y: point.map ?? 0 })),
      borderColor: colorAt(index),
      backgroundColor: colorAt(index),
      borderDash: dashAt(index),
      borderWidth: 2.5,
      pointRadius: 4,
    });
  }
  if (datasets.every((dataset) => dataset.data.length === 0)) {
    return err(chartInputError(CHART, 'none of the runs has a validated epoch yet: nothing to compare'));
  }

  const note = simulatedNote(input.runs);
  const title = `mAP by epoch · runs ${input.runs.map((run) => `#${run.runId}`).join(', ')}`;
  return ok({
    ...size.value,
    title: note === null ? title : `${title} (${note})`,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        ...baseOptions(title, note),
        scales: {
          x: {
            type: 'linear',
            min: 0,
            max: lastEpoch,
            title: axisTitle('epoch'),
            ...axisStyle(),
            ticks: { ...axisStyle().ticks, precision: 0 },
          },
          y: { type: 'linear', min: 0, max: 1, title: axisTitle('mAP (0–1)'), ...axisStyle() },
        },
      },
    },
  });
}
