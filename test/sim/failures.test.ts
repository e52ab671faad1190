import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSimulatedModelHeader } from '../../src/sim/index.js';
import { csvRows, sim, sixEpochSpec, statusLines, tempDir } from './harness.js';

const CSV = 'ssd_training_log_resnet18.csv';

function train(
  dir: string,
  env: Record<string, string>,
  signal?: AbortSignal,
  onStdout?: (all: string) => void,
) {
  const spec = sixEpochSpec(dir);
  return sim(['model', 'ssd', 'train', '-e', spec, '-r', 'out'], {
    cwd: dir,
    env,
    ...(signal ? { signal } : {}),
    ...(onStdout ? { onStdout } : {}),
  });
}

const lastStatus = (dir: string) => statusLines(join(dir, 'out', 'status.json')).at(-1)?.value;

describe('simulated failures', () => {
  it('prints a traceback, writes a FAILURE line and exits non-zero when crash@3 is injected', async () => {
    const dir = tempDir();
    const result = await train(dir, { TAOBOT_SIM_FAIL: 'crash@3' });
    expect(result.code).toBe(255);
    expect(result.stdout).toMatch(
      /Traceback \(most recent call last\):\n( {2}File .*\n {4}.*\n)+tensorflow\.python\.framework\.errors_impl\.InternalError: GPU sync failed/,
    );
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Execution status: FAIL');
    expect(csvRows(join(dir, 'out', CSV)).map((r) => r[0])).toEqual(['epoch', '1', '2']);
    expect(lastStatus(dir)).toMatchObject({
      status: 'FAILURE',
      message: expect.stringContaining('GPU sync failed'),
    });
    expect(readdirSync(join(dir, 'out', 'weights'))).toEqual(['ssd_resnet18_epoch_002.hdf5']);
  });

  it('stops training with a nan loss and fails when nan@2 is injected', async () => {
    const dir = tempDir();
    const result = await train(dir, { TAOBOT_SIM_FAIL: 'nan@2' });
    expect(result.code).toBe(255);
    expect(result.stdout).toMatch(/Batch \d+: Invalid loss, terminating training\n/);
    expect(result.stdout).toMatch(/ - loss: nan/);
    expect(result.stdout).not.toContain('Epoch 3/6');
    const rows = csvRows(join(dir, 'out', CSV));
    expect(rows.map((r) => r[0])).toEqual(['epoch', '1', '2']);
    expect(rows[2]?.[4]).toBe('nan');
    const messages = statusLines(join(dir, 'out', 'status.json')).map((l) => l.value.message);
    expect(messages.slice(-2)).toEqual([
      'Training loop complete.',
      'Invalid loss, terminating training: the loss became nan at epoch 2',
    ]);
    expect(lastStatus(dir)?.status).toBe('FAILURE');
  });

  it('fails saving the checkpoint with Errno 28 and leaves a truncated file when disk-full@3 is injected', async () => {
    const dir = tempDir();
    const result = await train(dir, { TAOBOT_SIM_FAIL: 'disk-full@3' });
    expect(result.code).toBe(255);
    expect(result.stdout).toContain('OSError: [Errno 28] No space left on device\n');
    // Checkpoints are saved every 2 epochs: the first save from epoch 3 on is epoch 4's.
    expect(result.stdout).toContain('Epoch 4/6');
    expect(result.stdout).not.toContain('saving model to out/weights/ssd_resnet18_epoch_004');
    expect(lastStatus(dir)).toMatchObject({
      status: 'FAILURE',
      message: '[Errno 28] No space left on device',
    });
    const partial = join(dir, 'out', 'weights', 'ssd_resnet18_epoch_004.hdf5');
    expect(statSync(partial).size).toBeGreaterThan(0);
    expect(await readSimulatedModelHeader(partial)).toBeNull();
    expect(csvRows(join(dir, 'out', CSV))).toHaveLength(4);
  });

  it('writes "Training was interrupted" and exits 143 when SIGTERM arrives mid-run', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const result = await train(dir, { TAOBOT_SIM_EPOCH_MS: '20' }, controller.signal, (all) => {
      if (all.includes('Epoch 3/6') && !controller.signal.aborted) controller.abort('SIGTERM');
    });
    expect(result.code).toBe(143);
    expect(lastStatus(dir)).toMatchObject({
      status: 'FAILURE',
      verbosity: 'INFO',
      message: 'Training was interrupted',
    });
    expect(result.stdout).toMatch(/\[INFO\] __main__ \d+: Training was interrupted\.\n/);
    expect(csvRows(join(dir, 'out', CSV)).map((r) => r[0])).toEqual(['epoch', '1', '2']);
  });

  it('exits 130 when SIGINT arrives', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const result = await train(dir, { TAOBOT_SIM_EPOCH_MS: '20' }, controller.signal, (all) => {
      if (all.includes('Epoch 2/6') && !controller.signal.aborted) controller.abort('SIGINT');
    });
    expect(result.code).toBe(130);
  });

  it('writes no pruned model and a FAILURE line when prune failure is injected', async () => {
    const dir = tempDir();
    await train(dir, {});
    const model = join('out', 'weights', 'ssd_resnet18_epoch_006.hdf5');
    const result = await sim(
      ['model', 'ssd', 'prune', '-m', model, '-o', 'p/pruned.hdf5', '--results_dir', 'p', '-pth', '0.1'],
      { cwd: dir, env: { TAOBOT_SIM_FAIL: 'prune' } },
    );
    expect(result.code).toBe(255);
    expect(existsSync(join(dir, 'p', 'pruned.hdf5'))).toBe(false);
    expect(statusLines(join(dir, 'p', 'status.json')).at(-1)?.value.status).toBe('FAILURE');
  });

  it('writes no export when export failure is injected', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    await train(dir, {});
    const model = join('out', 'weights', 'ssd_resnet18_epoch_006.hdf5');
    const result = await sim(['model', 'ssd', 'export', '-m', model, '-o', 'e/m.onnx', '-e', spec], {
      cwd: dir,
      env: { TAOBOT_SIM_FAIL: 'export' },
    });
    expect(result.code).toBe(255);
    expect(result.stdout).toContain('RuntimeError: Failed to convert the model to ONNX');
    expect(existsSync(join(dir, 'e', 'm.onnx'))).toBe(false);
  });

  it('rejects an unknown failure name before doing anything', async () => {
    const dir = tempDir();
    const result = await train(dir, { TAOBOT_SIM_FAIL: 'explode@2' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TAOBOT_SIM_FAIL: "explode@2" is not a failure; expected');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
