import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseConsole } from '../pipeline/parsers/console.js';
import { parseStatusJson } from '../pipeline/parsers/status-json.js';
import { parseTrainingCsv } from '../pipeline/parsers/training-csv.js';
import {
  type EpochUpdate,
  emptyObservations,
  observeConsole,
  observeCsv,
  observeStatus,
} from '../pipeline/runs/ingest.js';
import { type BestCheckpoint, findBestCheckpoint } from '../pipeline/suggest/best-checkpoint.js';
import { parseCheckpointFileName } from '../pipeline/tao/paths.js';
import { isSimulatedResultsDir } from '../sim/index.js';

/** What an existing TAO results folder holds, read with the same parsers as live runs. */
export interface ResultsScan {
  dir: string;
  network: string | null;
  arch: string | null;
  csvFile: string | null;
  classes: string[];
  epochs: EpochUpdate[];
  checkpoints: Array<{ epoch: number; path: string; bytes: number }>;
  best: BestCheckpoint | null;
  /** How the run ended, where the files say: SUCCESS/FAILURE in status.json, or the console's execution status. */
  finished: boolean | null;
  error: string | null;
  simulated: boolean;
  skippedLines: { csv: number; status: number; console: number };
  /** What was looked for and not found, said plainly. */
  missing: string[];
}

const CSV_NAME = /^([a-z0-9_]+?)_training_log_([a-z0-9_]+)\.csv$/;

export async function scanResultsDir(dir: string, options: { log?: string } = {}): Promise<ResultsScan> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`${dir} is not a folder: give the results folder TAO wrote (the -r of tao … train)`);
  }
  const names = readdirSync(dir);
  const observations = emptyObservations();
  const missing: string[] = [];
  const skipped = { csv: 0, status: 0, console: 0 };
  let classes: string[] = [];

  const csvFile = names.find((name) => CSV_NAME.test(name)) ?? null;
  const csvMatch = csvFile ? CSV_NAME.exec(csvFile) : null;
  if (csvFile) {
    const parsed = parseTrainingCsv(readFileSync(join(dir, csvFile), 'utf8'));
    const headers = parsed.events.filter((e) => e.kind === 'header');
    classes = [...(headers[headers.length - 1]?.classes ?? [])];
    // A resumed run recreated the CSV: the rows after the last header are the whole history it kept.
    observeCsv(observations, parsed.events);
    skipped.csv = parsed.skipped;
  } else {
    missing.push('no *_training_log_*.csv (the Keras CSV log)');
  }
  if (names.includes('status.json')) {
    const parsed = parseStatusJson(readFileSync(join(dir, 'status.json'), 'utf8'), {
      network: csvMatch?.[1],
    });
    observeStatus(observations, parsed.events);
    skipped.status = parsed.skipped;
  } else {
    missing.push('no status.json (TAO 4/5 write one)');
  }
  if (options.log) {
    const parsed = parseConsole(readFileSync(options.log, 'utf8'));
    observeConsole(observations, parsed.events);
    skipped.console = parsed.skipped;
  }

  const weightsDir = join(dir, 'weights');
  const checkpoints = existsSync(weightsDir)
    ? readdirSync(weightsDir).flatMap((name) => {
        const parsed = parseCheckpointFileName(name);
        return parsed
          ? [
              {
                epoch: parsed.epoch,
                path: join(weightsDir, name),
                bytes: statSync(join(weightsDir, name)).size,
              },
            ]
          : [];
      })
    : [];
  if (!existsSync(weightsDir)) missing.push('no weights/ folder (checkpoints)');
  checkpoints.sort((a, b) => a.epoch - b.epoch);

  const epochs = [...observations.epochs.values()].sort((a, b) => a.epoch - b.epoch);
  const validated = epochs
    .filter((e) => typeof e.map === 'number')
    .map((e) => ({ epoch: e.epoch, map: e.map as number }));
  return {
    dir,
    network: csvMatch?.[1] ?? null,
    arch: csvMatch?.[2] ?? null,
    csvFile,
    classes,
    epochs,
    checkpoints,
    best: findBestCheckpoint(validated, checkpoints),
    finished: observations.passed ?? null,
    error: observations.error ?? null,
    simulated: await isSimulatedResultsDir(dir),
    skippedLines: skipped,
    missing,
  };
}
