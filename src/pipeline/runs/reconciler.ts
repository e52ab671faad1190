import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { stepFailedCard } from '../../bot/cards/pipeline-cards.js';
import { failedCard } from '../../bot/cards/run-cards.js';
import type { Config, DeviceConfig, ServerConfig } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import { claimNotification } from '../../db/repositories/messages.js';
import { listEpochs } from '../../db/repositories/metrics.js';
import {
  appendRunEvent,
  getRun,
  listRunsInStates,
  patchRun,
  type Run,
  transitionRun,
} from '../../db/repositories/runs.js';
import { HostUnreachableError } from '../executors/backoff.js';
import type { Executor } from '../executors/types.js';
import { createGpuAvailability, type GpuAvailability } from '../gpus/availability.js';
import { chooseGpus } from '../gpus/placement.js';
import type { Notifier } from '../notify/notifier.js';
import { OUTCOMES, type OutcomeContext } from '../outcomes/index.js';
import { announceSweepIfDone } from '../outcomes/prune.js';
import { devicePaths } from '../steps/device-paths.js';
import { readTail } from './file-follower.js';
import { postRunStatus } from './post-status.js';
import type { RunCharts } from './run-charts.js';
import { createRunFollower, type RunFollower } from './run-follower.js';
import { ACTIVE_STATES, GPU_HOLDING_STATES } from './run-state.js';
import {
  machinesFor,
  type RunMachines,
  type StepHandle,
  startRun,
  startStep,
  stepExecutor,
  stepLogFile,
  stepStatus,
} from './start-run.js';

export interface ReconcilerDeps {
  db: Db;
  config: Config;
  executorFor(server: ServerConfig): Executor;
  executorForDevice(device: DeviceConfig): Executor;
  notifier: Notifier;
  charts: RunCharts;
  logger: Logger;
  /** Work the pass does besides runs (expiring approvals…). */
  housekeeping?(): Promise<void>;
  /** Told how long each pass took (metrics, benchmarks). */
  onPass?(milliseconds: number, activeRuns: number): void;
  /** GPUs nvidia-smi shows busy, which placement avoids; by default asked through `executorFor`, cached briefly. */
  gpuAvailability?: GpuAvailability;
}

/**
 * The heart of taobot, level-triggered like a Kubernetes controller: each pass looks at every active run in the
 * database, observes the world (is the step's process alive, what do its files say now), stores what is new and
 * takes the next step. Nothing a restart needs is kept only in memory: followers are rebuilt from the offsets in
 * the database, step handles are stored with the run.
 */
export interface Reconciler {
  /** One pass over all active runs. Passes never overlap. */
  reconcileOnce(): Promise<void>;
  /** Asks for a pass soon (after a command queued or cancelled a run). */
  kick(): void;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

const FOLLOWED: ReadonlySet<Run['kind']> = new Set(['train', 'retrain']);

export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const { db, config, logger } = deps;
  const followers = new Map<number, RunFollower>();
  const machines = new Map<number, RunMachines>();
  const serverOf = (run: Run) => config.servers.find((s) => s.name === run.server);
  const availability =
    deps.gpuAvailability ?? createGpuAvailability({ executorFor: deps.executorFor, logger });
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const warned = new Set<number>();
  const warnOnce = (runId: number, message: string) => {
    if (warned.has(runId)) return;
    warned.add(runId);
    logger.warn({ runId }, message);
  };

  const outcomeContext: OutcomeContext = {
    db,
    config,
    notifier: deps.notifier,
    charts: deps.charts,
    logger,
    executorOf: (m, step) => stepExecutor(deps, m, step),
    async readStepLog(run, m, step) {
      const chunk = await stepExecutor(deps, m, step).read(stepLogFile(m, run.id, step), 0, 8 << 20);
      return chunk ? chunk.data.toString('utf8') : '';
    },
  };

  const machinesOf = async (run: Run): Promise<RunMachines | string> => {
    const cached = machines.get(run.id);
    if (cached) return cached;
    const planned = await machinesFor(deps, run);
    if (!planned.ok) return planned.error;
    machines.set(run.id, planned.value);
    return planned.value;
  };

