import { describe, expect, it } from 'vitest';
import { buildTrain, type TrainOptions } from '../../../../src/pipeline/tao/commands/index.js';
import { checkpointPath } from '../../../../src/pipeline/tao/paths.js';
import { argvOf, EXPERIMENT, errorOf, SIMULATOR, SPECS, TAO3, TAO4, TAO5 } from './expect-result.js';

const base: TrainOptions = {
  network: 'ssd',
  gpus: 1,
  spec: `${SPECS}/ssd_train_resnet18_kitti.txt`,
  resultsDir: `${EXPERIMENT}/experiment_dir_unpruned`,
};
const pretrained = `${EXPERIMENT}/pretrained_object_detection_vresnet18/resnet_18.hdf5`;

describe('buildTrain', () => {
  it('reproduces the TAO 5 notebook command when training from the pretrained weights', () => {
    const argv = argvOf(buildTrain(TAO5, { ...base, gpuIndexes: [0], model: pretrained }));
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao', 'model', 'ssd', 'train', '--gpus', '1', '--gpu_index', '0',
      '-e', '/workspace/tao-experiments/ssd/specs/ssd_train_resnet18_kitti.txt',
      '-r', '/workspace/tao-experiments/ssd/experiment_dir_unpruned',
      '-m', '/workspace/tao-experiments/ssd/pretrained_object_detection_vresnet18/resnet_18.hdf5',
    ]);
  });

  it('reproduces the notebook resume command when given the epoch 1 checkpoint and initial epoch 2', () => {
    const checkpoint = checkpointPath(base.resultsDir, 'ssd', 'resnet', 18, 1, 5);
    const argv = argvOf(buildTrain(TAO5, { ...base, gpuIndexes: [0], model: checkpoint, initialEpoch: 2 }));
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao', 'model', 'ssd', 'train', '--gpus', '1', '--gpu_index', '0',
      '-e', '/workspace/tao-experiments/ssd/specs/ssd_train_resnet18_kitti.txt',
      '-r', '/workspace/tao-experiments/ssd/experiment_dir_unpruned',
      '-m', '/workspace/tao-experiments/ssd/experiment_dir_unpruned/weights/ssd_resnet18_epoch_001.hdf5',
      '--initial_epoch', '2',
    ]);
  });

  it('emits every option in contract order when all are given on TAO 5', () => {
    const argv = argvOf(
      buildTrain(TAO5, {
        ...base,
        gpus: 2,
        gpuIndexes: [1, 0],
        key: 'nvidia_tlt',
        model: 'm.hdf5',
        initialEpoch: 1,
        useAmp: true,
      }),
    );
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao', 'model', 'ssd', 'train', '--gpus', '2', '--gpu_index', '1', '0',
      '-e', base.spec, '-r', base.resultsDir, '-k', 'nvidia_tlt', '-m', 'm.hdf5', '--initial_epoch', '1', '--use_amp',
    ]);
  });

  it('builds the retrain command when the model is the pruned model', () => {
    const argv = argvOf(
      buildTrain(TAO5, {
        network: 'ssd',
        gpus: 1,
        spec: `${SPECS}/ssd_retrain_resnet18_kitti.txt`,
        resultsDir: `${EXPERIMENT}/experiment_dir_retrain`,
        model: `${EXPERIMENT}/experiment_dir_pruned/ssd_resnet18_pruned.hdf5`,
      }),
    );
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao', 'model', 'ssd', 'train', '--gpus', '1',
      '-e', '/workspace/tao-experiments/ssd/specs/ssd_retrain_resnet18_kitti.txt',
      '-r', '/workspace/tao-experiments/ssd/experiment_dir_retrain',
      '-m', '/workspace/tao-experiments/ssd/experiment_dir_pruned/ssd_resnet18_pruned.hdf5',
    ]);
  });

  it('uses the TAO 3/4 dialect with the key when the version is 4 or 3', () => {
    const options = { ...base, key: 'KEY', model: 'pretrained.hdf5', initialEpoch: 1 };
    // biome-ignore format: argv laid out like the command line it stands for
    const expected = [
      'tao', 'ssd', 'train', '--gpus', '1', '-e', base.spec, '-r', base.resultsDir,
      '-k', 'KEY', '-m', 'pretrained.hdf5', '--initial_epoch', '1',
    ];
    expect(argvOf(buildTrain(TAO4, options))).toEqual(expected);
    expect(argvOf(buildTrain(TAO3, options))).toEqual(expected);
  });

  it('prefixes the simulator launcher unchanged when the target is the simulator', () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildTrain(SIMULATOR, { ...base, network: 'yolo_v4_tiny' }))).toEqual([
      '/usr/bin/node', 'bin/taobot.js', 'tao-sim', 'model', 'yolo_v4_tiny', 'train', '--gpus', '1',
      '-e', base.spec, '-r', base.resultsDir,
    ]);
  });

  it.each<[string, Partial<TrainOptions>, string, RegExp]>([
    [
      'an unknown network',
      { network: 'ssd_resnet18' },
      'network',
      /network must be one of ssd, dssd, .*"ssd_resnet18"/,
    ],
    ['zero GPUs', { gpus: 0 }, 'gpus', /gpus must be a whole number of at least 1 \(got 0\)/],
    ['a fractional GPU count', { gpus: 1.5 }, 'gpus', /got 1\.5/],
    [
      'fewer indexes than GPUs',
      { gpus: 2, gpuIndexes: [0] },
      'gpuIndexes',
      /must list 2 GPU index\(es\).*got 1/,
    ],
    ['repeated indexes', { gpus: 2, gpuIndexes: [1, 1] }, 'gpuIndexes', /distinct \(1 appears twice\)/],
    ['a negative index', { gpuIndexes: [-1] }, 'gpuIndexes', /at least 0 \(got -1\)/],
    ['an empty spec', { spec: '' }, 'spec', /spec is required/],
    [
      'a results dir with ..',
      { resultsDir: '/data/../etc' },
      'resultsDir',
      /must not contain a "\.\." segment/,
    ],
    [
      'an initial epoch of 0',
      { initialEpoch: 0, model: 'm.hdf5' },
      'initialEpoch',
      /at least 1 \(got 0\).*default is 1/,
    ],
    ['a resume without a checkpoint', { initialEpoch: 5 }, 'model', /initialEpoch 5 resumes training/],
    ['an empty key', { key: '' }, 'key', /key must not be empty/],
  ])('rejects %s', (_name, override, field, message) => {
    const error = errorOf(buildTrain(TAO5, { ...base, ...override }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('requires the key when the version is 3 or 4', () => {
    for (const target of [TAO3, TAO4]) {
      const error = errorOf(buildTrain(target, base));
      expect(error).toEqual({
        field: 'key',
        message: `key is required on TAO ${target.version}: its models are encrypted with it; set the model's key`,
      });
    }
  });
});
