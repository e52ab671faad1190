import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSimulatedResultsDir, readSimulatedModelHeader } from '../../src/sim/index.js';
import { csvRows, isSparse, MIB, sim, sixEpochSpec, statusLines, tempDir, writeSpec } from './harness.js';

const CSV = 'ssd_training_log_resnet18.csv';

async function train6(dir: string, extraArgs: string[] = [], env: Record<string, string> = {}) {
  const spec = sixEpochSpec(dir);
  return sim(['model', 'ssd', 'train', '--gpus', '1', '-e', spec, '-r', 'out', ...extraArgs], {
    cwd: dir,
    env,
  });
}

describe('simulated train (TAO 5)', () => {
  it('writes the CSV, checkpoints and status.json of every epoch when a 6-epoch spec is trained', async () => {
    const dir = tempDir();
    const result = await train6(dir);
    expect(result.code, result.stdout).toBe(0);
    const out = join(dir, 'out');

    const rows = csvRows(join(out, CSV));
    expect(rows[0]).toEqual([
      'epoch',
      'AP_car',
      'AP_cyclist',
      'AP_pedestrian',
      'loss',
      'lr',
      'mAP',
      'validation_loss',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    const validated = rows
      .slice(1)
      .filter((r) => r[6] !== 'nan')
      .map((r) => Number(r[0]));
    expect(validated).toEqual([3, 6]);
    for (const row of rows.slice(1)) {
      const isValidation = validated.includes(Number(row[0]));
      expect(row.slice(1, 4).every((v) => (v === 'nan') === !isValidation)).toBe(true);
      expect(Number(row[4])).toBeGreaterThan(0);
    }
    const map3 = Number(rows[3]?.[6]);
    const aps3 = rows[3]?.slice(1, 4).map(Number) ?? [];
    expect(map3).toBeCloseTo(aps3.reduce((a, b) => a + b, 0) / 3, 12);
    expect(rows[6]?.[5]).toBe('5e-05');

    expect(readdirSync(join(out, 'weights')).sort()).toEqual([
      'ssd_resnet18_epoch_002.hdf5',
      'ssd_resnet18_epoch_004.hdf5',
      'ssd_resnet18_epoch_006.hdf5',
    ]);
    const checkpoint = join(out, 'weights', 'ssd_resnet18_epoch_006.hdf5');
    expect(statSync(checkpoint).size / MIB).toBeCloseTo(101.7, 1);
    expect(isSparse(checkpoint)).toBe(true);
    expect(readFileSync(checkpoint).subarray(0, 23).toString()).toBe('TAOBOT-SIMULATED-MODEL\n');
    const header = await readSimulatedModelHeader(checkpoint);
    expect(header).toMatchObject({
      kind: 'checkpoint',
      epoch: 6,
      network: 'ssd',
      arch: 'resnet18',
      qat: false,
    });
    expect(header?.mAP).toBe(Number(rows[6]?.[6]));
    expect(await isSimulatedResultsDir(out)).toBe(true);
  });

  it('writes status.json lines in TAO order with TAO key order when training runs', async () => {
    const dir = tempDir();
    await train6(dir);
    const lines = statusLines(join(dir, 'out', 'status.json'));
    expect(lines.map((l) => l.value.message)).toEqual([
      'Starting Training Loop.',
      'Training loop in progress',
      'Training loop in progress',
      'Evaluation metrics generated.',
      'Training loop in progress',
      'Training loop in progress',
      'Training loop in progress',
      'Evaluation metrics generated.',
      'Training loop in progress',
      'Training loop complete.',
      'Training finished successfully.',
    ]);
    expect(lines[0]?.keys).toEqual(['simulated', 'date', 'time', 'status', 'verbosity', 'message']);
    const epoch1 = lines[1];
    expect(epoch1?.keys).toEqual([
      'epoch',
      'max_epoch',
      'time_per_epoch',
      'eta',
      'simulated',
      'date',
      'time',
      'status',
      'verbosity',
      'message',
      'graphical',
      'kpi',
    ]);
    expect(epoch1?.value.date).toMatch(/^[1-9]\d?\/[1-9]\d?\/\d{4}$/);
    expect(epoch1?.value.time).toMatch(/^([1-9]?\d):([1-9]?\d):([1-9]?\d)$/);
    expect(epoch1?.value.time_per_epoch).toMatch(/^0:00:\d\d(\.\d{6})?$/);
    expect(epoch1?.value.graphical).toEqual({
      loss: expect.stringMatching(/^\d+\.\d+$/),
      learning_rate: '0.02',
      'mean average precision': 'nan',
      validation_loss: 'nan',
    });
    expect(epoch1?.value.kpi).toEqual({ 'mean average precision': 'nan' });
    const evaluation = lines[3]?.value.graphical as Record<string, unknown>;
    expect(typeof evaluation['mean average precision']).toBe('number');
    expect(Object.keys(lines[4]?.value.graphical as object)).toEqual([
      'loss',
      'learning_rate',
      'validation_loss',
      'mean average precision',
    ]);
    expect(lines.at(-1)?.value.status).toBe('SUCCESS');
    const raw = readFileSync(join(dir, 'out', 'status.json'), 'utf8');
    expect(raw.split('\n')[0]).toMatch(/^\{"simulated": true, "date": "/);
  });

  it('prints the banner first, Keras frames, checkpoint lines, the AP table and PASS last when training runs', async () => {
    const dir = tempDir();
    const { stdout } = await train6(dir);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^taobot TAO simulator: .*no GPU was used/);
    expect(stdout).toContain('Epoch 1/6\n\r 1/85 [..............................] - ETA: ');
    expect(stdout).toMatch(
      /\r85\/85 \[={30}\] - \d+s \d+ms\/step - loss: \d+\.\d{4} *\n\nEpoch 00002: saving model to out\/weights\/ssd_resnet18_epoch_002\.hdf5\n/,
    );
    expect(stdout).toMatch(
      /\*{31}\ncar {11}AP {4}0\.\d{1,5}\ncyclist {7}AP {4}0\.\d{1,5}\npedestrian {4}AP {4}0\.\d{1,5}\n {14}mAP {3}0\.\d{1,5}\n\*{31}\nValidation loss: \d+\.\d+\n/,
    );
    expect(stdout).toMatch(/ \[TAO Toolkit\] \[INFO\] root \d+: Training loop complete\.\n/);
    expect(lines.filter((l) => l !== '').at(-1)).toBe('Execution status: PASS');
  });

  it('gives byte-identical CSVs when the same seed trains twice', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await train6(a);
    await train6(b);
    await train6(c, [], { TAOBOT_SIM_SEED: '7' });
    const csv = (d: string) => readFileSync(join(d, 'out', CSV), 'utf8');
    expect(csv(a)).toBe(csv(b));
    expect(csv(c)).not.toBe(csv(a));
    const withoutClock = (d: string) =>
      readFileSync(join(d, 'out', 'status.json'), 'utf8').replace(/"date": "[^"]*", "time": "[^"]*"/g, '');
    expect(withoutClock(a)).toBe(withoutClock(b));
  });

  it('continues the same curve and recreates the CSV when resumed with --initial_epoch', async () => {
    const full = tempDir();
    await train6(full);
    const crashed = tempDir();
    const failed = await train6(crashed, [], { TAOBOT_SIM_FAIL: 'crash@5' });
    expect(failed.code).toBe(255);
    const checkpoint = join('out', 'weights', 'ssd_resnet18_epoch_004.hdf5');
    const resumed = await train6(crashed, ['-m', checkpoint, '--initial_epoch', '5']);
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain('Resume optimizer from pretrained model');
    const fullRows = csvRows(join(full, 'out', CSV));
    expect(csvRows(join(crashed, 'out', CSV))).toEqual([fullRows[0], fullRows[5], fullRows[6]]);
    const messages = statusLines(join(crashed, 'out', 'status.json')).map((l) => l.value.message);
    expect(messages.filter((m) => m === 'Starting Training Loop.')).toHaveLength(2);
  });

  it('uses .tlt checkpoints, the TAO 3 log prefix and requires -k when the TAO 3/4 dialect trains', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    const noKey = await sim(['ssd', 'train', '-e', spec, '-r', 'out'], { cwd: dir });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('ssd train: error: the following arguments are required: -k/--key');
    const result = await sim(['ssd', 'train', '--gpus', '2', '-e', spec, '-r', 'out', '-k', 'nvidia_tlt'], {
      cwd: dir,
    });
    expect(result.code, result.stdout).toBe(0);
    expect(readdirSync(join(dir, 'out', 'weights'))).toContain('ssd_resnet18_epoch_006.tlt');
    expect(result.stdout).toMatch(
      /\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[INFO\] root: Starting Training Loop\.\n/,
    );
    expect(result.stdout).not.toContain('[TAO Toolkit]');
    // Two GPUs: 43 steps of batch 16 per GPU, and TAO doubles the learning rate.
    expect(result.stdout).toContain('43/43 [');
    expect(csvRows(join(dir, 'out', CSV))[1]?.[5]).toBe('0.04');
  });

  it('starts from the pruned model and lands a little below its parent when a pruned model is retrained', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, [
      ['training_config.num_epochs', 30],
      ['eval_config.validation_period_during_training', 30],
    ]);
    await sim(['model', 'ssd', 'train', '-e', spec, '-r', 'unpruned'], {
      cwd: dir,
      env: { TAOBOT_SIM_EPOCH_MS: '0' },
    });
    const parent = join('unpruned', 'weights', 'ssd_resnet18_epoch_030.hdf5');
    const pruneArgs = ['-n', 'max', '-eq', 'union', '-pg', '8', '-pth', '0.3', '-nf', '16'];
    await sim(['model', 'ssd', 'prune', '-m', parent, '-o', 'pruned.hdf5', ...pruneArgs], { cwd: dir });
    const retrain = writeSpec(
      dir,
      [
        ['training_config.num_epochs', 30],
        ['eval_config.validation_period_during_training', 30],
      ],
      'ssd_retrain_resnet18_kitti.txt',
      'retrain.txt',
    );
    const result = await sim(['model', 'ssd', 'train', '-e', retrain, '-r', 'retrain', '-m', 'pruned.hdf5'], {
      cwd: dir,
      env: { TAOBOT_SIM_EPOCH_MS: '0' },
    });
    expect(result.stdout).toContain('Loading the model as a pruned model.');
    const parentMap = (await readSimulatedModelHeader(join(dir, parent)))?.mAP ?? 0;
    const retrained = await readSimulatedModelHeader(
      join(dir, 'retrain', 'weights', 'ssd_resnet18_epoch_030.hdf5'),
    );
    expect(retrained?.mAP).toBeLessThan(parentMap);
    expect(retrained?.mAP).toBeGreaterThan(parentMap - 0.06);
    expect(retrained?.prunedThreshold).toBe(0.3);
    expect(statSync(join(dir, 'retrain', 'weights', 'ssd_resnet18_epoch_030.hdf5')).size / MIB).toBeCloseTo(
      9.8,
      0,
    );
    expect(existsSync(join(dir, 'retrain', 'SIMULATED'))).toBe(true);
  });
});
