import type { Config, DeviceConfig, ServerConfig } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import { getRun, patchRun, type Run, transitionRun } from '../../db/repositories/runs.js';
import type { Executor, ProcessHandle, ProcessState } from '../executors/types.js';
import { planSteps } from '../steps/plan-steps.js';
import { stepFiles } from '../steps/step-files.js';
import { createTransferRunner, type TransferJob, type TransferRunner } from '../steps/transfer-runner.js';
import type { Step, TransferStep } from '../steps/types.js';
import { redactArgv } from '../tao/commands/index.js';
import { parseSpec, readTrainingSettings } from '../tao/spec/index.js';
import { runPaths } from './launcher.js';

/** What starting or advancing a run needs to reach its machines. */
export interface StepEnv {
  db: Db;
  config: Config;
  executorFor(server: ServerConfig): Executor;
  executorForDevice(device: DeviceConfig): Executor;
}

/** A stored process handle, with the step it belongs to (a transfer step has no process: no pid). */
export type StepHandle = ProcessHandle & { step: number; transfer?: true };

export interface RunMachines {
  server: ServerConfig;
  device?: DeviceConfig;
  steps: Step[];
}

/** Plans a run's steps with what they need from the database and the configuration. */
export async function machinesFor(
  env: StepEnv,
  run: Run,
): Promise<{ ok: true; value: RunMachines } | { ok: false; error: string }> {
  const server = env.config.servers.find((s) => s.name === run.server);
  if (!server) return { ok: false, error: `server ${run.server} is no longer configured` };
  const params = run.params as { sourceRunId?: number; device?: string };
  const source = params.sourceRunId ? await getRun(env.db, params.sourceRunId) : undefined;
  const device = params.device ? env.config.devices.find((d) => d.name === params.device) : undefined;
  const spec = run.specSnapshot ? parseSpec(run.specSnapshot) : null;
  const settings = spec?.ok ? readTrainingSettings(spec.value) : null;
  const input = settings?.ok
    ? { channels: 3, height: settings.value.outputHeight, width: settings.value.outputWidth }
    : undefined;
  const steps = planSteps({ config: env.config, run, server, source, device, input });
  if (!steps.ok) return steps;
  return { ok: true, value: { server, device, steps: steps.value } };
}

const where = (env: StepEnv, machines: RunMachines, step: Step): { executor: Executor; workdir: string } =>
  step.where === 'device' && machines.device
    ? { executor: env.executorForDevice(machines.device), workdir: machines.device.workdir }
    : { executor: env.executorFor(machines.server), workdir: machines.server.workdir };

// Copies in flight belong to the reconciler that started them: one runner per environment object.
const runners = new WeakMap<StepEnv, TransferRunner>();
const runnerOf = (env: StepEnv): TransferRunner => {
  let runner = runners.get(env);
  if (!runner) {
    runner = createTransferRunner();
    runners.set(env, runner);
  }
  return runner;
};

function transferJob(env: StepEnv, run: Run, machines: RunMachines, index: number): TransferJob {
  const step = machines.steps[index] as TransferStep;
  if (!machines.device) throw new Error(`step ${step.name} of run #${run.id} needs its device`);
  return {
    key: `${run.id}:${index}`,
    step,
    from: env.executorFor(machines.server),
    to: env.executorForDevice(machines.device),
    ...stepFiles(machines.device.workdir, run.id, index),
  };
}

/** Starts one step of a run detached and returns its handle (stored by the caller before anything else). */
export async function startStep(
  env: StepEnv,
  run: Run,
  machines: RunMachines,
  index: number,
): Promise<StepHandle> {
  const step = machines.steps[index] as Step;
  const { executor } = where(env, machines, step);
  if (step.kind === 'transfer') {
    const job = transferJob(env, run, machines, index);
    await runnerOf(env).start(job);
    const host = (executor as { host?: unknown }).host;
    return {
      executor: executor.kind,
      ...(typeof host === 'string' ? { host } : {}),
      exitFile: job.exitFile,
      logFile: job.logFile,
      startedAt: new Date().toISOString(),
      step: index,
      transfer: true,
    };
  }
  // Step files live in the run's folder on the server, even for device steps on the same machine.
  const files = stepFiles(
    step.where === 'device' && machines.device ? machines.device.workdir : machines.server.workdir,
    run.id,
    index,
  );
  const handle = await executor.start({
    argv: step.argv,
    cwd: runPaths(where(env, machines, step).workdir, run.id).root,
    env: step.where === 'device' && machines.device ? machines.device.env : machines.server.env,
    // Slurm turns this into --gres=gpu:N; local and ssh runs take their GPUs through --gpu_index.
    ...(step.where === 'server' ? { gpus: run.gpus } : {}),
    logFile: files.logFile,
    exitFile: files.exitFile,
  });
  return { ...handle, step: index };
}

/** Whether a step still runs: its process's state, or a transfer's (copied again when a restart cut it off). */
export async function stepStatus(
  env: StepEnv,
  run: Run,
  machines: RunMachines,
  handle: StepHandle,
): Promise<ProcessState> {
  const index = handle.step ?? 0;
  if (machines.steps[index]?.kind === 'transfer') {
    return runnerOf(env).status(transferJob(env, run, machines, index));
  }
  return stepExecutor(env, machines, index).status(handle);
}

export const stepExecutor = (env: StepEnv, machines: RunMachines, index: number): Executor =>
  where(env, machines, machines.steps[index] as Step).executor;

export const stepLogFile = (machines: RunMachines, runId: number, index: number): string => {
  const step = machines.steps[index] as Step;
  return stepFiles(
    step.where === 'device' && machines.device ? machines.device.workdir : machines.server.workdir,
    runId,
    index,
  ).logFile;
};

/**
 * Starts a placed run: writes its spec on the server, starts its first step detached and records the handle.
 * A run found in `starting` with a handle (taobot stopped in between) is only marked running.
 */
export async function startRun(env: StepEnv, run: Run): Promise<{ ok: true } | { ok: false; error: string }> {
  const { db } = env;
  if (run.processHandle) {
    const moved = await transitionRun(db, run.id, 'started');
    return moved.ok ? { ok: true } : { ok: false, error: moved.error };
  }
  const fail = async (error: string) => {
    await transitionRun(db, run.id, 'start_failed', { error, finishedAt: new Date() }, { error });
    return { ok: false as const, error };
  };
  const machines = await machinesFor(env, run);
  if (!machines.ok) return fail(machines.error);
  const { server } = machines.value;
  const executor = env.executorFor(server);
  const paths = runPaths(server.workdir, run.id);
  try {
    if (await executor.read(paths.consoleLog, 0, 0)) {
      // A start began before a restart but its handle was never stored: starting again could run TAO twice.
      return fail(
        `taobot stopped while starting this run and cannot tell whether TAO runs; look in ${paths.root} on ${server.name}`,
      );
    }
    if (run.specSnapshot) await executor.write(paths.spec, run.specSnapshot);
    const handle = await startStep(env, run, machines.value, 0);
    const first = machines.value.steps[0];
    // The handle is stored first: if taobot dies right here, the next pass finds it and does not start twice.
    await patchRun(db, run.id, {
      processHandle: { ...handle },
      resultsDir: paths.resultsDir,
      argv: redactArgv(first && first.kind !== 'transfer' ? first.argv : []),
    });
    const moved = await transitionRun(
      db,
      run.id,
      'started',
      { startedAt: new Date() },
      { pid: handle.pid ?? null, step: 0 },
    );
    return moved.ok ? { ok: true } : { ok: false, error: moved.error };
  } catch (error) {
    return fail(
      `could not start TAO on ${server.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
