import { basename } from 'node:path';
import type { Card } from '../bot/core/types.js';
import {
  formatAge,
  formatBytes,
  formatGpuHours,
  formatMap,
  formatMapDelta,
  formatMb,
  formatPercent,
  formatThreshold,
  plural,
} from './format.js';
import { type SummaryData, type SummaryTotals, summaryTotals } from './summary-data.js';
import type { SummaryPeriod } from './summary-period.js';
import { formatLocal, localTimeOf, zoneNameAt } from './zoned-time.js';

export interface SummaryCardOptions {
  /** The present: ages of pending approvals are measured to the end of the period, or to now if sooner. */
  readonly now: number;
  /** Set when a scheduled summary goes out after its time (taobot was down): when it was due. */
  readonly lateDueAt?: number;
  readonly image?: { path?: string; url?: string };
}

const MAX_ITEMS = 8;
const SIMULATED_FOOTER = 'Includes SIMULATED runs (taobot’s TAO simulator, no GPU); they are marked *.';

function titleOf(period: SummaryPeriod): string {
  const day = formatLocal(period.to - 1, period.zone, { time: false });
  switch (period.kind) {
    case 'daily':
      return `Daily summary · ${formatLocal(period.to, period.zone, { time: false })}`;
    case 'today':
      return `Summary · today so far (${day})`;
    case 'yesterday':
      return `Summary · yesterday (${day})`;
    case 'week':
      return `Summary · last 7 days (${formatLocal(period.from, period.zone, { time: false })} – ${day})`;
  }
}

function periodLine(period: SummaryPeriod, now: number): string {
  const end = Math.min(period.to, now);
  const hours = Math.round((period.to - period.from) / 3_600_000);
  const span = period.kind === 'daily' ? `, ${hours} h` : '';
  const until = end < period.to ? 'now' : formatLocal(end, period.zone);
  return `${formatLocal(period.from, period.zone)} → ${until} ${zoneNameAt(end, period.zone)} (${period.zone})${span}`;
}

/** `#12*` marks a simulated run, as /runs does. */
const runRef = (runId: number | null, simulated: boolean) =>
  runId === null ? '—' : `#${runId}${simulated ? '*' : ''}`;

function pipelineLines(data: SummaryData): string[] {
  const lines: string[] = [];
  for (const p of data.prunes.slice(0, MAX_ITEMS)) {
    const ratio = p.paramRatio === null ? '' : `, ${formatPercent(p.paramRatio)} of parameters`;
    lines.push(
      `Pruned ${runRef(p.runId, p.simulated)} ${p.model} (${formatThreshold(p.threshold)} of #${p.sourceRunId} epoch ${p.sourceEpoch}): ${formatMb(p.sourceSizeBytes)} → ${formatMb(p.sizeBytes)}${ratio}`,
    );
  }
  for (const r of data.retrains.slice(0, MAX_ITEMS)) {
    const versus =
      r.sourceMap === null || r.map === null
        ? ''
        : ` vs unpruned ${formatMap(r.sourceMap)} (${formatMapDelta(r.map - r.sourceMap)})`;
    lines.push(
      `Retrained ${runRef(r.runId, r.simulated)} ${r.model} (${formatThreshold(r.threshold)}): mAP ${formatMap(r.map)}${versus}, ${formatMb(r.sizeBytes)}`,
    );
  }
  for (const d of data.deployments.slice(0, MAX_ITEMS)) {
    const latency = d.latencyMeanMs === null ? '' : `, ${d.latencyMeanMs.toFixed(2)} ms mean`;
    const p99 = d.latencyP99Ms === null ? '' : `, ${d.latencyP99Ms.toFixed(2)} ms p99`;
    const fps = d.throughputQps === null ? 'not benchmarked' : `${d.throughputQps.toFixed(1)} FPS`;
    lines.push(
      `Deployed ${runRef(d.runId, d.simulated)} ${d.model} #${d.sourceRunId} epoch ${d.epoch} to ${d.device} (${d.precision}): ${fps}${latency}${p99}`,
    );
  }
  const hidden =
    Math.max(0, data.prunes.length - MAX_ITEMS) +
    Math.max(0, data.retrains.length - MAX_ITEMS) +
    Math.max(0, data.deployments.length - MAX_ITEMS);
  if (hidden > 0)
    lines.push(`…and ${plural(hidden, 'more pipeline result')} (see the v_prune_results view).`);
  return lines;
}

