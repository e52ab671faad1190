import { describe, expect, it } from 'vitest';
import { buildExport, type ExportOptions } from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, EXPERIMENT, errorOf, SPECS, TAO3, TAO4, TAO5 } from './expect-result.js';

const spec = `${SPECS}/ssd_retrain_resnet18_kitti.txt`;
const model = `${EXPERIMENT}/experiment_dir_retrain/weights/ssd_resnet18_epoch_080.hdf5`;
const onnx = `${EXPERIMENT}/export/ssd_resnet18_epoch_080.onnx`;
const tao5: ExportOptions = { network: 'ssd', model, output: onnx, spec };
const tao4: ExportOptions = {
  network: 'ssd',
  model: 'model.tlt',
  output: 'model.etlt',
  spec: 'spec.txt',
  key: 'KEY',
};
const int8: Partial<ExportOptions> = {
  dataType: 'int8',
  calImageDir: 'dir',
  calDataFile: 'cal.tensorfile',
  calCacheFile: 'cal.bin',
  batches: 10,
  batchSize: 8,
};

describe('buildExport', () => {
  it('reproduces the TAO 5 notebook command when exporting with a batch size and a DeepStream config', () => {
    const argv = argvOf(buildExport(TAO5, { ...tao5, gpuIndex: 0, batchSize: 16, genDsConfig: true }));
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao', 'model', 'ssd', 'export', '--gpu_index', '0',
      '-m', '/workspace/tao-experiments/ssd/experiment_dir_retrain/weights/ssd_resnet18_epoch_080.hdf5',
      '-o', '/workspace/tao-experiments/ssd/export/ssd_resnet18_epoch_080.onnx',
      '-e', '/workspace/tao-experiments/ssd/specs/ssd_retrain_resnet18_kitti.txt',
      '--gen_ds_config', '--batch_size', '16',
    ]);
  });

  it('adds the cal json when the model is a QAT model on TAO 5', () => {
    const options = {
      ...tao5,
      qat: true,
      calJsonFile: `${EXPERIMENT}/export/cal.json`,
      key: 'k',
      resultsDir: '/r',
    };
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildExport(TAO5, options))).toEqual([
      'tao', 'model', 'ssd', 'export', '-m', model, '-o', onnx, '-e', spec, '-k', 'k', '--results_dir', '/r',
      '--cal_json_file', '/workspace/tao-experiments/ssd/export/cal.json',
    ]);
  });

  it('requires the cal json when a QAT model is exported on TAO 5', () => {
    expect(errorOf(buildExport(TAO5, { ...tao5, qat: true }))).toEqual({
      field: 'calJsonFile',
      message: 'a QAT model needs calJsonFile on TAO 5 export: it carries the INT8 scales',
    });
  });

  it('reproduces the documented TAO 3/4 INT8 command when every calibration option is given', () => {
    const options = { ...tao4, ...int8, engineFile: 'x.engine' };
    // biome-ignore format: argv laid out like the command line it stands for
    const expected = [
      'tao', 'ssd', 'export', '-m', 'model.tlt', '-k', 'KEY', '-o', 'model.etlt', '-e', 'spec.txt',
      '--data_type', 'int8', '--cal_image_dir', 'dir', '--cal_data_file', 'cal.tensorfile',
      '--cal_cache_file', 'cal.bin', '--batches', '10', '--batch_size', '8', '--engine_file', 'x.engine',
    ];
    expect(argvOf(buildExport(TAO4, options))).toEqual(expected);
    expect(argvOf(buildExport(TAO3, options))).toEqual(expected);
  });

  it("emits TAO's fp32 data type when none is chosen on TAO 4", () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildExport(TAO4, { ...tao4, gpuIndex: 0 }))).toEqual([
      'tao', 'ssd', 'export', '--gpu_index', '0', '-m', 'model.tlt', '-k', 'KEY', '-o', 'model.etlt',
      '-e', 'spec.txt', '--data_type', 'fp32',
    ]);
  });

  it('needs only the cache file when a QAT model is exported to INT8 on TAO 4', () => {
    const argv = argvOf(buildExport(TAO4, { ...tao4, qat: true, dataType: 'int8', calCacheFile: 'cal.bin' }));
    expect(argv.slice(-4)).toEqual(['--data_type', 'int8', '--cal_cache_file', 'cal.bin']);
    expect(errorOf(buildExport(TAO4, { ...tao4, qat: true, dataType: 'int8' })).field).toBe('calCacheFile');
  });

  it.each<[string, Partial<ExportOptions>, string, RegExp]>([
    ['an .etlt output', { output: '/x/model.etlt' }, 'output', /ending in \.onnx/],
    [
      'a data type',
      { dataType: 'fp16' },
      'dataType',
      /not an option of TAO 5 export; choose the precision .* gen_trt_engine/,
    ],
    ['a calibration image dir', { calImageDir: 'd' }, 'calImageDir', /not an option of TAO 5 export/],
    ['a calibration cache', { calCacheFile: 'c' }, 'calCacheFile', /not an option of TAO 5 export/],
    ['a batch count', { batches: 10 }, 'batches', /not an option of TAO 5 export/],
    ['an engine file', { engineFile: 'e' }, 'engineFile', /build the engine with gen_trt_engine or trtexec/],
    ['a batch size of 0', { batchSize: 0 }, 'batchSize', /batchSize must be a whole number of at least 1/],
    ['a missing spec', { spec: '' }, 'spec', /spec is required/],
    ['an output equal to the model', { model: onnx }, 'output', /output must differ from model/],
    ['a cal json with ..', { calJsonFile: '/a/../cal.json' }, 'calJsonFile', /"\.\." segment/],
  ])('rejects %s on TAO 5', (_name, override, field, message) => {
    const error = errorOf(buildExport(TAO5, { ...tao5, ...override }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it.each<[string, Partial<ExportOptions>, string, RegExp]>([
    ['an .onnx output', { output: 'model.onnx' }, 'output', /ending in \.etlt/],
    ['a missing key', { key: undefined }, 'key', /key is required on TAO 4/],
    ['an unknown data type', { dataType: 'int4' }, 'dataType', /one of fp32, fp16, int8 \(got "int4"\)/],
    ['an uppercase data type', { dataType: 'FP16' }, 'dataType', /did you mean fp16\?/],
    ['a results dir', { resultsDir: '/r' }, 'resultsDir', /not an option of TAO 4 export/],
    ['a cal json', { calJsonFile: 'cal.json' }, 'calJsonFile', /writes the INT8 scales to calCacheFile/],
    ['a DeepStream config', { genDsConfig: true }, 'genDsConfig', /not an option of TAO 4 export/],
    [
      'calibration on fp16',
      { dataType: 'fp16', calCacheFile: 'c' },
      'calCacheFile',
      /applies to dataType int8 only/,
    ],
    ['a batch size on fp32', { batchSize: 8 }, 'batchSize', /applies to dataType int8 only/],
    [
      'int8 without images',
      { ...int8, calImageDir: undefined },
      'calImageDir',
      /needs calImageDir, batches, calCacheFile; missing calImageDir/,
    ],
    [
      'int8 without batches or cache',
      { dataType: 'int8', calImageDir: 'd' },
      'batches',
      /missing batches, calCacheFile/,
    ],
    ['zero batches', { ...int8, batches: 0 }, 'batches', /at least 1 \(got 0\)/],
    ['an engine file with a newline', { engineFile: 'a\n' }, 'engineFile', /newline or NUL/],
  ])('rejects %s on TAO 4', (_name, override, field, message) => {
    const error = errorOf(buildExport(TAO4, { ...tao4, ...override }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
