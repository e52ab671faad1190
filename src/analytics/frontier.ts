import type { CurrentDeploymentRow, FrontierRow } from '../db/repositories/analytics-lineage.js';
import { paretoFront } from '../pipeline/charts/size-vs-map.js';
import type { RunKind } from '../pipeline/runs/run-state.js';
import { formatThreshold } from './format.js';

/** A model variant on the size/mAP plane. */
export interface FrontierPoint {
  runId: number;
  kind: RunKind;
  label: string;
  simulated: boolean;
  sizeBytes: number;
  /** Size in TAO's MB (2^20 bytes). */
  sizeMb: number;
  map: number;
  epoch: number;
  threshold: number | null;
  paramRatio: number | null;
  sourceRunId: number | null;
  /** No other variant is both no bigger and no less accurate (and better in one). */
  onFront: boolean;
  /** The devices whose latest successful deployment is this model. */
  deployedOn: CurrentDeploymentRow[];
}

function labelOf(row: FrontierRow): string {
  if (row.kind === 'train' || row.pruneRunId === null) return `#${row.runId} unpruned`;
  const pruned = `#${row.runId} ${formatThreshold(row.threshold)}`;
  return row.kind === 'prune' ? `${pruned} (not retrained)` : pruned;
}

/**
 * Every variant of a model with its place on the Pareto front of size against mAP, and where each is deployed
 * now (pure). Sorted by size, then mAP (highest first).
 *
 * @example
 * computeFrontier(await loadFrontierRows(db, 'ssd_resnet18'), await loadCurrentDeployments(db));
 */
export function computeFrontier(
  rows: readonly FrontierRow[],
  deployments: readonly CurrentDeploymentRow[],
): FrontierPoint[] {
  const points = rows
    .filter((row) => Number.isFinite(row.map) && row.sizeBytes > 0)
    .map((row) => ({
      runId: row.runId,
      kind: row.kind,
      label: labelOf(row),
      simulated: row.simulated,
      sizeBytes: row.sizeBytes,
      sizeMb: row.sizeBytes / 2 ** 20,
      map: row.map,
      epoch: row.epoch,
      threshold: row.threshold,
      paramRatio: row.paramRatio,
      sourceRunId: row.sourceRunId,
      onFront: false,
      deployedOn: deployments.filter((d) => d.sourceRunId === row.runId),
    }));
  for (const point of paretoFront(points)) point.onFront = true;
  return points.sort((a, b) => a.sizeMb - b.sizeMb || b.map - a.map || a.runId - b.runId);
}
