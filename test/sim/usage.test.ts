import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sim, sixEpochSpec, tempDir } from './harness.js';

describe('simulator usage errors', () => {
  it('prints usage and an argparse error, exits 2 and writes nothing when an option is unknown', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    const result = await sim(['model', 'ssd', 'train', '-e', spec, '-r', 'out', '--bogus', 'x'], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^usage: ssd train \[-h\] \[--num_processes NUM_PROCESSES\] \[--gpus GPUS\]\n/,
    );
    expect(result.stderr).toContain('-e EXPERIMENT_SPEC_FILE -r RESULTS_DIR');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      'ssd train: error: unrecognized arguments: --bogus x',
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('names every missing required option when -e and -r are absent', async () => {
    const result = await sim(['model', 'ssd', 'train', '--gpus', '1'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'ssd train: error: the following arguments are required: -e/--experiment_spec_file, -r/--results_dir',
    );
  });

  it('reports the bad value when an int option is not a number', async () => {
    const dir = tempDir();
    const result = await sim(['model', 'ssd', 'train', '-e', 's', '-r', 'out', '--initial_epoch', 'two'], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ssd train: error: argument --initial_epoch: invalid int value: 'two'");
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports an option that lacks its value', async () => {
    const result = await sim(['model', 'ssd', 'prune', '-m', 'a.hdf5', '-o'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ssd prune: error: argument -o/--output_file: expected one argument');
  });

  it('lists the choices when the network, task or data type is unknown', async () => {
    const net = await sim(['model', 'fasterrcnn', 'train'], { cwd: tempDir() });
    expect(net.stderr).toContain(
      "tao model: error: argument network: invalid choice: 'fasterrcnn' (choose from 'ssd', 'dssd', 'retinanet', 'yolo_v3', 'yolo_v4', 'yolo_v4_tiny')",
    );
    const task = await sim(['ssd', 'calibrate'], { cwd: tempDir() });
    expect(task.code).toBe(2);
    expect(task.stderr).toContain("ssd: error: argument task: invalid choice: 'calibrate'");
    const type = await sim(['deploy', 'ssd', 'gen_trt_engine', '-m', 'm', '-e', 's', '--data_type', 'int4'], {
      cwd: tempDir(),
    });
    expect(type.stderr).toContain(
      "argument --data_type: invalid choice: 'int4' (choose from 'fp32', 'fp16', 'int8')",
    );
  });

  it("fails with the TAO entrypoint's assertion when a task other than train asks for 2 GPUs", async () => {
    const result = await sim(['model', 'ssd', 'evaluate', '--gpus', '2', '-e', 's', '-m', 'm'], {
      cwd: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "AssertionError: Please use only 1 GPU for the task evaluate. Only the following tasks are supported to run with multiple GPUs, ['train']",
    );
  });

  it('fails the run with the spec problem when the spec is not a training spec', async () => {
    const dir = tempDir();
    const result = await sim(['model', 'ssd', 'train', '-e', 'missing.txt', '-r', 'out'], { cwd: dir });
    expect(result.code).toBe(255);
    expect(result.stdout).toContain("FileNotFoundError: [Errno 2] No such file or directory: '");
  });

  it('names the variable and what it accepts when the environment is wrong', async () => {
    const result = await sim(['model', 'ssd', 'train'], {
      cwd: tempDir(),
      env: { TAOBOT_SIM_EPOCH_MS: 'fast' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TAOBOT_SIM_EPOCH_MS=fast: expected a number of milliseconds >= 0');
  });

  it('rejects trtexec options it does not know', async () => {
    const result = await sim(['trtexec', '--onnx=m.onnx', '--frobnicate'], { cwd: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\[E\] Unknown option: --frobnicate\n&&&& FAILED TensorRT\.trtexec/);
  });
});
