import { describe, expect, it } from 'vitest';
import { buildGenTrtEngine, type GenTrtEngineOptions } from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, errorOf, SIMULATOR, TAO3, TAO4, TAO5 } from './expect-result.js';

const base: GenTrtEngineOptions = {
  network: 'ssd',
  model: 'x.onnx',
  spec: 'spec.txt',
  engineFile: 'trt.engine',
  dataType: 'fp32',
};
const images = {
  calImageDir: 'cal_images',
  batches: 10,
  calCacheFile: 'cal.bin',
  calDataFile: 'cal.tensorfile',
};

describe('buildGenTrtEngine', () => {
  it('reproduces the TAO 5 notebook INT8 command when calibrating from images', () => {
    const options = { ...base, gpuIndex: 0, maxBatchSize: 16, batchSize: 16, dataType: 'int8', ...images };
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildGenTrtEngine(TAO5, { ...options, resultsDir: '/results/export' }))).toEqual([
      'tao', 'deploy', 'ssd', 'gen_trt_engine', '--gpu_index', '0', '-m', 'x.onnx', '-e', 'spec.txt',
      '--engine_file', 'trt.engine', '--data_type', 'int8', '--max_batch_size', '16', '--batch_size', '16',
      '--cal_image_dir', 'cal_images', '--batches', '10', '--cal_cache_file', 'cal.bin',
      '--cal_data_file', 'cal.tensorfile', '--results_dir', '/results/export',
    ]);
  });

  it('calibrates from the cal json when the model is a QAT model', () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildGenTrtEngine(SIMULATOR, { ...base, dataType: 'int8', calJsonFile: 'cal.json', key: 'k' }))).toEqual([
      '/usr/bin/node', 'bin/taobot.js', 'tao-sim', 'deploy', 'ssd', 'gen_trt_engine', '-m', 'x.onnx',
      '-e', 'spec.txt', '--engine_file', 'trt.engine', '--data_type', 'int8', '--cal_json_file', 'cal.json',
      '-k', 'k',
    ]);
  });

  it('needs no calibration when the data type is fp16', () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildGenTrtEngine(TAO5, { ...base, dataType: 'fp16' }))).toEqual([
      'tao', 'deploy', 'ssd', 'gen_trt_engine', '-m', 'x.onnx', '-e', 'spec.txt',
      '--engine_file', 'trt.engine', '--data_type', 'fp16',
    ]);
  });

  it('points TAO 3/4 users to tao-converter when the version is 3 or 4', () => {
    for (const target of [TAO3, TAO4]) {
      const error = errorOf(buildGenTrtEngine(target, { ...base, key: 'KEY' }));
      expect(error.field).toBe('version');
      expect(error.message).toMatch(/tao-converter/);
    }
  });

  it.each<[string, Partial<GenTrtEngineOptions>, string, RegExp]>([
    ['an .etlt model', { model: 'm.etlt' }, 'model', /ending in \.onnx/],
    ['a missing engine file', { engineFile: '' }, 'engineFile', /engineFile is required/],
    ['an engine file equal to the model', { engineFile: 'x.onnx' }, 'engineFile', /must differ from model/],
    ['an unknown data type', { dataType: 'bf16' }, 'dataType', /one of fp32, fp16, int8 \(got "bf16"\)/],
    ['a max batch size of 0', { maxBatchSize: 0 }, 'maxBatchSize', /at least 1/],
    ['a batch size of -1', { batchSize: -1 }, 'batchSize', /at least 1 \(got -1\)/],
    ['calibration on fp32', { calCacheFile: 'cal.bin' }, 'calCacheFile', /applies to dataType int8 only/],
    ['a cal json on fp16', { dataType: 'fp16', calJsonFile: 'c.json' }, 'calJsonFile', /int8 only/],
    [
      'int8 without calibration',
      { dataType: 'int8' },
      'calImageDir',
      /needs calImageDir, batches, calCacheFile, calDataFile; missing calImageDir, batches, calCacheFile, calDataFile, or calJsonFile for a QAT model/,
    ],
    [
      'int8 without the data file',
      { dataType: 'int8', ...images, calDataFile: undefined },
      'calDataFile',
      /missing calDataFile/,
    ],
    [
      'int8 with both sources',
      { dataType: 'int8', ...images, calJsonFile: 'c.json' },
      'calImageDir',
      /cannot be combined with calJsonFile/,
    ],
    ['zero batches', { dataType: 'int8', ...images, batches: 0 }, 'batches', /at least 1/],
    ['a results dir with ..', { resultsDir: '..' }, 'resultsDir', /"\.\." segment/],
    ['an empty key', { key: '' }, 'key', /must not be empty/],
  ])('rejects %s', (_name, override, field, message) => {
    const error = errorOf(buildGenTrtEngine(TAO5, { ...base, ...override }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
