/**
 * taobot under load: memory and event-loop delay while it follows 50 simulated training runs at once, against
 * the same taobot idle for the same time in the same run. Each run is a real simulator process started by the
 * local executor; taobot reconciles, parses, stores and renders charts as in production.
 *
 * Run: `node bin/run-ts.js bench/runs-load.ts`
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConfigText } from '../src/config/index.js';
import { listRunsInStates } from '../src/db/repositories/runs.js';
import { silentLogger } from '../src/logger.js';
import { startTaobot } from '../src/main.js';
import { median } from './stats.js';

const RUNS = 50;
const EPOCHS = 10;
const EPOCH_MS = 1500;

function configFor(dir: string) {
  const spec = fileURLToPath(new URL('../specs/ssd_train_resnet18_kitti.txt', import.meta.url));
  return parseConfigText(
    `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - { name: sim, executor: local, tao: "builtin:simulator", taoVersion: 5, workdir: ${join(dir, 'runs')}, gpus: ${RUNS}, env: { TAOBOT_SIM_EPOCH_MS: "${EPOCH_MS}" } }
models:
  ssd_resnet18: { network: ssd, spec: ${spec}, key: k }
pipeline: { reconcileIntervalMs: 1000 }
`,
    { source: 'bench', baseDir: dir, env: {} },
  );
}

interface Sample {
  p50: number;
  p99: number;
  max: number;
  rssMb: number;
  heapMb: number;
}

async function measure(during: () => Promise<void>): Promise<Sample> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let rss = 0;
  let heap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  }, 100);
  await during();
  clearInterval(sampler);
  histogram.disable();
  return {
    p50: histogram.percentile(50) / 1e6,
    p99: histogram.percentile(99) / 1e6,
    max: histogram.max / 1e6,
    rssMb: rss / 2 ** 20,
    heapMb: heap / 2 ** 20,
  };
}

export async function runLoadBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-bench-load-'));
  const input = new PassThrough();
  const output = new PassThrough().resume();
  const passes: number[] = [];
  const taobot = await startTaobot({
    config: configFor(dir),
    input,
    output,
    logger: silentLogger(),
    onReconcilePass: (ms, active) => {
      if (active > 0) passes.push(ms);
    },
  });
  const idleFor = EPOCHS * EPOCH_MS;
  const idle = await measure(() => new Promise((resolve) => setTimeout(resolve, idleFor)));
  const started = performance.now();
  const loaded = await measure(async () => {
    for (let i = 0; i < RUNS; i += 1)
      input.write(`/train ssd_resnet18 epochs=${EPOCHS} checkpoint_interval=5 validation_period=5\n`);
    for (;;) {
      await taobot.reconciler.reconcileOnce();
      const pending = await listRunsInStates(taobot.db.db, ['queued', 'starting', 'running']);
      const total = (await listRunsInStates(taobot.db.db, ['succeeded', 'failed'])).length;
      if (pending.length === 0 && total >= RUNS) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  const wall = (performance.now() - started) / 1000;
  const failed = (await listRunsInStates(taobot.db.db, ['failed'])).length;
  input.end();
  await taobot.stop();
  const row = (name: string, s: Sample) =>
    `  ${name.padEnd(22)} ${s.p50.toFixed(1).padStart(7)} ${s.p99.toFixed(1).padStart(7)} ${s.max.toFixed(1).padStart(8)} ${s.rssMb.toFixed(0).padStart(8)} ${s.heapMb.toFixed(0).padStart(8)}`;
  return [
    `load: ${RUNS} simulated runs at once (${EPOCHS} epochs of ${EPOCH_MS} ms, charts every 5 epochs), done in ${wall.toFixed(1)} s, ${failed} failed`,
    `  ${'taobot'.padEnd(22)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(8)} ${'RSS MB'.padStart(8)} ${'heap MB'.padStart(8)}`,
    row('idle (baseline)', idle),
    row(`following ${RUNS} runs`, loaded),
    `  ratios loaded/idle: event-loop p99 ${(loaded.p99 / idle.p99).toFixed(2)}x, peak RSS ${(loaded.rssMb / idle.rssMb).toFixed(2)}x`,
    `  reconcile passes with active runs: ${passes.length}, median ${median(passes).toFixed(0)} ms, max ${Math.max(0, ...passes).toFixed(0)} ms`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await runLoadBench()}\n`);
}
