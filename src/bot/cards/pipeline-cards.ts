import type { Deployment, Evaluation, PruneResult } from '../../db/repositories/results.js';
import type { Run } from '../../db/repositories/runs.js';
import { formatBytes } from '../../pipeline/runs/progress.js';
import type { ThresholdSuggestion } from '../../pipeline/suggest/threshold.js';
import type { Card } from '../core/types.js';
import { runTitle } from './run-cards.js';

/** Pure builders of the cards of evaluate, prune, retrain comparison and deploy. */

const simulated = (run: Run) =>
  run.simulated ? 'SIMULATED run: taobot’s TAO simulator, no GPU was used' : undefined;
const mb = (bytes: number | null) => (bytes === null ? '—' : formatBytes(bytes));

export function evaluationCard(run: Run, evaluation: Evaluation, csvMap: number | null): Card {
  const lines = [
    `mAP ${evaluation.map === null ? '—' : evaluation.map.toFixed(4)} for run #${evaluation.sourceRunId}, epoch ${evaluation.epoch}.`,
  ];
  if (csvMap !== null && evaluation.map !== null) {
    lines.push(
      `The training CSV had ${csvMap.toFixed(4)} for that epoch (${Math.abs(csvMap - evaluation.map) < 0.0015 ? 'the same' : 'a different value'}).`,
    );
  }
  return {
    title: `${runTitle(run)} finished`,
    tone: 'success',
    lines,
    table: {
      headers: ['class', 'AP'],
      rows: Object.entries(evaluation.ap).map(([name, ap]) => [name, ap.toFixed(4)]),
      align: ['left', 'right'],
    },
    footer: simulated(run),
  };
}

export function pruneCard(run: Run, result: PruneResult): Card {
  return {
    title: `${runTitle(run)} finished: pth ${result.threshold}`,
    tone: 'success',
    lines: [
      `Pruned run #${result.sourceRunId}, epoch ${result.sourceEpoch}: ${mb(result.sourceSizeBytes)} → ${mb(result.sizeBytes)}, parameters ×${result.paramRatio?.toFixed(3) ?? '—'}.`,
      `Options: -n ${result.normalizer} -eq ${result.equalization} -pg ${result.granularity} -nf ${result.minFilters}${result.excludedLayers.length ? ` -el ${result.excludedLayers.join(' ')}` : ''}`,
      `Next: /retrain ${run.id} (asks for approval: retraining costs GPU hours)`,
    ],
    fields: [{ label: 'Pruned model', value: result.outputPath }],
    buttons: [
      {
        action: 'retrain',
        value: String(run.id),
        label: `Retrain pth ${result.threshold}`,
        style: 'primary',
      },
    ],
    footer: simulated(run),
  };
}

export function sweepCard(
  model: string,
  source: { runId: number; epoch: number },
  rows: ReadonlyArray<{ run: Run; result: PruneResult | null }>,
  suggestion: ThresholdSuggestion,
  chart?: { path?: string; url?: string },
): Card {
  const ok = rows.filter((r) => r.result);
  const card: Card = {
    title: `Prune sweep of run #${source.runId} (epoch ${source.epoch}) · ${model}${rows.some((r) => r.run.simulated) ? ' [SIMULATED]' : ''}`,
    tone: ok.length === rows.length ? 'success' : 'warning',
    lines: [
      `Suggested threshold: ${suggestion.threshold} (${suggestion.reason}).`,
      ...(rows.length > ok.length ? [`${rows.length - ok.length} prune(s) failed: see /run for each.`] : []),
      `Next: /retrain <prune run> for the one you want (asks for approval).`,
    ],
    table: {
      headers: ['run', 'pth', 'size', 'params', 'state'],
      rows: rows.map(({ run, result }) => [
        `#${run.id}`,
        String(result?.threshold ?? (run.params as { threshold?: number }).threshold ?? '—'),
        mb(result?.sizeBytes ?? null),
        result?.paramRatio ? `×${result.paramRatio.toFixed(3)}` : '—',
        result ? 'done' : run.state,
      ]),
      align: ['left', 'right', 'right', 'right', 'left'],
    },
    buttons: ok
      .filter(({ result }) => result?.threshold === suggestion.threshold)
      .map(({ run }) => ({
        action: 'retrain',
        value: String(run.id),
        label: `Retrain pth ${suggestion.threshold}`,
        style: 'primary' as const,
      })),
  };
  if (chart?.url) card.image = { url: chart.url, alt: 'model size and parameters by pruning threshold' };
  return card;
}

