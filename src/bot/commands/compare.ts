import { compareRuns } from '../../analytics/compare.js';
import { buildCompareCard, buildCompareChart } from '../../analytics/compare-card.js';
import { chartRendererFor, renderForCard } from '../../analytics/renderer.js';
import { loadCompareFacts } from '../../db/repositories/analytics-lineage.js';
import type { OptionSpec } from '../core/options.js';
import type { Command } from '../services.js';

const MAX_RUNS = 6;
const RUN_ID = /^#?[1-9]\d{0,9}$/;

/** `run1` … `run6`: bare words fill them in order, so `/compare 12 43 #44` reads as typed. */
const runOptions: OptionSpec[] = Array.from({ length: MAX_RUNS }, (_, index) => ({
  name: `run${index + 1}`,
  type: 'string',
  positional: true,
  required: index < 2,
  pattern: RUN_ID,
  patternHint: 'must be a run number such as 12 or #12',
  description: index < 2 ? `run number ${index + 1} to compare` : 'another run to compare',
}));

export const compareCommand: Command = {
  name: 'compare',
  description: 'Compare runs: mAP curves, per-class AP, size and epoch time',
  sideEffects: [],
  help: `Up to ${MAX_RUNS} runs. The first run is the baseline of the Δ column.`,
  options: runOptions,
  async run({ options, reply, services }) {
    const ids = runOptions
      .map((spec) => options[spec.name])
      .filter((value): value is string => typeof value === 'string')
      .map((value) => Number(value.replace('#', '')));
    const unique = [...new Set(ids)];
    if (unique.length < 2) {
      await reply.ephemeral({
        title: '/compare: name two different runs, e.g. /compare 12 43',
        tone: 'warning',
      });
      return;
    }
    const { runs, missing } = compareRuns(await loadCompareFacts(services.db, unique), unique);
    if (runs.length === 0) {
      await reply.ephemeral({
        title: `/compare: there are no runs ${unique.map((id) => `#${id}`).join(', ')}`,
        tone: 'warning',
        lines: ['See /runs for the list.'],
      });
      return;
    }
    const image = await renderForCard(
      chartRendererFor(services.config, services.logger),
      buildCompareChart(runs),
      `compare-${runs.map((run) => run.runId).join('-')}-${Date.now()}`,
      services.logger,
    );
    await reply.post(buildCompareCard(runs, { missing, image }));
  },
};
