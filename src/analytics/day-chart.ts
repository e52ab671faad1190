import type { UsageRow } from '../db/repositories/analytics.js';
import { chartSize } from '../pipeline/charts/check-input.js';
import { axisStyle, axisTitle, baseOptions, colorAt, SIMULATED_TEXT } from '../pipeline/charts/style.js';
import type { ChartSize, ChartSpec } from '../pipeline/charts/types.js';
import { RUN_KINDS } from '../pipeline/runs/run-state.js';

/**
 * The summary's chart: GPU-hours per server in the period, stacked by what the GPUs did (training, retraining,
 * pruning, exporting, deploying, evaluating). A pure Chart.js config, drawn by the one chart renderer. Null
 * when no GPU time was used: an empty chart says nothing the card does not.
 *
 * @example
 * buildDayChart(usageRows, 'GPU-hours · Sun 29 Mar 2026');
 */
export function buildDayChart(
  usage: readonly UsageRow[],
  title: string,
  size: ChartSize = {},
): ChartSpec | null {
  const used = usage.filter((row) => row.gpuHours > 0);
  if (used.length === 0) return null;
  const checked = chartSize('day chart', size);
  if (!checked.ok) return null;
  const servers = [...new Set(used.map((row) => row.server))].sort();
  const simulatedServers = new Set(used.filter((row) => row.simulated).map((row) => row.server));
  const labels = servers.map((server) => (simulatedServers.has(server) ? `${server} (SIMULATED)` : server));
  const datasets = RUN_KINDS.map((kind, index) => ({
    type: 'bar' as const,
    label: kind,
    data: servers.map((server) =>
      Number(
        used
          .filter((row) => row.server === server && row.kind === kind)
          .reduce((sum, row) => sum + row.gpuHours, 0)
          .toFixed(3),
      ),
    ),
    backgroundColor: colorAt(index),
    borderColor: colorAt(index),
  })).filter((dataset) => dataset.data.some((hours) => hours > 0));
  const note =
    simulatedServers.size === 0
      ? null
      : simulatedServers.size === servers.length
        ? SIMULATED_TEXT
        : 'SIMULATED: servers marked (SIMULATED) ran simulated jobs';
  return {
    ...checked.value,
    title: note === null ? title : `${title} (${note})`,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: {
        ...baseOptions(title, note),
        scales: {
          x: { stacked: true, title: axisTitle('server'), ...axisStyle() },
          y: { stacked: true, beginAtZero: true, title: axisTitle('GPU-hours'), ...axisStyle() },
        },
      },
    },
  };
}