  const postStatus = (runId: number) => postRunStatus(deps, runId, machines.get(runId));

  async function placeQueued(active: Run[]): Promise<void> {
    for (const run of active.filter((r) => r.state === 'queued')) {
      const server = serverOf(run);
      if (!server) {
        warnOnce(run.id, `server ${run.server} is not configured; the run waits until it is`);
        continue;
      }
      const holders = active.filter((r) => r.server === server.name && GPU_HOLDING_STATES.includes(r.state));
      // GPUs busy with someone else's work count as taken; without an inventory, taobot's own runs decide.
      const busy = run.gpus > 0 ? await availability.unavailable(server) : null;
      const gpus = chooseGpus(
        server.gpus,
        holders.map((h) => h.gpuIndices),
        busy ?? [],
        run.gpus,
      );
      if (!gpus) continue;
      const placed = await transitionRun(db, run.id, 'place', { gpuIndices: gpus }, { gpus });
      if (placed.ok) active.push(placed.value);
    }
  }

  async function advance(run: Run): Promise<void> {
    if (run.state === 'starting') {
      const started = await startRun(deps, run);
      if (!started.ok) {
        logger.warn({ runId: run.id, error: started.error }, 'run could not start');
        const failed = await getRun(db, run.id);
        if (failed && (await claimNotification(db, `final:${run.id}`, run.id))) {
          await deps.notifier.post(failed, failedCard(failed, started.error), { mirror: true });
        }
      }
      await postStatus(run.id);
      return;
    }
    if (run.state !== 'running' || !run.processHandle) return;
    const m = await machinesOf(run);
    if (typeof m === 'string') {
      // The configuration no longer knows where the run is (a server renamed or removed): leave the run as it is,
      // so that fixing the configuration picks it up again, and say so once.
      warnOnce(run.id, m);
      return;
    }
    const handle = run.processHandle as unknown as StepHandle;
    const step = handle.step ?? 0;
    const state = await stepStatus(deps, run, m, handle);
    if (FOLLOWED.has(run.kind)) await follow(run, m, state.state !== 'running');
    if (state.state === 'running') return;
    if (state.state === 'exited' && state.exitCode === 0 && step + 1 < m.steps.length) {
      const next = await startStep(deps, run, m, step + 1);
      await patchRun(db, run.id, { processHandle: { ...next } });
      await appendRunEvent(db, run.id, 'step', { step: step + 1, name: m.steps[step + 1]?.name });
      await postStatus(run.id);
      return;
    }
    await finish(
      run,
      m,
      step,
      state.state === 'exited' ? state.exitCode : null,
      state.state === 'lost' ? state.reason : null,
    );
  }

  async function follow(run: Run, m: RunMachines, final: boolean): Promise<void> {
    let follower = followers.get(run.id);
    if (!follower) {
      follower = await createRunFollower(db, run, deps.executorFor(m.server), m.server.workdir);
      followers.set(run.id, follower);
    }
    const observed = await follower.poll({ final });
    if (observed.epochs.size > 0) await postStatus(run.id);
    const lastValidation = [...observed.epochs.values()]
      .filter((e) => e.map !== undefined && e.map !== null)
      .sort((a, b) => b.epoch - a.epoch)[0];
    if (
      lastValidation &&
      !final &&
      (await claimNotification(db, `chart:${run.id}:${lastValidation.epoch}`, run.id))
    ) {
      const chart = await deps.charts.trainingCurve(run, await listEpochs(db, run.id), null);
      if (chart)
        await deps.notifier.image(run, {
          ...chart,
          title: `Run #${run.id}: mAP and loss up to epoch ${lastValidation.epoch}`,
        });
    }
  }

