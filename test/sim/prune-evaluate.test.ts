import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSimulatedModelHeader } from '../../src/sim/index.js';
import { csvRows, isSparse, MIB, sim, sixEpochSpec, statusLines, tempDir } from './harness.js';

const DEFAULTS = ['-n', 'max', '-eq', 'union', '-pg', '8', '-nf', '16'];
let dir: string;
let spec: string;
const MODEL = join('out', 'weights', 'ssd_resnet18_epoch_006.hdf5');

beforeAll(async () => {
  dir = tempDir();
  spec = sixEpochSpec(dir);
  const trained = await sim(['model', 'ssd', 'train', '-e', spec, '-r', 'out'], { cwd: dir });
  if (trained.code !== 0) throw new Error(trained.stdout);
});

const prune = (pth: string, output: string, extra: string[] = []) =>
  sim(['model', 'ssd', 'prune', '-m', MODEL, '-o', output, ...DEFAULTS, '-pth', pth, ...extra], { cwd: dir });

describe('simulated prune', () => {
  it('writes 22.5 MB at -pth 0.1 and 9.8 MB at 0.3 from the 101.7 MB model', async () => {
    expect((await prune('0.1', 'p01.hdf5')).code).toBe(0);
    expect((await prune('0.3', 'p03.hdf5')).code).toBe(0);
    const mb = (name: string) => statSync(join(dir, name)).size / MIB;
    expect(statSync(join(dir, MODEL)).size / MIB).toBeCloseTo(101.7, 1);
    expect(Math.abs(mb('p01.hdf5') / 22.5 - 1)).toBeLessThan(0.01);
    expect(Math.abs(mb('p03.hdf5') / 9.8 - 1)).toBeLessThan(0.01);
    expect(isSparse(join(dir, 'p01.hdf5'))).toBe(true);
  });

  it('logs the parameter ratio and writes the prune kpi when --results_dir is given', async () => {
    const result = await prune('0.1', 'r/pruned.hdf5', ['--results_dir', 'r']);
    const ratio =
      /\[TAO Toolkit\] \[INFO\] nvidia_tao_tf1\.cv\.common\.magnet_prune \d+: Pruning ratio \(pruned model \/ original model\): (0\.\d+)\n/.exec(
        result.stdout,
      )?.[1];
    expect(Number(ratio)).toBeCloseTo(22.5 / 101.7, 3);
    const lines = statusLines(join(dir, 'r', 'status.json'));
    expect(lines.map((l) => [l.value.status, l.value.message])).toEqual([
      ['RUNNING', `Pruning ratio (pruned model / original model): ${ratio}`],
      ['SUCCESS', 'Pruning finished successfully.'],
    ]);
    const kpi = lines[0]?.value.kpi as Record<string, number>;
    expect(Object.keys(kpi)).toEqual(['pruning_ratio', 'size', 'param_count']);
    expect(kpi.pruning_ratio).toBe(Number(ratio));
    expect(kpi.size).toBeCloseTo(22.5, 1);
    expect(kpi.param_count).toBeCloseTo((13_330_022 * Number(ratio)) / 1e6, 5);
    const header = await readSimulatedModelHeader(join(dir, 'r', 'pruned.hdf5'));
    expect(header).toMatchObject({ kind: 'pruned', prunedThreshold: 0.1 });
    expect(header?.parentMap).toBe((await readSimulatedModelHeader(join(dir, MODEL)))?.mAP);
  });

  it('makes the model smaller as the threshold rises and nudges it with the other options', async () => {
    await prune('0.2', 'p02.hdf5');
    await prune('0.5', 'p05.hdf5');
    await prune('0.2', 'p02-int.hdf5', ['-eq', 'intersection']);
    const size = (name: string) => statSync(join(dir, name)).size;
    expect(size('p02.hdf5')).toBeLessThan(size('p01.hdf5'));
    expect(size('p05.hdf5')).toBeLessThan(size('p03.hdf5'));
    expect(size('p05.hdf5')).toBeGreaterThan(0.5 * MIB);
    expect(size('p02-int.hdf5')).toBeLessThan(size('p02.hdf5'));
    expect(size('p02-int.hdf5')).toBeGreaterThan(size('p02.hdf5') * 0.9);
  });

  it('saves as .hdf5 but crashes sizing the file when -o lacks the .hdf5 suffix, as TAO 5 does', async () => {
    const result = await prune('0.1', 'nosuffix');
    expect(result.code).toBe(255);
    expect(result.stdout).toContain("FileNotFoundError: [Errno 2] No such file or directory: 'nosuffix'");
    expect(existsSync(join(dir, 'nosuffix.hdf5'))).toBe(true);
  });

  it('fails with TAO assertion when -eq is not one of the criteria', async () => {
    const result = await prune('0.1', 'bad.hdf5', ['-eq', 'median']);
    expect(result.code).toBe(255);
    expect(result.stdout).toContain('AssertionError: Equalization criterion are [arithmetic_mean');
    expect(existsSync(join(dir, 'bad.hdf5'))).toBe(false);
  });
});

describe('simulated evaluate', () => {
  it('reports the mAP the training CSV recorded for that checkpoint', async () => {
    const result = await sim(['model', 'ssd', 'evaluate', '-e', spec, '-m', MODEL, '-r', 'eval'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    const row = csvRows(join(dir, 'out', 'ssd_training_log_resnet18.csv'))[6] ?? [];
    const csvMap = Number(row[6]);
    const lines = statusLines(join(dir, 'eval', 'status.json'));
    expect(lines.map((l) => l.value.message)).toEqual([
      'Starting SSD evaluation.',
      'Evaluation finished successfully.',
    ]);
    expect(lines[1]?.value.kpi).toEqual({ mAP: csvMap });
    const printed = / {14}mAP {3}(\d\.\d+)\n/.exec(result.stdout)?.[1];
    expect(printed).toBe(String(Number(csvMap.toFixed(3))));
    expect(result.stdout).toContain(`car           AP    ${Number(Number(row[1]).toFixed(3))}\n`);
    expect(result.stdout).toContain(
      'Using TLT model for inference, setting batch size to the one in eval_config: 16',
    );
  });

  it('writes status.json beside the model when -r is not given (TAO 3/4 form with the key)', async () => {
    const tao4 = tempDir();
    const spec4 = sixEpochSpec(tao4);
    await sim(['ssd', 'train', '-e', spec4, '-r', 'out', '-k', 'k1'], { cwd: tao4 });
    const model = join('out', 'weights', 'ssd_resnet18_epoch_006.tlt');
    const ok = await sim(['ssd', 'evaluate', '-e', spec4, '-m', model, '-k', 'k1'], { cwd: tao4 });
    expect(ok.code).toBe(0);
    expect(readFileSync(join(tao4, 'out', 'weights', 'status.json'), 'utf8')).toContain(
      'Evaluation finished successfully.',
    );
    const wrongKey = await sim(['ssd', 'evaluate', '-e', spec4, '-m', model, '-k', 'other'], { cwd: tao4 });
    expect(wrongKey.code).toBe(255);
    expect(wrongKey.stdout).toContain('The key used to load the model is incorrect.');
  });
});
