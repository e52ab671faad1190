import type { Config } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import type { Approval } from '../../db/repositories/approvals.js';
import { listCheckpoints } from '../../db/repositories/metrics.js';
import { getPruneResult } from '../../db/repositories/results.js';
import { getRun } from '../../db/repositories/runs.js';
import { err, ok, type Result } from '../../shared/result.js';
import { buildRetrainSpec } from '../runs/plan-retrain.js';

/**
 * Is what an approval names still what would run? A retrain is bound to its pruned model and the hash of its
 * spec; a deploy to a checkpoint that must still exist and a device that must still be configured.
 */
export async function checkApprovalSubject(
  deps: { db: Db; config: Config; readSpec: (path: string) => string },
  approval: Approval,
): Promise<Result<true, string>> {
  const subject = approval.subject as Record<string, unknown>;
  const run = await getRun(deps.db, approval.runId);
  if (!run) return err(`run #${approval.runId} is gone`);
  if (approval.kind === 'retrain') {
    const prune = await getPruneResult(deps.db, Number(subject.sourceRunId));
    if (!prune) return err(`prune run #${subject.sourceRunId} has no result any more`);
    const spec = buildRetrainSpec(
      deps.config,
      run.model,
      String(subject.prunedModel),
      Number(subject.epochs),
      deps.readSpec,
    );
    if (!spec.ok) return err(spec.error);
    if (spec.value.hash !== subject.specHash)
      return err(`the retrain spec ${spec.value.path} changed since the request`);
    return ok(true);
  }
  if (approval.kind === 'deploy') {
    if (!deps.config.devices.some((d) => d.name === subject.device))
      return err(`device ${String(subject.device)} is no longer configured`);
    const checkpoints = await listCheckpoints(deps.db, Number(subject.sourceRunId));
    if (!checkpoints.some((c) => c.epoch === Number(subject.epoch) && c.path === subject.checkpoint)) {
      return err(`the checkpoint of epoch ${String(subject.epoch)} is no longer there`);
    }
    return ok(true);
  }
  return err(`unknown approval kind ${approval.kind}`);
}
