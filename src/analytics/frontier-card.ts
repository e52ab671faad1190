import type { Card } from '../bot/core/types.js';
import { buildSizeVsMap } from '../pipeline/charts/size-vs-map.js';
import { colorAt } from '../pipeline/charts/style.js';
import type { ChartDataPoint, ChartSpec } from '../pipeline/charts/types.js';
import { formatMap, formatMb, formatPercent, formatThreshold, plural } from './format.js';
import type { FrontierPoint } from './frontier.js';

const MAX_ROWS = 25;

const devicesOf = (point: FrontierPoint) =>
  point.deployedOn
    .map((d) => `${d.device}${d.epoch !== point.epoch ? ` (epoch ${d.epoch})` : ''}`)
    .join(', ');

/**
 * Size against mAP for every variant, the Pareto front drawn through the ones worth keeping, and a ring around
 * each deployed variant (its label names the devices). Null when there is nothing to draw.
 */
export function buildFrontierChart(model: string, points: readonly FrontierPoint[]): ChartSpec | null {
  const spec = buildSizeVsMap({
    title: `${model}: size vs mAP`,
    points: points.map((point) => ({
      label: point.deployedOn.length > 0 ? `${point.label} → ${devicesOf(point)}` : point.label,
      sizeMb: Number(point.sizeMb.toFixed(3)),
      map: point.map,
      simulated: point.simulated,
    })),
  });
  if (!spec.ok) return null;
  const deployed = points.filter((point) => point.deployedOn.length > 0);
  if (deployed.length === 0) return spec.value;
  const ring = {
    type: 'scatter' as const,
    label: 'deployed (latest on its device)',
    data: deployed.map((point): ChartDataPoint => ({ x: Number(point.sizeMb.toFixed(3)), y: point.map })),
    borderColor: colorAt(2),
    backgroundColor: 'rgba(0,0,0,0)',
    borderWidth: 3,
    pointRadius: 12,
  };
  const config = spec.value.config;
  return {
    ...spec.value,
    config: { ...config, data: { ...config.data, datasets: [...config.data.datasets, ring] } },
  };
}

/** Front first, then deployed variants, then the rest by mAP: what a reader needs when not all rows fit. */
function rowsToShow(points: readonly FrontierPoint[]): FrontierPoint[] {
  const rank = (p: FrontierPoint) => (p.onFront ? 0 : p.deployedOn.length > 0 ? 1 : 2);
  return [...points]
    .sort((a, b) => rank(a) - rank(b) || b.map - a.map)
    .slice(0, MAX_ROWS)
    .sort((a, b) => a.sizeMb - b.sizeMb || b.map - a.map);
}

/**
 * `/frontier <model>` as a card (pure): the front as a line from smallest to most accurate, where each device's
 * current model sits, and a table of the variants.
 */
export function buildFrontierCard(
  model: string,
  points: readonly FrontierPoint[],
  options: { image?: { path?: string; url?: string } } = {},
): Card {
  const front = points.filter((p) => p.onFront);
  const lines = [
    `${plural(points.length, 'variant')} of ${model}, ${front.length} on the Pareto front (no other variant is both smaller and more accurate).`,
    `Front: ${front.map((p) => `#${p.runId} (${formatMb(p.sizeBytes)}, ${formatMap(p.map)})`).join(' → ')}`,
  ];
  for (const point of points.filter((p) => p.deployedOn.length > 0)) {
    for (const d of point.deployedOn) {
      const fps = d.throughputQps === null ? '' : `, ${d.throughputQps.toFixed(1)} FPS`;
      lines.push(
        `${d.device} runs #${point.runId} epoch ${d.epoch} (${d.precision}${fps})${point.onFront ? '' : ': not on the front'}`,
      );
    }
  }
  const shown = rowsToShow(points);
  if (shown.length < points.length)
    lines.push(`Showing ${shown.length} of ${points.length}; the v_runs and v_prune_results views have all.`);
  const card: Card = {
    title: `Frontier · ${model}`,
    tone: 'info',
    lines,
    table: {
      headers: ['run', 'variant', 'size', 'mAP', 'epoch', 'params', 'front', 'deployed on'],
      rows: shown.map((p) => [
        `#${p.runId}${p.simulated ? '*' : ''}`,
        p.kind === 'train'
          ? 'unpruned'
          : `${formatThreshold(p.threshold)}${p.kind === 'prune' ? ' (not retrained)' : ''}`,
        formatMb(p.sizeBytes),
        formatMap(p.map),
        String(p.epoch),
        formatPercent(p.paramRatio),
        p.onFront ? '●' : '',
        devicesOf(p) || '—',
      ]),
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'left', 'left'],
    },
  };
  if (options.image) card.image = { ...options.image, alt: `size vs mAP · ${card.title}` };
  if (points.some((p) => p.simulated)) card.footer = '* SIMULATED run (taobot’s TAO simulator, no GPU)';
  return card;
}
