import type { Config, ServerConfig } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import { patchRun, type Run, transitionRun } from '../../db/repositories/runs.js';
import type { Executor } from '../executors/types.js';
import { buildTrain, redactArgv } from '../tao/commands/index.js';
import { launcherFor, runPaths } from './launcher.js';

/**
 * Starts a placed run on its server: writes the edited spec there, builds TAO's argv, starts it detached and
 * records the process handle. A run found in `starting` without a handle (taobot stopped in between) is
 * started here too; one with a handle is only marked running.
 */
export async function startRun(
  db: Db,
  config: Config,
  run: Run,
  server: ServerConfig,
  executor: Executor,
): Promise<{ ok: true } | { ok: false; error: string }> {
  if (run.processHandle) {
    const moved = await transitionRun(db, run.id, 'started');
    return moved.ok ? { ok: true } : { ok: false, error: moved.error };
  }
  const model = config.models[run.model];
  const paths = runPaths(server.workdir, run.id);
  const fail = async (error: string) => {
    await transitionRun(db, run.id, 'start_failed', { error, finishedAt: new Date() }, { error });
    return { ok: false as const, error };
  };
  if (!model) return fail(`model ${run.model} is no longer configured`);
  if (!run.specSnapshot) return fail('the run has no spec snapshot');
  const params = run.params as { initialEpoch?: number; startModel?: string };
  const argv = buildTrain(
    { version: server.taoVersion, launcher: launcherFor(server.tao) },
    {
      network: run.network,
      gpus: run.gpus,
      gpuIndexes: run.gpuIndices ?? undefined,
      spec: paths.spec,
      resultsDir: paths.resultsDir,
      key: model.key || undefined,
      model: params.startModel ?? model.pretrainedModel,
      initialEpoch: params.initialEpoch,
    },
  );
  if (!argv.ok) return fail(`${argv.error.field}: ${argv.error.message}`);
  try {
    if (await executor.read(paths.consoleLog, 0, 0)) {
      // A start began before a restart but its handle was never stored: starting again could run TAO twice.
      return fail(
        `taobot stopped while starting this run and cannot tell whether TAO runs; look in ${paths.root} on ${server.name}`,
      );
    }
    await executor.write(paths.spec, run.specSnapshot);
    const handle = await executor.start({
      argv: argv.value,
      cwd: paths.root,
      env: server.env,
      logFile: paths.consoleLog,
      exitFile: paths.exitFile,
    });
    // The handle is stored first: if taobot dies right here, the next pass finds it and does not start twice.
    await patchRun(db, run.id, {
      processHandle: { ...handle },
      resultsDir: paths.resultsDir,
      argv: redactArgv(argv.value),
    });
    const moved = await transitionRun(
      db,
      run.id,
      'started',
      { startedAt: new Date() },
      { pid: handle.pid ?? null },
    );
    return moved.ok ? { ok: true } : { ok: false, error: moved.error };
  } catch (error) {
    return fail(
      `could not start TAO on ${server.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
