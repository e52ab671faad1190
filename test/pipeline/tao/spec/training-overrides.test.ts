import { describe, expect, it } from 'vitest';
import {
  applyTrainingOverrides,
  diffSpecs,
  getField,
  readTrainingSettings,
} from '../../../../src/pipeline/tao/spec/index.js';
import { changedLines, edited, loadSpec, parsed, readSpec } from './spec-fixtures.js';

const TRAIN = 'ssd_train_resnet18_kitti.txt';

const errorOf = (result: ReturnType<typeof applyTrainingOverrides>) => {
  if (result.ok) throw new Error('expected an error');
  return result.error;
};

describe('applyTrainingOverrides', () => {
  it('reads back the same settings when every override is written', () => {
    const doc = loadSpec(TRAIN);
    const after = edited(
      applyTrainingOverrides(doc, {
        numEpochs: 120,
        checkpointInterval: 10,
        enableQat: true,
        batchSizePerGpu: 8,
        validationPeriod: 5,
        pretrainModelPath: '/workspace/pretrained/resnet_18.hdf5',
      }),
    );
    const settings = readTrainingSettings(after);
    expect(settings.ok && settings.value).toMatchObject({
      numEpochs: 120,
      checkpointInterval: 10,
      enableQat: true,
      batchSizePerGpu: 8,
      validationPeriod: 5,
      pretrainModelPath: '/workspace/pretrained/resnet_18.hdf5',
    });
    expect(diffSpecs(doc, after).map((c) => c.path)).toEqual([
      'training_config.batch_size_per_gpu',
      'training_config.num_epochs',
      'training_config.enable_qat',
      'eval_config.validation_period_during_training',
      'training_config.checkpoint_interval',
      'training_config.pretrain_model_path',
    ]);
  });

  it('changes one line when only the epoch count is overridden', () => {
    const doc = loadSpec(TRAIN);
    const after = edited(applyTrainingOverrides(doc, { numEpochs: 3 }));
    expect(changedLines(doc.text, after.text)).toEqual([
      { line: 16, from: '  num_epochs: 80', to: '  num_epochs: 3' },
    ]);
  });

  it('leaves the spec unchanged when there is nothing to override', () => {
    const doc = loadSpec(TRAIN);
    expect(edited(applyTrainingOverrides(doc, {})).text).toBe(doc.text);
  });

  it('removes the other two model paths when it sets one of the oneof', () => {
    const text = readSpec('ssd_retrain_resnet18_kitti.txt').replace(
      '  enable_qat: false\n',
      '  enable_qat: false\n  pretrain_model_path: "/a.hdf5"\n  resume_model_path: "/b.hdf5"\n',
    );
    const after = edited(applyTrainingOverrides(parsed(text), { prunedModelPath: '/w/pruned.hdf5' }));
    expect(getField(after, 'training_config.pretrain_model_path')).toBeUndefined();
    expect(getField(after, 'training_config.resume_model_path')).toBeUndefined();
    expect(getField(after, 'training_config.pruned_model_path')).toBe('/w/pruned.hdf5');
    expect(after.text).toBe(
      readSpec('ssd_retrain_resnet18_kitti.txt').replace(
        '    weight: 3e-9\n  }\n}',
        '    weight: 3e-9\n  }\n  pruned_model_path: "/w/pruned.hdf5"\n}',
      ),
    );
  });

  it('keeps 0/1 spelling when the spec writes enable_qat as a number', () => {
    const text = readSpec(TRAIN).replace('enable_qat: false', 'enable_qat: 0');
    const after = edited(applyTrainingOverrides(parsed(text), { enableQat: true }));
    expect(after.text).toBe(text.replace('enable_qat: 0', 'enable_qat: 1'));
  });

  it('creates eval_config when the spec has none and a validation period is given', () => {
    const text = readSpec(TRAIN).replace(/eval_config \{\n(?: {2}.*\n)+\}\n/, '');
    const after = edited(applyTrainingOverrides(parsed(text), { validationPeriod: 2 }));
    expect(after.text).toBe(`${text}eval_config {\n  validation_period_during_training: 2\n}\n`);
  });

  it.each([
    [{ numEpochs: 0 }, 'training_config.num_epochs', 'numEpochs must be a positive integer, got 0'],
    [{ numEpochs: 2.5 }, 'training_config.num_epochs', 'numEpochs must be a positive integer, got 2.5'],
    [
      { checkpointInterval: -1 },
      'training_config.checkpoint_interval',
      'checkpointInterval must be a positive integer, got -1',
    ],
    [
      { batchSizePerGpu: Number.NaN },
      'training_config.batch_size_per_gpu',
      'batchSizePerGpu must be a positive integer, got NaN',
    ],
    [
      { validationPeriod: 0 },
      'eval_config.validation_period_during_training',
      'validationPeriod must be a positive integer, got 0',
    ],
    [
      { pretrainModelPath: '  ' },
      'training_config.pretrain_model_path',
      'pretrainModelPath must be a non-empty path, got "  "',
    ],
    [
      { prunedModelPath: '/a', resumeModelPath: '/b' },
      'training_config',
      'prunedModelPath and resumeModelPath exclude each other (one protobuf oneof); give one',
    ],
  ])('refuses the overrides when they are %j', (overrides, path, message) => {
    expect(errorOf(applyTrainingOverrides(loadSpec(TRAIN), overrides))).toEqual({ path, message });
  });

  it('refuses the overrides when the spec has no training_config', () => {
    expect(
      errorOf(applyTrainingOverrides(loadSpec('ssd_tfrecords_kitti_train.txt'), { numEpochs: 5 })),
    ).toEqual({
      path: 'training_config',
      message: 'the spec has no training_config, so it is not a training spec',
    });
  });
});