function diskLine(data: SummaryData, totals: SummaryTotals): string {
  const change = [
    totals.diskAddedBytes > 0 ? `+${formatBytes(totals.diskAddedBytes)}` : null,
    totals.diskFreedBytes > 0 ? `−${formatBytes(totals.diskFreedBytes)} freed` : null,
  ].filter(Boolean);
  const servers = data.disk
    .filter((row) => row.bytes > 0)
    .map((row) => `${row.server} ${formatBytes(row.bytes)}`)
    .join(' · ');
  return `Checkpoints on disk: ${formatBytes(totals.diskBytes)} in ${plural(totals.checkpoints, 'file')}${change.length > 0 ? ` (${change.join(', ')})` : ''}${servers ? `: ${servers}` : ''}`;
}

/**
 * A period's summary as a card (pure): the counts as fields; the best checkpoint per model as the table; GPU-hours
 * per server, failures, pipeline results, pending approvals and disk use as lines; the day's chart as the image.
 */
export function buildSummaryCard(
  period: SummaryPeriod,
  data: SummaryData,
  options: SummaryCardOptions,
): Card {
  const totals = summaryTotals(data);
  const end = Math.min(period.to, options.now);
  const lines = [periodLine(period, options.now)];
  if (options.lateDueAt !== undefined) {
    lines.push(
      `Posted late at ${formatLocal(options.now, period.zone)}: taobot was not running at ${localTimeOf(options.lateDueAt, period.zone)}, when it was due.`,
    );
  }
  const quiet = totals.started + totals.succeeded + totals.failed + totals.cancelled + totals.running === 0;
  if (quiet) lines.push('No runs in this period.');
  if (totals.gpuHoursByServer.length > 0) {
    lines.push(
      `GPU-hours by server: ${totals.gpuHoursByServer.map((s) => `${s.server}${s.simulated ? '*' : ''} ${formatGpuHours(s.hours)}`).join(' · ')}`,
    );
  }
  for (const f of data.failures) {
    lines.push(
      `Failed ${runRef(f.runId, f.simulated)} ${f.kind} ${f.model} on ${f.server}${f.error ? `: ${f.error}` : ''}`,
    );
  }
  lines.push(...pipelineLines(data));
  for (const a of data.approvals) {
    lines.push(
      `Waiting for approval #${a.id}: ${a.kind} of run #${a.runId} (${a.model}), asked by ${a.requestedBy} ${formatAge(end - a.createdAt)} ago, expires in ${formatAge(a.expiresAt - end)}`,
    );
  }
  if (totals.checkpoints > 0 || totals.diskFreedBytes > 0) lines.push(diskLine(data, totals));

  const card: Card = {
    title: `${titleOf(period)}${options.lateDueAt !== undefined ? ' (late)' : ''}`,
    tone: totals.failed > 0 ? 'warning' : 'info',
    lines,
    fields: [
      { label: 'Started', value: String(totals.started) },
      { label: 'Finished', value: String(totals.succeeded) },
      { label: 'Failed', value: String(totals.failed) },
      { label: end < period.to ? 'Running now' : 'Running at the end', value: String(totals.running) },
      ...(totals.cancelled > 0 ? [{ label: 'Cancelled', value: String(totals.cancelled) }] : []),
      { label: 'GPU-hours', value: formatGpuHours(totals.gpuHours) },
      { label: 'Pending approvals', value: String(data.approvals.length) },
      { label: 'Checkpoint disk', value: formatBytes(totals.diskBytes) },
    ],
  };
  if (data.best.length > 0) {
    card.table = {
      headers: ['model', 'best mAP', 'run', 'epoch', 'checkpoint', 'size'],
      rows: data.best.map((b) => [
        b.model,
        formatMap(b.map),
        `${runRef(b.runId, b.simulated)} ${b.kind}`,
        String(b.epoch),
        basename(b.checkpointPath),
        formatMb(b.checkpointBytes),
      ]),
      align: ['left', 'right', 'left', 'right', 'left', 'right'],
    };
  }
  if (options.image) card.image = { ...options.image, alt: `GPU-hours by server and kind · ${card.title}` };
  if (totals.simulated) card.footer = SIMULATED_FOOTER;
  return card;
}
