import { describe, expect, it } from 'vitest';
import { buildEvaluate, type EvaluateOptions } from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, EXPERIMENT, errorOf, SPECS, TAO3, TAO4, TAO5 } from './expect-result.js';

const spec = `${SPECS}/ssd_train_resnet18_kitti.txt`;
const model = `${EXPERIMENT}/experiment_dir_unpruned/weights/ssd_resnet18_epoch_080.hdf5`;
const base: EvaluateOptions = { network: 'ssd', spec, model };

describe('buildEvaluate', () => {
  it('reproduces the TAO 5 notebook command when given a GPU index and a checkpoint', () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildEvaluate(TAO5, { ...base, gpuIndex: 0 }))).toEqual([
      'tao', 'model', 'ssd', 'evaluate', '--gpu_index', '0',
      '-e', '/workspace/tao-experiments/ssd/specs/ssd_train_resnet18_kitti.txt',
      '-m', '/workspace/tao-experiments/ssd/experiment_dir_unpruned/weights/ssd_resnet18_epoch_080.hdf5',
    ]);
  });

  it('adds the results dir and key after the model when given on TAO 5', () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildEvaluate(TAO5, { ...base, resultsDir: '/results/eval', key: 'nvidia_tlt' }))).toEqual([
      'tao', 'model', 'ssd', 'evaluate', '-e', spec, '-m', model, '-r', '/results/eval', '-k', 'nvidia_tlt',
    ]);
  });

  it('accepts a TensorRT engine as the model when evaluating an engine', () => {
    const argv = argvOf(buildEvaluate(TAO5, { ...base, model: '/export/trt.engine' }));
    expect(argv.slice(-2)).toEqual(['-m', '/export/trt.engine']);
  });

  it('reproduces the TAO 3/4 command with the key when the version is 3 or 4', () => {
    const options = { ...base, model: '/results/weights/ssd_resnet18_epoch_080.tlt', key: 'KEY' };
    // biome-ignore format: argv laid out like the command line it stands for
    const expected = [
      'tao', 'ssd', 'evaluate', '-e', spec, '-m', '/results/weights/ssd_resnet18_epoch_080.tlt', '-k', 'KEY',
    ];
    expect(argvOf(buildEvaluate(TAO4, options))).toEqual(expected);
    expect(argvOf(buildEvaluate(TAO3, options))).toEqual(expected);
    expect(argvOf(buildEvaluate(TAO4, { ...options, gpuIndex: 1 })).slice(3, 5)).toEqual([
      '--gpu_index',
      '1',
    ]);
  });

  it.each<[string, EvaluateOptions, string, RegExp]>([
    ['an unknown network', { ...base, network: 'faster_rcnn' }, 'network', /network must be one of/],
    [
      'a negative GPU index',
      { ...base, gpuIndex: -1 },
      'gpuIndex',
      /gpuIndex must be a whole number of at least 0/,
    ],
    ['a missing model', { ...base, model: '' }, 'model', /model is required: give a path/],
    ['a spec with a newline', { ...base, spec: 'a\nb.txt' }, 'spec', /must not contain a newline or NUL/],
    ['a results dir with ..', { ...base, resultsDir: '../x' }, 'resultsDir', /"\.\." segment/],
  ])('rejects %s on TAO 5', (_name, options, field, message) => {
    const error = errorOf(buildEvaluate(TAO5, options));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('rejects a results dir on TAO 4 because its evaluate has no such flag', () => {
    expect(errorOf(buildEvaluate(TAO4, { ...base, key: 'KEY', resultsDir: '/r' }))).toEqual({
      field: 'resultsDir',
      message: 'resultsDir is not an option of TAO 4 evaluate; it writes next to the model',
    });
  });

  it('requires the key when the version is 4', () => {
    expect(errorOf(buildEvaluate(TAO4, base)).field).toBe('key');
  });
});
