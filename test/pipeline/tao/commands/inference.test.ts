import { describe, expect, it } from 'vitest';
import { buildInference, type InferenceOptions } from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, EXPERIMENT, errorOf, SPECS, TAO3, TAO4, TAO5 } from './expect-result.js';

const base: InferenceOptions = {
  network: 'ssd',
  images: `${EXPERIMENT}/test_samples`,
  spec: `${SPECS}/ssd_retrain_resnet18_kitti.txt`,
  model: `${EXPERIMENT}/experiment_dir_retrain/weights/ssd_resnet18_epoch_080.hdf5`,
  resultsDir: `${EXPERIMENT}/`,
};

describe('buildInference', () => {
  it('reproduces the TAO 5 notebook command when given a GPU index', () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildInference(TAO5, { ...base, gpuIndex: 0 }))).toEqual([
      'tao', 'model', 'ssd', 'inference', '--gpu_index', '0',
      '-i', '/workspace/tao-experiments/ssd/test_samples',
      '-e', '/workspace/tao-experiments/ssd/specs/ssd_retrain_resnet18_kitti.txt',
      '-m', '/workspace/tao-experiments/ssd/experiment_dir_retrain/weights/ssd_resnet18_epoch_080.hdf5',
      '-r', '/workspace/tao-experiments/ssd/',
    ]);
  });

  it('ends with the key when one is given', () => {
    expect(argvOf(buildInference(TAO5, { ...base, key: 'nvidia_tlt' })).slice(-4)).toEqual([
      '-r',
      '/workspace/tao-experiments/ssd/',
      '-k',
      'nvidia_tlt',
    ]);
  });

  it('refuses to build when the version is 3 or 4', () => {
    for (const target of [TAO3, TAO4]) {
      const error = errorOf(buildInference(target, { ...base, key: 'KEY' }));
      expect(error.field).toBe('version');
      expect(error.message).toMatch(/inference is built for TAO 5 only/);
    }
  });

  it.each<[string, Partial<InferenceOptions>, string]>([
    ['an unknown network', { network: 'detectnet_v2' }, 'network'],
    ['a negative GPU index', { gpuIndex: -2 }, 'gpuIndex'],
    ['an empty image folder', { images: '' }, 'images'],
    ['a spec with NUL', { spec: 'a\0b' }, 'spec'],
    ['a model with ..', { model: 'a/../b.hdf5' }, 'model'],
    ['an empty results dir', { resultsDir: '' }, 'resultsDir'],
    ['a key that looks like a flag', { key: '-r' }, 'key'],
  ])('rejects %s', (_name, override, field) => {
    expect(errorOf(buildInference(TAO5, { ...base, ...override })).field).toBe(field);
  });
});
