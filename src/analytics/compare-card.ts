import type { Card } from '../bot/core/types.js';
import { buildCompareRuns } from '../pipeline/charts/compare-runs.js';
import type { ChartSpec } from '../pipeline/charts/types.js';
import { type ComparedRun, classColumns } from './compare.js';
import { formatDuration, formatMap, formatMapDelta, formatMb, formatThreshold } from './format.js';

const runRef = (run: ComparedRun) => `#${run.runId}${run.simulated ? '*' : ''}`;

/** The mAP overlay of the compared runs, or null when none has a validated epoch. */
export function buildCompareChart(runs: readonly ComparedRun[]): ChartSpec | null {
  const drawable = runs.filter((run) => run.points.some((p) => p.map !== null && p.map !== undefined));
  if (drawable.length === 0) return null;
  const spec = buildCompareRuns({
    runs: drawable.map((run) => ({
      runId: run.runId,
      model: run.model,
      simulated: run.simulated,
      points: run.points,
    })),
  });
  return spec.ok ? spec.value : null;
}

/**
 * `/compare` as a card (pure): one row per run with its best mAP and the difference to the first run, size,
 * mean epoch time and per-class AP at the best epoch; the overlay chart as the image.
 */
export function buildCompareCard(
  runs: readonly ComparedRun[],
  options: { missing?: readonly number[]; image?: { path?: string; url?: string } } = {},
): Card {
  const classes = classColumns(runs);
  const base = runs[0]?.best?.map ?? null;
  const lines: string[] = [];
  const ranked = runs
    .filter((run) => run.best !== null)
    .sort((a, b) => (b.best?.map ?? 0) - (a.best?.map ?? 0));
  const top = ranked[0];
  if (top?.best)
    lines.push(`Most accurate: ${runRef(top)} with mAP ${formatMap(top.best.map)} (epoch ${top.best.epoch})`);
  const sized = runs
    .filter((run) => run.sizeBytes !== null)
    .sort((a, b) => (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0));
  const smallest = sized[0];
  if (smallest && sized.length > 1)
    lines.push(`Smallest: ${runRef(smallest)} at ${formatMb(smallest.sizeBytes)}`);
  for (const run of runs.filter((r) => r.best !== null && !r.best.saved)) {
    lines.push(
      `${runRef(run)}: no checkpoint was saved at a validated epoch; its best validated epoch is shown.`,
    );
  }
  for (const run of runs.filter((r) => r.best === null))
    lines.push(`${runRef(run)} has no validated epoch yet.`);
  if (options.missing && options.missing.length > 0) {
    lines.push(`Not found: ${options.missing.map((id) => `#${id}`).join(', ')} (see /runs).`);
  }
  const card: Card = {
    title: `Comparison · runs ${runs.map(runRef).join(', ')}`,
    tone: 'info',
    lines,
    table: {
      headers: [
        'run',
        'kind',
        'model',
        'best mAP',
        'epoch',
        `Δ vs ${runs[0] ? runRef(runs[0]) : '—'}`,
        'size',
        'prune',
        'epoch time',
        'epochs',
        ...classes.map((c) => `AP ${c}`),
      ],
      rows: runs.map((run) => [
        runRef(run),
        run.kind,
        run.model,
        formatMap(run.best?.map),
        run.best ? String(run.best.epoch) : '—',
        run.best && base !== null && run !== runs[0] ? formatMapDelta(run.best.map - base) : '—',
        formatMb(run.sizeBytes),
        run.threshold === null ? '—' : formatThreshold(run.threshold),
        formatDuration(run.meanEpochSeconds),
        String(run.epochs),
        ...classes.map((c) => formatMap(run.classAp[c])),
      ]),
      align: [
        'left',
        'left',
        'left',
        'right',
        'right',
        'right',
        'right',
        'left',
        'right',
        'right',
        ...classes.map(() => 'right' as const),
      ],
    },
  };
  if (options.image) card.image = { ...options.image, alt: `mAP by epoch · ${card.title}` };
  if (runs.some((run) => run.simulated)) card.footer = '* SIMULATED run (taobot’s TAO simulator, no GPU)';
  return card;
}
