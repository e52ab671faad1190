import { deploymentCard } from '../../bot/cards/pipeline-cards.js';
import { getDeployment, saveDeployment } from '../../db/repositories/results.js';
import { parseTrtexecOutput } from '../parsers/trtexec.js';
import { devicePaths } from '../steps/device-paths.js';
import { engineName } from '../steps/plan-steps.js';
import type { DeployParams } from '../steps/types.js';
import type { OutcomeHandler } from './types.js';

/** A deploy: the benchmark trtexec printed on the device, and the installed engine, as a deployments row. */
export const deployOutcome: OutcomeHandler = {
  async record(context, run, machines) {
    const params = run.params as unknown as DeployParams;
    // The benchmark is printed by the last step before `install engine`.
    const benchStep = machines.steps.length - 2;
    const summary = parseTrtexecOutput(await context.readStepLog(run, machines, benchStep));
    const device = machines.device;
    const enginePath = device ? devicePaths(device.workdir, run.id, engineName(run, params)).engine : null;
    let engineBytes: number | null = null;
    if (enginePath) {
      const slash = enginePath.lastIndexOf('/');
      const files = await context
        .executorOf(machines, machines.steps.length - 1)
        .list(enginePath.slice(0, slash));
      engineBytes = files.find((f) => f.name === enginePath.slice(slash + 1))?.size ?? null;
    }
    await saveDeployment(context.db, {
      runId: run.id,
      sourceRunId: params.sourceRunId,
      epoch: params.epoch,
      device: params.device,
      precision: params.precision,
      enginePath,
      engineBytes,
      throughputQps: summary.throughputQps,
      latencyMeanMs: summary.latencyMeanMs,
      latencyP99Ms: summary.latencyP99Ms,
      tensorrtVersion: summary.tensorrtVersion,
    });
  },
  async announce(context, run) {
    const deployment = await getDeployment(context.db, run.id);
    if (deployment) await context.notifier.post(run, deploymentCard(run, deployment), { mirror: true });
  },
};