  async function finish(
    run: Run,
    m: RunMachines,
    step: number,
    exitCode: number | null,
    lostReason: string | null,
  ) {
    const seen = followers.get(run.id)?.seen;
    const succeeded = exitCode === 0 && seen?.passed !== false;
    const outcome = OUTCOMES.get(run.kind);
    if (succeeded && outcome) {
      await outcome.record(outcomeContext, run, m);
      // Succeeded before announced: the final card offers the next step (Prune, Retrain, Deploy), and a click
      // on it as soon as it shows must find the run finished, not "running: wait until it has succeeded".
      await transitionRun(db, run.id, 'exited_ok', { exitCode, finishedAt: new Date() });
      if (await claimNotification(db, `final:${run.id}`, run.id))
        await outcome.announce(outcomeContext, run, m);
    } else {
      const executor = stepExecutor(deps, m, step);
      const logTail = await readTail(executor, stepLogFile(m, run.id, step));
      const stepName = m.steps[step]?.name ?? run.kind;
      const error = lostReason ?? seen?.error ?? `${stepName} exited with code ${exitCode}`;
      const cleanup = await cleanUpDevice(run, m);
      const moved = await transitionRun(
        db,
        run.id,
        lostReason ? 'lost' : 'exited_failed',
        { exitCode, error, logTail, finishedAt: new Date() },
        { error, step },
      );
      if (moved.ok && (await claimNotification(db, `final:${run.id}`, run.id))) {
        const card =
          m.steps.length > 1
            ? stepFailedCard(moved.value, stepName, error, logTail, cleanup)
            : failedCard(moved.value, logTail);
        await deps.notifier.post(moved.value, card, { mirror: true });
      }
      // A sweep's card waits for all its prunes, failed ones included.
      const sweepId = (run.params as { sweepId?: string }).sweepId;
      if (run.kind === 'prune' && sweepId) await announceSweepIfDone(outcomeContext, sweepId);
    }
    followers.delete(run.id);
    await postStatus(run.id);
    machines.delete(run.id);
  }

  /** A failed deploy leaves the device as it was: its staging folder goes, the installed engine was never touched. */
  async function cleanUpDevice(run: Run, m: RunMachines): Promise<string | undefined> {
    if (run.kind !== 'deploy' || !m.device) return undefined;
    const staging = devicePaths(m.device.workdir, run.id, 'x').staging;
    const result = await deps
      .executorForDevice(m.device)
      .exec(['rm', '-rf', staging])
      .catch(() => null);
    return result?.exitCode === 0
      ? `Nothing was installed on ${m.device.name}; the staging folder was removed.`
      : `Nothing was installed on ${m.device.name}, but its staging folder ${staging} could not be removed.`;
  }

  async function pass(): Promise<void> {
    const started = performance.now();
    await deps
      .housekeeping?.()
      .catch((error: unknown) => logger.error({ err: error }, 'housekeeping failed'));
    const active = await listRunsInStates(db, ACTIVE_STATES);
    await placeQueued(active);
    const current = await listRunsInStates(db, ['starting', 'running']);
    for (const run of current) {
      try {
        await advance(run);
      } catch (error) {
        // A poll that failed half-way advanced its followers' offsets in memory only: rebuild them from the database.
        followers.delete(run.id);
        if (error instanceof HostUnreachableError) {
          // Said once per outage by the executor's health callback; the run stays as it is and is retried.
          if (error.health.failures === 1) logger.warn({ runId: run.id }, error.message);
        } else {
          logger.error(
            { err: error, runId: run.id },
            'reconcile of a run failed; it is retried on the next pass',
          );
        }
      }
    }
    for (const id of followers.keys()) if (!current.some((r) => r.id === id)) followers.delete(id);
    for (const id of machines.keys()) if (!current.some((r) => r.id === id)) machines.delete(id);
    deps.onPass?.(performance.now() - started, current.length);
  }

  const reconcileOnce = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    reconcileOnce,
    kick() {
      void reconcileOnce().catch((error: unknown) => logger.error({ err: error }, 'reconcile pass failed'));
    },
    start(intervalMs) {
      const tick = async () => {
        if (stopped) return;
        await reconcileOnce().catch((error: unknown) =>
          logger.error({ err: error }, 'reconcile pass failed'),
        );
        if (!stopped) timer = setTimeout(tick, intervalMs);
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await deps.notifier.flush();
    },
  };
}
