import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { statusCard } from '../../bot/cards/run-cards.js';
import type { Config, ServerConfig } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import { claimNotification } from '../../db/repositories/messages.js';
import { listEpochs } from '../../db/repositories/metrics.js';
import { getRun, listRunsInStates, type Run, transitionRun } from '../../db/repositories/runs.js';
import type { Executor } from '../executors/types.js';
import type { Notifier } from '../notify/notifier.js';
import { readTail } from './file-follower.js';
import { announceFinish } from './finish-run.js';
import { allocateGpus } from './gpu-allocation.js';
import { runPaths } from './launcher.js';
import { summarizeProgress } from './progress.js';
import type { RunCharts } from './run-charts.js';
import { createRunFollower, type RunFollower } from './run-follower.js';
import { ACTIVE_STATES, GPU_HOLDING_STATES } from './run-state.js';
import { startRun } from './start-run.js';

export interface ReconcilerDeps {
  db: Db;
  config: Config;
  executorFor(server: ServerConfig): Executor;
  notifier: Notifier;
  charts: RunCharts;
  logger: Logger;
  /** Told how long each pass took (metrics, benchmarks). */
  onPass?(milliseconds: number, activeRuns: number): void;
}

/**
 * The heart of taobot, level-triggered like a Kubernetes controller: each pass looks at every active run in the
 * database, observes the world (is the process alive, what do its files say now), stores what is new and takes
 * the next step. Nothing is kept only in memory that a restart would need: the followers are rebuilt from the
 * offsets in the database.
 */
export interface Reconciler {
  /** One pass over all active runs. Passes never overlap. */
  reconcileOnce(): Promise<void>;
  /** Asks for a pass soon (after a command queued or cancelled a run). */
  kick(): void;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const { db, config, logger } = deps;
  const followers = new Map<number, RunFollower>();
  const serverOf = (run: Run) => config.servers.find((s) => s.name === run.server);
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const followerFor = async (run: Run, server: ServerConfig) => {
    let follower = followers.get(run.id);
    if (!follower) {
      follower = await createRunFollower(db, run, deps.executorFor(server), server.workdir);
      followers.set(run.id, follower);
    }
    return follower;
  };

  const postStatus = async (runId: number) => {
    const run = await getRun(db, runId);
    if (!run) return;
    const epochs = await listEpochs(db, runId);
    await deps.notifier.status(
      run,
      statusCard(run, summarizeProgress(epochs, run.numEpochs ?? epochs.length)),
    );
  };

  async function placeQueued(active: Run[]): Promise<void> {
    for (const run of active.filter((r) => r.state === 'queued')) {
      const server = serverOf(run);
      if (!server) {
        await transitionRun(db, run.id, 'cancel', { error: `server ${run.server} is no longer configured` });
        continue;
      }
      const holders = active.filter((r) => r.server === server.name && GPU_HOLDING_STATES.includes(r.state));
      const gpus = allocateGpus(
        server.gpus,
        holders.map((h) => h.gpuIndices),
        run.gpus,
      );
      if (!gpus) continue;
      const placed = await transitionRun(db, run.id, 'place', { gpuIndices: gpus }, { gpus });
      if (placed.ok) active.push(placed.value);
    }
  }

  async function advance(run: Run): Promise<void> {
    const server = serverOf(run);
    if (!server) return;
    const executor = deps.executorFor(server);
    if (run.state === 'starting') {
      const started = await startRun(db, config, run, server, executor);
      if (!started.ok) {
        logger.warn({ runId: run.id, error: started.error }, 'run could not start');
        const failed = await getRun(db, run.id);
        if (failed) await announceFinish(deps, failed, { ok: false, logTail: started.error });
      }
      await postStatus(run.id);
      return;
    }
    if (run.state !== 'running' || !run.processHandle) return;
    const follower = await followerFor(run, server);
    const handle = run.processHandle as unknown as Parameters<Executor['status']>[0];
    const state = await executor.status(handle);
    const observed = await follower.poll({ final: state.state !== 'running' });
    const newValidations = [...observed.epochs.values()].filter((e) => e.map !== undefined && e.map !== null);
    if (observed.epochs.size > 0) await postStatus(run.id);
    const lastValidation = newValidations.sort((a, b) => b.epoch - a.epoch)[0];
    if (
      lastValidation &&
      state.state === 'running' &&
      (await claimNotification(db, `chart:${run.id}:${lastValidation.epoch}`, run.id))
    ) {
      const chart = await deps.charts.trainingCurve(run, await listEpochs(db, run.id), null);
      if (chart)
        await deps.notifier.image(run, {
          ...chart,
          title: `Run #${run.id}: mAP and loss up to epoch ${lastValidation.epoch}`,
        });
    }
    if (state.state === 'running') return;
    await finish(
      run,
      server,
      executor,
      follower,
      state.state === 'exited' ? state.exitCode : null,
      state.state === 'lost' ? state.reason : null,
    );
  }

  async function finish(
    run: Run,
    server: ServerConfig,
    executor: Executor,
    follower: RunFollower,
    exitCode: number | null,
    lostReason: string | null,
  ) {
    const succeeded = exitCode === 0 && follower.seen.passed !== false;
    if (succeeded) {
      await announceFinish(deps, run, { ok: true });
      await transitionRun(db, run.id, 'exited_ok', { exitCode, finishedAt: new Date() });
    } else {
      const logTail = await readTail(executor, runPaths(server.workdir, run.id).consoleLog);
      const error = lostReason ?? follower.seen.error ?? `TAO exited with code ${exitCode}`;
      const moved = await transitionRun(
        db,
        run.id,
        lostReason ? 'lost' : 'exited_failed',
        { exitCode, error, logTail, finishedAt: new Date() },
        { error },
      );
      if (moved.ok) await announceFinish(deps, moved.value, { ok: false, logTail });
    }
    followers.delete(run.id);
    await postStatus(run.id);
  }

  async function pass(): Promise<void> {
    const started = performance.now();
    const active = await listRunsInStates(db, ACTIVE_STATES);
    await placeQueued(active);
    const current = await listRunsInStates(db, ['starting', 'running']);
    for (const run of current) {
      try {
        await advance(run);
      } catch (error) {
        logger.error(
          { err: error, runId: run.id },
          'reconcile of a run failed; it is retried on the next pass',
        );
      }
    }
    for (const id of followers.keys()) if (!current.some((r) => r.id === id)) followers.delete(id);
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