export interface Comparison {
  unpruned: {
    runId: number;
    epoch: number;
    map: number;
    ap: Record<string, number>;
    sizeBytes: number | null;
    epochSeconds: number | null;
  };
  retrained: {
    runId: number;
    epoch: number;
    map: number;
    ap: Record<string, number>;
    sizeBytes: number | null;
    epochSeconds: number | null;
  };
  paramRatio: number | null;
  threshold: number;
  maxMapDrop: number;
}

export function comparisonCard(run: Run, c: Comparison, devices: readonly string[]): Card {
  const drop = c.unpruned.map - c.retrained.map;
  const within = drop <= c.maxMapDrop;
  const classes = [...new Set([...Object.keys(c.unpruned.ap), ...Object.keys(c.retrained.ap)])].sort();
  const f = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(4));
  const secs = (s: number | null) => (s === null ? '—' : `${s.toFixed(1)} s`);
  return {
    title: `${runTitle(run)}: retrained (pth ${c.threshold}) vs unpruned`,
    tone: within ? 'success' : 'warning',
    lines: [
      within
        ? `mAP dropped ${drop.toFixed(4)}, within the accepted ${c.maxMapDrop}: ready to deploy.`
        : `mAP dropped ${drop.toFixed(4)}, more than the accepted ${c.maxMapDrop}: prune again with a lower threshold (e.g. /prune ${c.unpruned.runId} ${c.unpruned.epoch} pth=${Math.max(0.05, Math.round((c.threshold / 2) * 100) / 100)}).`,
    ],
    table: {
      headers: ['', `unpruned #${c.unpruned.runId}`, `retrained #${c.retrained.runId}`],
      rows: [
        ['mAP', f(c.unpruned.map), f(c.retrained.map)],
        ...classes.map((name) => [`AP ${name}`, f(c.unpruned.ap[name]), f(c.retrained.ap[name])]),
        ['size', mb(c.unpruned.sizeBytes), mb(c.retrained.sizeBytes)],
        ['parameters', '×1', c.paramRatio === null ? '—' : `×${c.paramRatio.toFixed(3)}`],
        ['epoch time', secs(c.unpruned.epochSeconds), secs(c.retrained.epochSeconds)],
      ],
      align: ['left', 'right', 'right'],
    },
    buttons: within
      ? devices.slice(0, 4).map((device) => ({
          action: 'deploy',
          value: `${run.id}:${device}`,
          label: `Deploy to ${device}`,
          style: 'primary' as const,
        }))
      : [
          {
            action: 'prune',
            value: String(c.unpruned.runId),
            label: 'Prune again',
            style: 'default' as const,
          },
        ],
    footer: simulated(run),
  };
}

export function deploymentCard(run: Run, d: Deployment): Card {
  return {
    title: `${runTitle(run)}: ${d.device} runs at ${d.throughputQps === null ? '—' : d.throughputQps.toFixed(1)} FPS`,
    tone: 'success',
    lines: [
      `Run #${d.sourceRunId}, epoch ${d.epoch}, as a ${d.precision.toUpperCase()} TensorRT engine on ${d.device}.`,
    ],
    fields: [
      { label: 'Throughput', value: d.throughputQps === null ? '—' : `${d.throughputQps.toFixed(1)} FPS` },
      {
        label: 'Latency',
        value: `${d.latencyMeanMs?.toFixed(2) ?? '—'} ms mean · ${d.latencyP99Ms?.toFixed(2) ?? '—'} ms p99`,
      },
      { label: 'Engine', value: `${mb(d.engineBytes)} · ${d.enginePath ?? '—'}` },
      { label: 'TensorRT', value: d.tensorrtVersion ?? '—' },
    ],
    footer: simulated(run),
  };
}

export function stepFailedCard(
  run: Run,
  step: string,
  error: string,
  logTail: string,
  cleanup?: string,
): Card {
  return {
    title: `${runTitle(run)} failed at step “${step}”`,
    tone: 'danger',
    lines: [
      error,
      ...(cleanup ? [cleanup] : []),
      'Last lines of the step’s log:',
      '```',
      logTail.trimEnd() || '(empty log)',
      '```',
    ],
    footer: simulated(run),
  };
}
