import type { Db } from '../../db/client.js';
import { getOffsets, saveOffsets, upsertCheckpoints, upsertEpochs } from '../../db/repositories/metrics.js';
import type { Run } from '../../db/repositories/runs.js';
import type { Executor, FileChunk } from '../executors/types.js';
import { createConsoleParser } from '../parsers/console.js';
import { createStatusJsonParser } from '../parsers/status-json.js';
import { createTrainingCsvParser } from '../parsers/training-csv.js';
import { parseCheckpointFileName, trainingCsvFileName } from '../tao/paths.js';
import { parseSpec, readTrainingSettings } from '../tao/spec/index.js';
import type { Network } from '../tao/types.js';
import { FOLLOW_CHUNK, type FollowedFile, followFile } from './file-follower.js';
import { emptyObservations, type Observations, observeConsole, observeCsv, observeStatus } from './ingest.js';
import { runPaths } from './launcher.js';

/**
 * The reading side of a running run: its three files followed from the offsets stored in the database, what
 * they say stored idempotently (epochs by (run, epoch), checkpoints by (run, epoch)), then the new offsets.
 * Offsets are saved after the rows, so a crash in between re-reads lines whose rows are already stored, which
 * the keys turn into no-ops.
 */
export interface RunFollower {
  /** Reads what is new; returns what this poll observed. */
  poll(options?: { final?: boolean; signal?: AbortSignal }): Promise<Observations>;
  /** Everything observed since this follower was created (errors, the announced epoch count). */
  readonly seen: Observations;
}

export async function createRunFollower(
  db: Db,
  run: Run,
  executor: Executor,
  workdir: string,
): Promise<RunFollower> {
  const paths = runPaths(workdir, run.id);
  const results = run.resultsDir ?? paths.resultsDir;
  const offsets = await getOffsets(db, run.id);
  const csvName = csvNameOf(run);
  const status = followFile(executor, `${results}/status.json`, offsets.get('status.json') ?? 0, () =>
    createStatusJsonParser({ network: run.network }),
  );
  const csv = csvName
    ? followFile(
        executor,
        `${results}/${csvName}`,
        offsets.get('training.csv') ?? 0,
        () => createTrainingCsvParser(),
        {
          primeWithFirstLine: true,
        },
      )
    : null;
  const console = followFile(executor, paths.consoleLog, offsets.get('console.log') ?? 0, () =>
    createConsoleParser(),
  );
  const seen = emptyObservations();
  const files: Array<[string, FollowedFile<unknown> | null]> = [
    ['status.json', status],
    ['training.csv', csv],
    ['console.log', console],
  ];

  let listedOnce = false;
  /** One batched read for all the run's files where the executor can (one SSH round trip), else one read each. */
  const readAll = async (signal?: AbortSignal) => {
    const followed = [status, console, ...(csv ? [csv] : [])];
    if (!executor.readMany) return followed.map(() => undefined);
    return executor.readMany(
      followed.map((file) => ({ path: file.path, offset: file.offset, maxBytes: FOLLOW_CHUNK })),
      { signal },
    );
  };

  return {
    seen,
    async poll(options = {}) {
      const now = emptyObservations();
      const [statusChunk, consoleChunk, csvChunk] = await readAll(options.signal);
      const next = <E>(file: FollowedFile<E>, chunk: FileChunk | null | undefined) =>
        chunk === undefined ? file.poll(options) : file.take(chunk, options);
      observeStatus(now, await next(status, statusChunk));
      observeConsole(now, await next(console, consoleChunk));
      if (csv) {
        // The CSV is the source of truth for metrics: status.json and the console round the loss, so theirs
        // only stands in for networks that write no CSV.
        for (const update of now.epochs.values()) {
          delete update.loss;
          delete update.lr;
        }
        observeCsv(now, await next(csv, csvChunk));
      }
      // Checkpoints appear with epochs: the folder is listed when epochs arrived, not on every quiet pass.
      const listNow = !listedOnce || now.epochs.size > 0 || options.final === true;
      listedOnce = true;
      const weights = listNow ? await executor.list(`${results}/weights`, { signal: options.signal }) : [];
      const checkpoints = weights.flatMap((file) => {
        const parsed = parseCheckpointFileName(file.name);
        return parsed
          ? [
              {
                runId: run.id,
                epoch: parsed.epoch,
                path: `${results}/weights/${file.name}`,
                bytes: file.size,
              },
            ]
          : [];
      });
      const rows = [...now.epochs.values()]
        .filter((e) => run.numEpochs === null || e.epoch <= run.numEpochs)
        .map((e) => ({ runId: run.id, ...e }));
      await upsertEpochs(db, rows);
      await upsertCheckpoints(db, checkpoints);
      await saveOffsets(
        db,
        run.id,
        new Map(files.flatMap(([name, file]) => (file ? [[name, file.offset] as const] : []))),
      );
      for (const [epoch, update] of now.epochs)
        seen.epochs.set(epoch, { ...seen.epochs.get(epoch), ...update });
      if (now.error) seen.error = now.error;
      if (now.passed !== undefined) seen.passed = now.passed;
      if (now.maxEpoch) seen.maxEpoch = now.maxEpoch;
      return now;
    },
  };
}

function csvNameOf(run: Run): string | null {
  if (!run.specSnapshot) return null;
  const spec = parseSpec(run.specSnapshot);
  if (!spec.ok) return null;
  const settings = readTrainingSettings(spec.value);
  if (!settings.ok) return null;
  return trainingCsvFileName(run.network as Network, settings.value.arch, settings.value.nlayers);
}
