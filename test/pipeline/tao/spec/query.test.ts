import { describe, expect, it } from 'vitest';
import {
  diffSpecs,
  getAll,
  getField,
  hasMessage,
  listClasses,
  removeField,
  setFields,
} from '../../../../src/pipeline/tao/spec/index.js';
import { edited, loadSpec, parsed } from './spec-fixtures.js';

const KITTI_SPECS = [
  'ssd_train_resnet18_kitti.txt',
  'ssd_retrain_resnet18_kitti.txt',
  'ssd_train_resnet18_kitti_qat.txt',
  'ssd_retrain_resnet18_kitti_qat.txt',
];

describe('getField', () => {
  it('returns the first occurrence when a field repeats', () => {
    expect(
      getField(loadSpec('ssd_train_resnet18_kitti.txt'), 'dataset_config.target_class_mapping.key'),
    ).toBe('car');
  });

  it('returns undefined when the field, its parent or a valid path is missing', () => {
    const doc = loadSpec('ssd_train_resnet18_kitti.txt');
    expect(getField(doc, 'training_config.checkpoint_interval')).toBeUndefined();
    expect(getField(doc, 'nowhere.num_epochs')).toBeUndefined();
    expect(getField(doc, 'training_config')).toBeUndefined();
    expect(getField(doc, 'training_config..num_epochs')).toBeUndefined();
  });
});

describe('getAll', () => {
  it('collects every value when the path crosses a repeated message', () => {
    const doc = loadSpec('ssd_train_resnet18_kitti.txt');
    expect(getAll(doc, 'dataset_config.target_class_mapping.key')).toEqual([
      'car',
      'pedestrian',
      'cyclist',
      'van',
      'person_sitting',
    ]);
    expect(getAll(doc, 'dataset_config.target_class_mapping.value')).toEqual([
      'car',
      'pedestrian',
      'cyclist',
      'car',
      'pedestrian',
    ]);
  });

  it('returns an empty list when nothing is at the path', () => {
    expect(getAll(loadSpec('ssd_train_resnet18_kitti.txt'), 'dataset_config.nothing')).toEqual([]);
  });
});

describe('hasMessage', () => {
  it('is true only when a message exists at the path', () => {
    const doc = loadSpec('ssd_tfrecords_kitti_train.txt');
    expect(hasMessage(doc, 'kitti_config')).toBe(true);
    expect(hasMessage(doc, 'target_class_mapping')).toBe(true);
    expect(hasMessage(doc, 'training_config')).toBe(false);
    expect(hasMessage(doc, 'image_directory_path')).toBe(false);
    expect(hasMessage(doc, '')).toBe(false);
  });
});

describe('listClasses', () => {
  it.each(KITTI_SPECS)('gives car, cyclist and pedestrian when reading %s', (name) => {
    expect(listClasses(loadSpec(name))).toEqual(['car', 'cyclist', 'pedestrian']);
  });

  it('is empty when the spec has no dataset_config', () => {
    expect(listClasses(loadSpec('ssd_tfrecords_kitti_train.txt'))).toEqual([]);
  });

  it('keeps the last value when a map key is given twice', () => {
    const doc = parsed(
      'dataset_config {\n target_class_mapping { key: "van" value: "car" }\n' +
        ' target_class_mapping { key: "truck" value: "truck" }\n' +
        ' target_class_mapping { key: "van" value: "Van" }\n}',
    );
    expect(listClasses(doc)).toEqual(['Van', 'truck']);
  });
});

describe('diffSpecs', () => {
  it('lists the differing fields when comparing the train and retrain specs', () => {
    const changes = diffSpecs(
      loadSpec('ssd_train_resnet18_kitti.txt'),
      loadSpec('ssd_retrain_resnet18_kitti.txt'),
    );
    expect(changes).toEqual([
      { path: 'ssd_config.freeze_blocks', from: 0 },
      { path: 'training_config.batch_size_per_gpu', from: 16, to: 32 },
      { path: 'training_config.learning_rate.soft_start_annealing_schedule.soft_start', from: 0.15, to: 0.1 },
      { path: 'training_config.learning_rate.soft_start_annealing_schedule.annealing', from: 0.8, to: 0.6 },
      { path: 'training_config.regularizer.type', from: 'L1', to: 'NO_REG' },
      { path: 'training_config.regularizer.weight', from: 3e-5, to: 3e-9 },
      { path: 'eval_config.batch_size', from: 16, to: 32 },
    ]);
  });

  it('reports additions, changes and removals when fields were edited', () => {
    const before = loadSpec('ssd_train_resnet18_kitti.txt');
    const after = edited(
      removeField(
        edited(
          setFields(before, [
            ['training_config.num_epochs', 100],
            ['training_config.checkpoint_interval', 10],
          ]),
        ),
        'ssd_config.freeze_bn',
      ),
    );
    expect(diffSpecs(before, after)).toEqual([
      { path: 'ssd_config.freeze_bn', from: false },
      { path: 'training_config.num_epochs', from: 80, to: 100 },
      { path: 'training_config.checkpoint_interval', to: 10 },
    ]);
  });

  it('indexes repeated entries and sees a kind change even when the text of the value is alike', () => {
    const before = parsed('m { v: "a" }\nm { v: "b" }\ne: "L1"');
    const after = parsed('m { v: "a" }\nm { v: "c" }\ne: L1');
    expect(diffSpecs(before, after)).toEqual([
      { path: 'm[1].v', from: 'b', to: 'c' },
      { path: 'e', from: 'L1', to: 'L1' },
    ]);
  });

  it('is empty when a spec is compared with itself', () => {
    const doc = loadSpec('ssd_train_resnet18_kitti_qat.txt');
    expect(diffSpecs(doc, doc)).toEqual([]);
  });
});
