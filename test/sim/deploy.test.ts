import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrtexecOutput } from '../../src/pipeline/parsers/index.js';
import { readSimulatedModelHeader } from '../../src/sim/index.js';
import { isSparse, MIB, sim, sixEpochSpec, statusLines, tempDir, writeSpec } from './harness.js';

const throughput = (stdout: string): number => parseTrtexecOutput(stdout).throughputQps ?? Number.NaN;

describe('simulated export and engines (TAO 5)', () => {
  let dir: string;
  let spec: string;
  const model = join('out', 'weights', 'ssd_resnet18_epoch_006.hdf5');
  beforeAll(async () => {
    dir = tempDir();
    spec = sixEpochSpec(dir);
    await sim(['model', 'ssd', 'train', '-e', spec, '-r', 'out'], { cwd: dir });
  });

  it('exports an .onnx close to the model size and refuses when the output exists', async () => {
    const args = [
      'model',
      'ssd',
      'export',
      '-m',
      model,
      '-o',
      'export/m.onnx',
      '-e',
      spec,
      '--gen_ds_config',
    ];
    const first = await sim([...args, '--results_dir', 'export'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      / \[TAO Toolkit\] \[INFO\] nvidia_tao_tf1\.cv\.common\.export\.app \d+: Saving exported model to export\/m\.onnx\n/,
    );
    const onnx = join(dir, 'export', 'm.onnx');
    expect(statSync(onnx).size / statSync(join(dir, model)).size).toBeGreaterThan(0.95);
    expect(isSparse(onnx)).toBe(true);
    expect((await readSimulatedModelHeader(onnx))?.kind).toBe('export');
    expect(readFileSync(join(dir, 'export', 'labels.txt'), 'utf8')).toBe('car\ncyclist\npedestrian\n');
    expect(statusLines(join(dir, 'export', 'status.json')).map((l) => l.value.message)).toEqual([
      'Building exporter object.',
      'Exporting the model.',
      'Export finished successfully.',
    ]);
    const again = await sim(args, { cwd: dir });
    expect(again.code).toBe(255);
    expect(again.stdout).toContain('AssertionError: Default output file export/m.onnx already exists');
  });

  it('builds an engine with trtexec and benchmarks it faster at lower precision and for pruned models', async () => {
    await sim(['model', 'ssd', 'export', '-m', model, '-o', 'full.onnx', '-e', spec], { cwd: dir });
    const run = async (engine: string, flags: string[]) => {
      const result = await sim(['trtexec', '--onnx=full.onnx', `--saveEngine=${engine}`, ...flags], {
        cwd: dir,
      });
      expect(result.code, result.stdout).toBe(0);
      return result;
    };
    const fp32 = await run('fp32.engine', []);
    const fp16 = await run('fp16.engine', ['--fp16']);
    const int8 = await run('int8.engine', ['--int8', '--fp16']);
    expect(throughput(fp16.stdout)).toBeGreaterThan(100);
    expect(throughput(fp16.stdout)).toBeLessThan(200);
    expect(throughput(int8.stdout)).toBeGreaterThan(throughput(fp16.stdout));
    expect(throughput(fp32.stdout)).toBeLessThan(throughput(fp16.stdout));
    expect(statSync(join(dir, 'fp16.engine')).size).toBeLessThan(statSync(join(dir, 'fp32.engine')).size);
    const summary = parseTrtexecOutput(fp16.stdout);
    expect(summary).toMatchObject({ passed: true, tensorrtVersion: '8.5.2' });
    expect(fp16.stdout.trimEnd().split('\n').at(-1)).toBe(
      '&&&& PASSED TensorRT.trtexec [TensorRT v8502] # trtexec --onnx=full.onnx --saveEngine=fp16.engine --fp16',
    );
    expect(fp16.stdout).toMatch(/\n\[\d\d\/\d\d\/\d{4}-\d\d:\d\d:\d\d\] \[I\] Throughput: [\d.]+ qps\n/);

    const loaded = await sim(['trtexec', '--loadEngine=fp16.engine', '--iterations=100'], { cwd: dir });
    expect(throughput(loaded.stdout)).toBe(throughput(fp16.stdout));

    await sim(['model', 'ssd', 'prune', '-m', model, '-o', 'pruned.hdf5', '-pth', '0.3'], { cwd: dir });
    await sim(['model', 'ssd', 'export', '-m', 'pruned.hdf5', '-o', 'pruned.onnx', '-e', spec], { cwd: dir });
    const pruned = await sim(['trtexec', '--onnx=pruned.onnx', '--saveEngine=pruned.engine', '--fp16'], {
      cwd: dir,
    });
    expect(throughput(pruned.stdout)).toBeGreaterThan(2 * throughput(fp16.stdout));
  });

  it('leaves no engine, not even a partial one, when the build fails', async () => {
    const result = await sim(['trtexec', '--onnx=export/m.onnx', '--saveEngine=failed.engine', '--fp16'], {
      cwd: dir,
      env: { TAOBOT_SIM_FAIL: 'engine' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\[E\] Engine could not be created from network\n/);
    expect(result.stdout).toContain('&&&& FAILED TensorRT.trtexec [TensorRT v8502]');
    expect(readdirSync(dir).filter((f) => f.startsWith('failed.engine'))).toEqual([]);
  });

  it('rejects shapes that do not match the model input', async () => {
    const result = await sim(
      ['trtexec', '--onnx=export/m.onnx', '--saveEngine=x.engine', '--optShapes=Input:8x3x384x1248'],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('do not match the model input ?x3x300x300');
  });

  it('writes the engine and tao_deploy status lines when gen_trt_engine builds FP16', async () => {
    const result = await sim(
      [
        'deploy',
        'ssd',
        'gen_trt_engine',
        '-m',
        'export/m.onnx',
        '-e',
        spec,
        '--engine_file',
        'gen.engine',
        '--data_type',
        'fp16',
        '--results_dir',
        'gen',
      ],
      { cwd: dir },
    );
    expect(result.code, result.stdout).toBe(0);
    expect((await readSimulatedModelHeader(join(dir, 'gen.engine')))?.precision).toBe('fp16');
    expect(
      statusLines(join(dir, 'gen', 'status.json')).map((l) => [l.value.status, l.value.message]),
    ).toEqual([
      ['STARTED', 'Starting ssd gen_trt_engine.'],
      ['RUNNING', 'Gen_trt_engine finished successfully.'],
    ]);
  });

  it('calibrates INT8 into the cache, and leaves no engine when the build fails, in gen_trt_engine', async () => {
    const base = [
      'deploy',
      'ssd',
      'gen_trt_engine',
      '-m',
      'export/m.onnx',
      '-e',
      spec,
      '--data_type',
      'int8',
    ];
    const calibration = [
      '--cal_image_dir',
      'images',
      '--batches',
      '2',
      '--cal_cache_file',
      'gen/cal.bin',
      '--cal_data_file',
      'gen/cal.tensorfile',
    ];
    const ok = await sim([...base, ...calibration, '--engine_file', 'int8.engine'], { cwd: dir });
    expect(ok.code, ok.stdout).toBe(0);
    expect(readFileSync(join(dir, 'gen', 'cal.bin'), 'utf8')).toMatch(
      /^TRT-8502-EntropyCalibration2\nInput: [0-9a-f]{8}\n/,
    );
    expect((await readSimulatedModelHeader(join(dir, 'int8.engine')))?.precision).toBe('int8');
    const uncalibrated = await sim([...base, '--engine_file', 'none.engine'], { cwd: dir });
    expect(uncalibrated.code).toBe(255);
    expect(uncalibrated.stdout).toContain('ValueError: INT8 calibration needs --cal_image_dir');
    const failed = await sim([...base, ...calibration, '--engine_file', 'broken.engine'], {
      cwd: dir,
      env: { TAOBOT_SIM_FAIL: 'engine' },
    });
    expect(failed.code).toBe(255);
    expect(failed.stdout).toContain('[TRT] [E] 2: [virtualMemoryBuffer.cpp::resizePhysical::145]');
    expect(readdirSync(dir).filter((f) => f.startsWith('broken.engine'))).toEqual([]);
  });

  it('writes the QAT calibration json when a QAT model is exported with --cal_json_file', async () => {
    const qat = tempDir();
    const qatSpec = writeSpec(qat, [['training_config.num_epochs', 2]], 'ssd_train_resnet18_kitti_qat.txt');
    await sim(['model', 'ssd', 'train', '-e', qatSpec, '-r', 'out'], { cwd: qat });
    const qatModel = join('out', 'weights', 'ssd_resnet18_epoch_002.hdf5');
    expect((await readSimulatedModelHeader(join(qat, qatModel)))?.qat).toBe(true);
    const result = await sim(
      [
        'model',
        'ssd',
        'export',
        '-m',
        qatModel,
        '-o',
        'qat.onnx',
        '-e',
        qatSpec,
        '--cal_json_file',
        'cal.json',
      ],
      { cwd: qat },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(qat, 'cal.json'), 'utf8')).tensor_scales.Input).toBeGreaterThan(0);
  });
});

describe('simulated export and engines (TAO 3/4)', () => {
  it('exports an INT8 .etlt with its calibration cache and builds it with tao-converter using the key', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    await sim(['ssd', 'train', '-e', spec, '-r', 'out', '-k', 'nvidia_tlt'], { cwd: dir });
    const exported = await sim(
      [
        'ssd',
        'export',
        '-m',
        join('out', 'weights', 'ssd_resnet18_epoch_006.tlt'),
        '-k',
        'nvidia_tlt',
        '-o',
        'm.etlt',
        '-e',
        spec,
        '--data_type',
        'int8',
        '--cal_image_dir',
        'images',
        '--cal_data_file',
        'cal.tensorfile',
        '--cal_cache_file',
        'cal.bin',
        '--batches',
        '2',
        '--batch_size',
        '4',
      ],
      { cwd: dir },
    );
    expect(exported.code, exported.stdout).toBe(0);
    expect(readFileSync(join(dir, 'cal.bin'), 'utf8').split('\n')[0]).toBe('TRT-8502-EntropyCalibration2');
    expect(statSync(join(dir, 'cal.tensorfile')).size).toBeGreaterThan(2 * 4 * 3 * 300 * 300 * 4);
    const convert = (key: string) =>
      sim(
        [
          'tao-converter',
          '-k',
          key,
          '-d',
          '3,300,300',
          '-o',
          'NMS',
          '-t',
          'int8',
          '-m',
          '16',
          '-e',
          'trt.engine',
          '-c',
          'cal.bin',
          'm.etlt',
        ],
        {
          cwd: dir,
        },
      );
    const wrong = await convert('other-key');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('[ERROR] UffParser: Unsupported number of graph 0');
    expect(existsSync(join(dir, 'trt.engine'))).toBe(false);
    const built = await convert('nvidia_tlt');
    expect(built.code, built.stdout).toBe(0);
    expect(statSync(join(dir, 'trt.engine')).size / MIB).toBeLessThan(
      statSync(join(dir, 'm.etlt')).size / MIB,
    );
    const bench = await sim(['trtexec', '--loadEngine=trt.engine'], { cwd: dir });
    expect(parseTrtexecOutput(bench.stdout).passed).toBe(true);
  });
});
