import { describe, expect, it } from 'vitest';
import { readTrainingSettings } from '../../../../src/pipeline/tao/spec/index.js';
import { loadSpec, parsed, readSpec } from './spec-fixtures.js';

const settingsOf = (text: string) => {
  const result = readTrainingSettings(parsed(text));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const problemsOf = (text: string) => {
  const result = readTrainingSettings(parsed(text));
  if (result.ok) throw new Error('expected problems');
  return result.error;
};

describe('readTrainingSettings', () => {
  it('applies TAO defaults when reading the train spec', () => {
    expect(settingsOf(readSpec('ssd_train_resnet18_kitti.txt'))).toEqual({
      network: 'ssd',
      numEpochs: 80,
      checkpointInterval: 1,
      enableQat: false,
      batchSizePerGpu: 16,
      validationPeriod: 10,
      classes: ['car', 'cyclist', 'pedestrian'],
      arch: 'resnet',
      nlayers: 18,
      outputWidth: 300,
      outputHeight: 300,
      randomSeed: 42,
    });
  });

  it('reads batch size 32 when reading the retrain spec', () => {
    expect(settingsOf(readSpec('ssd_retrain_resnet18_kitti.txt')).batchSizePerGpu).toBe(32);
  });

  it.each(['ssd_train_resnet18_kitti_qat.txt', 'ssd_retrain_resnet18_kitti_qat.txt'])(
    'reports enableQat true when reading %s',
    (name) => {
      expect(settingsOf(readSpec(name)).enableQat).toBe(true);
    },
  );

  it('reads dssd_config when the spec is a DSSD spec', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt').replace('ssd_config {', 'dssd_config {');
    expect(settingsOf(text)).toMatchObject({ network: 'dssd', arch: 'resnet', nlayers: 18 });
    const mobilenet = text.replace('  arch: "resnet"\n  nlayers: 18\n', '  arch: "mobilenet_v2"\n');
    expect(settingsOf(mobilenet)).not.toHaveProperty('nlayers');
  });

  it('reads the model path oneof when one is set and another is empty', () => {
    const text = readSpec('ssd_retrain_resnet18_kitti.txt').replace(
      '  enable_qat: false\n',
      '  enable_qat: false\n  pruned_model_path: "/w/pruned.hdf5"\n  pretrain_model_path: ""\n',
    );
    const settings = settingsOf(text);
    expect(settings.prunedModelPath).toBe('/w/pruned.hdf5');
    expect(settings).not.toHaveProperty('pretrainModelPath');
    expect(settings).not.toHaveProperty('resumeModelPath');
  });

  it('maps a checkpoint interval of 0 and a validation period <= 0 to every epoch', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt')
      .replace('  num_epochs: 80\n', '  num_epochs: 80\n  checkpoint_interval: 0\n')
      .replace('validation_period_during_training: 10', 'validation_period_during_training: -2');
    expect(settingsOf(text)).toMatchObject({ checkpointInterval: 1, validationPeriod: 1 });
    const interval = readSpec('ssd_train_resnet18_kitti.txt').replace(
      '  num_epochs: 80\n',
      '  num_epochs: 80\n  checkpoint_interval: 10\n',
    );
    expect(settingsOf(interval).checkpointInterval).toBe(10);
  });

  it('reads enable_qat when it is written as 0 or 1', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt').replace('enable_qat: false', 'enable_qat: 1');
    expect(settingsOf(text).enableQat).toBe(true);
  });

  it('explains the problem when given the dataset_convert spec', () => {
    const error = problemsOf(readSpec('ssd_tfrecords_kitti_train.txt'));
    expect(error.problems).toEqual([
      {
        path: 'training_config',
        message:
          'the spec has no training_config message, so it is not a training spec (it looks like a dataset_convert spec); use a train or retrain spec',
      },
    ]);
    expect(error.message).toMatch(/^the spec cannot be used for training: training_config: the spec has no/);
  });

  it('lists every problem at once when several fields are missing or malformed', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt')
      .replace('  num_epochs: 80\n', '  num_epochs: "80"\n')
      .replace('  batch_size_per_gpu: 16\n', '')
      .replace('  arch: "resnet"\n', '  arch: resnet\n')
      .replace('output_width: 300', 'output_width: 0')
      .replace('random_seed: 42', 'random_seed: 42\nrandom_seed: 7');
    expect(problemsOf(text).problems).toEqual([
      { path: 'training_config.num_epochs', message: 'must be an integer >= 1, found "80"' },
      { path: 'training_config.batch_size_per_gpu', message: 'is missing' },
      { path: 'ssd_config.arch', message: 'must be a quoted string, found resnet' },
      { path: 'augmentation_config.output_width', message: 'must be an integer >= 1, found 0' },
      { path: 'random_seed', message: 'appears 2 times; TAO keeps only the last, remove the others' },
    ]);
  });

  it('reports the problems when two model paths are set and no network config exists', () => {
    const text = readSpec('ssd_train_resnet18_kitti.txt')
      .replace('ssd_config {', 'other_config {')
      .replace(
        '  enable_qat: false\n',
        '  enable_qat: false\n  pretrain_model_path: "/a"\n  resume_model_path: "/b"\n',
      );
    expect(problemsOf(text).problems.map((p) => p.message)).toEqual([
      'missing: an SSD spec needs ssd_config (or dssd_config for DSSD)',
      'pretrain_model_path, pruned_model_path, resume_model_path are one protobuf oneof and TAO keeps only the last; set one of them',
      'is missing',
    ]);
  });

  it('reports a problem when both ssd_config and dssd_config are set', () => {
    const text = `${readSpec('ssd_train_resnet18_kitti.txt')}dssd_config {\n  arch: "resnet"\n}\n`;
    expect(problemsOf(text).problems[0]).toEqual({
      path: 'ssd_config',
      message: 'both ssd_config and dssd_config are set; keep only one',
    });
  });

  it('reports a problem when the spec has no classes', () => {
    const doc = loadSpec('ssd_train_resnet18_kitti.txt');
    const text = doc.text.replace(/ {2}target_class_mapping \{\n(?: {6}.*\n){2} {2}\}\n/g, '');
    expect(problemsOf(text).problems).toEqual([
      { path: 'dataset_config.target_class_mapping', message: 'has no entries; TAO needs a class' },
    ]);
  });
});
