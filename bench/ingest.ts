/**
 * Ingest throughput: epochs per second from a run's files into the database through the real path (the local
 * executor's reads, the file followers, the parsers, batched upserts), against a baseline of plain inserts of the
 * same epoch rows, one statement each, into the same kind of database in the same run. Both sides run on PGlite
 * in memory, so the ratio measures taobot's overhead, not a server's disk.
 *
 * Run: `node bin/run-ts.js bench/ingest.ts`
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDb } from '../src/db/client.js';
import { insertRun } from '../src/db/repositories/runs.js';
import { epochs as epochsTable } from '../src/db/schema.js';
import { createLocalExecutor } from '../src/pipeline/executors/local.js';
import { parseTrainingCsv } from '../src/pipeline/parsers/training-csv.js';
import { runPaths } from '../src/pipeline/runs/launcher.js';
import { createRunFollower } from '../src/pipeline/runs/run-follower.js';
import { runSimulator } from '../src/sim/index.js';
import { median } from './stats.js';

const EPOCHS = 1000;
const SAMPLES = 3;

async function simulateRun(workdir: string, runId: number, spec: string): Promise<void> {
  const paths = runPaths(workdir, runId);
  const out = new PassThrough();
  const { createWriteStream, mkdirSync } = await import('node:fs');
  mkdirSync(paths.root, { recursive: true });
  const log = createWriteStream(paths.consoleLog);
  out.pipe(log);
  const code = await runSimulator(['model', 'ssd', 'train', '-e', spec, '-r', paths.resultsDir], {
    stdout: out,
    stderr: new PassThrough().resume(),
    env: { TAOBOT_SIM_EPOCH_MS: '0' },
    cwd: workdir,
  });
  out.end();
  await new Promise<void>((resolve) => log.on('close', () => resolve()));
  if (code !== 0) throw new Error(`the simulator failed with ${code}`);
}

export async function runIngestBench(): Promise<string> {
  const workdir = mkdtempSync(join(tmpdir(), 'taobot-bench-ingest-'));
  const specText = readFileSync(
    fileURLToPath(new URL('../specs/ssd_train_resnet18_kitti.txt', import.meta.url)),
    'utf8',
  )
    .replace('num_epochs: 80', `num_epochs: ${EPOCHS}`)
    .replace('enable_qat: false', 'enable_qat: false\n  checkpoint_interval: 100');
  const spec = join(workdir, 'spec.txt');
  writeFileSync(spec, specText);
  await simulateRun(workdir, 1, spec);
  const results = runPaths(workdir, 1).resultsDir;
  const rows = parseTrainingCsv(
    readFileSync(join(results, 'ssd_training_log_resnet18.csv'), 'utf8'),
  ).events.flatMap((e) =>
    e.kind === 'epoch'
      ? [
          {
            epoch: e.epoch,
            loss: e.loss,
            lr: e.lr,
            map: e.map,
            validationLoss: e.validationLoss,
            ap: { ...e.ap },
          },
        ]
      : [],
  );

  const ingestTimes: number[] = [];
  const plainTimes: number[] = [];
  const executor = createLocalExecutor();
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    // Alternate the two sides so a busy machine slows both alike.
    {
      const db = await createDb({ memory: true });
      await db.migrate();
      const run = await insertRun(db.db, {
        kind: 'train',
        model: 'bench',
        network: 'ssd',
        server: 'sim',
        requestedBy: 'bench',
        platform: 'shell',
        channelId: 'bench',
        specSnapshot: specText,
        numEpochs: EPOCHS,
        resultsDir: results,
      });
      const started = performance.now();
      const follow = await createRunFollower(db.db, { ...run, resultsDir: results }, executor, workdir);
      await follow.poll({ final: true });
      ingestTimes.push(performance.now() - started);
      const stored = (await db.db.select().from(epochsTable)).length;
      if (stored !== EPOCHS) throw new Error(`ingest stored ${stored} epochs, expected ${EPOCHS}`);
      await db.close();
    }
    {
      const db = await createDb({ memory: true });
      await db.migrate();
      const run = await insertRun(db.db, {
        kind: 'train',
        model: 'bench',
        network: 'ssd',
        server: 'sim',
        requestedBy: 'bench',
        platform: 'shell',
        channelId: 'bench',
      });
      const started = performance.now();
      for (const row of rows) await db.db.insert(epochsTable).values({ runId: run.id, ...row });
      plainTimes.push(performance.now() - started);
      await db.close();
    }
  }
  const ingest = median(ingestTimes);
  const plain = median(plainTimes);
  return [
    `ingest: ${EPOCHS} epochs (console ${fmt(readSize(runPaths(workdir, 1).consoleLog))}, CSV, status.json, weights/), PGlite in memory, median of ${SAMPLES}`,
    `  files → parsers → batched upserts   ${(EPOCHS / (ingest / 1000)).toFixed(0).padStart(8)} epochs/s  (${ingest.toFixed(0)} ms)`,
    `  baseline: plain inserts, one a row  ${(EPOCHS / (plain / 1000)).toFixed(0).padStart(8)} epochs/s  (${plain.toFixed(0)} ms)`,
    `  ratio ingest/baseline time: ${(ingest / plain).toFixed(2)}x`,
  ].join('\n');
}

const readSize = (path: string) => readFileSync(path).length;
const fmt = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await runIngestBench()}\n`);
}
