import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseTrtexecOutput } from '../../src/pipeline/parsers/trtexec.js';
import {
  buildEvaluate,
  buildExport,
  buildGenTrtEngine,
  buildPrune,
  buildTaoConverter,
  buildTrain,
  buildTrtexec,
  buildTrtexecBenchmark,
  type CommandResult,
  type TaoTarget,
} from '../../src/pipeline/tao/commands/index.js';
import { runSimulator } from '../../src/sim/index.js';
import { readFixture } from '../helpers/fixtures.js';

/**
 * The argv contract between the command builders and the simulator: every command the builders produce, with the
 * simulator as launcher, is accepted by the simulator and does what TAO would, step after step.
 */
const LAUNCHER = ['node', 'taobot.js', 'tao-sim'];

async function run(result: CommandResult, launcher = LAUNCHER): Promise<string> {
  if (!result.ok) throw new Error(`${result.error.field}: ${result.error.message}`);
  expect(result.value.slice(0, launcher.length)).toEqual(launcher);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  // What follows `tao-sim` is what the simulator receives, the device tool's name included.
  const args = result.value.slice(LAUNCHER.length);
  const code = await runSimulator(args, { stdout, stderr, env: { TAOBOT_SIM_EPOCH_MS: '0' }, cwd: tmpdir() });
  expect(code, `${result.value.join(' ')}\n${err}\n${out.slice(-2000)}`).toBe(0);
  return out;
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-contract-'));
  const spec = join(dir, 'spec.txt');
  writeFileSync(
    spec,
    readFixture('tao', 'ssd_train_resnet18_kitti.txt')
      .replace('num_epochs: 80', 'num_epochs: 4')
      .replace('validation_period_during_training: 10', 'validation_period_during_training: 2'),
  );
  mkdirSync(join(dir, 'calib'));
  return { dir, spec };
}

describe('command builders and the simulator', () => {
  it('run the whole TAO 5 flow: train, evaluate, prune, retrain, export, gen_trt_engine and trtexec', async () => {
    const { dir, spec } = workspace();
    const target: TaoTarget = { version: 5, launcher: LAUNCHER };
    await run(
      buildTrain(target, {
        network: 'ssd',
        gpus: 2,
        gpuIndexes: [0, 1],
        spec,
        resultsDir: join(dir, 'train'),
        key: 'k',
      }),
    );
    const best = join(dir, 'train/weights/ssd_resnet18_epoch_004.hdf5');
    const evaluated = await run(buildEvaluate(target, { network: 'ssd', spec, model: best, key: 'k' }));
    expect(evaluated).toMatch(/\s+mAP\s+0\.\d{3}\n/);
    const pruned = join(dir, 'pruned/ssd_resnet18_pruned.hdf5');
    const pruneOut = await run(
      buildPrune(target, {
        network: 'ssd',
        model: best,
        output: pruned,
        resultsDir: join(dir, 'pruned'),
        key: 'k',
        threshold: 0.3,
        equalization: 'intersection',
      }),
    );
    expect(pruneOut).toMatch(/Pruning ratio \(pruned model \/ original model\): 0\.\d+/);
    await run(
      buildTrain(target, {
        network: 'ssd',
        gpus: 1,
        spec,
        resultsDir: join(dir, 'retrain'),
        key: 'k',
        model: pruned,
      }),
    );
    const onnx = join(dir, 'export/model.onnx');
    await run(
      buildExport(target, {
        network: 'ssd',
        model: join(dir, 'retrain/weights/ssd_resnet18_epoch_004.hdf5'),
        output: onnx,
        spec,
        key: 'k',
      }),
    );
    expect(existsSync(onnx)).toBe(true);
    await run(
      buildGenTrtEngine(target, {
        network: 'ssd',
        model: onnx,
        spec,
        engineFile: join(dir, 'gen.engine'),
        dataType: 'fp16',
        key: 'k',
      }),
    );
    const device = [...LAUNCHER, 'trtexec'];
    const built = await run(
      buildTrtexec(
        { version: 5, launcher: device },
        { onnx, saveEngine: join(dir, 'trt.engine'), precision: 'fp16' },
      ),
      device,
    );
    expect(parseTrtexecOutput(built)).toMatchObject({ passed: true, throughputQps: expect.any(Number) });
  });

  it('run the whole TAO 3/4 flow: train, evaluate, prune, export .etlt with INT8 calibration, tao-converter, trtexec', async () => {
    const { dir, spec } = workspace();
    const target: TaoTarget = { version: 4, launcher: LAUNCHER };
    await run(
      buildTrain(target, { network: 'ssd', gpus: 1, spec, resultsDir: join(dir, 'train'), key: 'k' }),
    );
    const best = join(dir, 'train/weights/ssd_resnet18_epoch_004.tlt');
    await run(buildEvaluate(target, { network: 'ssd', spec, model: best, key: 'k' }));
    const pruned = join(dir, 'pruned.tlt');
    await run(buildPrune(target, { network: 'ssd', model: best, output: pruned, key: 'k' }));
    const etlt = join(dir, 'model.etlt');
    await run(
      buildExport(target, {
        network: 'ssd',
        model: pruned,
        output: etlt,
        spec,
        key: 'k',
        dataType: 'int8',
        calImageDir: join(dir, 'calib'),
        calDataFile: join(dir, 'cal.tensorfile'),
        calCacheFile: join(dir, 'cal.bin'),
        batches: 2,
        batchSize: 4,
      }),
    );
    expect(existsSync(join(dir, 'cal.bin'))).toBe(true);
    const converter = [...LAUNCHER, 'tao-converter'];
    const engine = join(dir, 'int8.engine');
    await run(
      buildTaoConverter(
        { version: 4, launcher: converter },
        {
          network: 'ssd',
          key: 'k',
          model: etlt,
          engineFile: engine,
          channels: 3,
          height: 300,
          width: 300,
          precision: 'int8',
          maxBatch: 4,
          calCacheFile: join(dir, 'cal.bin'),
        },
      ),
      converter,
    );
    const device = [...LAUNCHER, 'trtexec'];
    const bench = await run(
      buildTrtexecBenchmark({ version: 4, launcher: device }, { loadEngine: engine }),
      device,
    );
    expect(parseTrtexecOutput(bench).passed).toBe(true);
  });
});
