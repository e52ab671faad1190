import { describe, expect, it } from 'vitest';
import {
  createTrainingCsvParser,
  parseTrainingCsv,
  trainingCsvFileName,
} from '../../../src/pipeline/parsers/training-csv.js';
import { KITTI_CSV, RESUMED_CSV } from './samples.js';

describe('parseTrainingCsv', () => {
  it('reads the header and its AP classes when the file starts', () => {
    const { events } = parseTrainingCsv(KITTI_CSV);
    expect(events[0]).toEqual({
      kind: 'header',
      columns: ['epoch', 'AP_car', 'AP_cyclist', 'AP_pedestrian', 'loss', 'lr', 'mAP', 'validation_loss'],
      classes: ['car', 'cyclist', 'pedestrian'],
      restarted: false,
    });
  });

  it('turns nan into null and leaves nan classes out when an epoch has no validation', () => {
    const { events } = parseTrainingCsv(KITTI_CSV);
    expect(events[1]).toEqual({
      kind: 'epoch',
      epoch: 9,
      loss: 10.1186161041,
      lr: 0.0199999995,
      map: null,
      validationLoss: null,
      ap: {},
    });
  });

  it('reads every metric when an epoch was validated', () => {
    const { events, skipped, lines } = parseTrainingCsv(KITTI_CSV);
    expect(events[2]).toEqual({
      kind: 'epoch',
      epoch: 10,
      loss: 9.8230314255,
      lr: 0.0199999995,
      map: 0.5655300000000001,
      validationLoss: 8.6221351624,
      ap: { car: 0.70128, cyclist: 0.51224, pedestrian: 0.48307 },
    });
    expect({ skipped, lines }).toEqual({ skipped: 0, lines: 3 });
  });

  it('finds columns by name when they come in another order with extra columns', () => {
    const text = 'epoch,validation_loss,mAP,lr,loss,AP_person,batch_time\n4,2.5,0.31,0.001,3.25,0.31,12\n';
    const { events, skipped } = parseTrainingCsv(text);
    expect(events[1]).toEqual({
      kind: 'epoch',
      epoch: 4,
      loss: 3.25,
      lr: 0.001,
      map: 0.31,
      validationLoss: 2.5,
      ap: { person: 0.31 },
    });
    expect(skipped).toBe(0);
  });

  it('reports null metrics when the header lacks their columns', () => {
    const { events } = parseTrainingCsv('epoch,loss,lr\n1,5.5,0.01\n');
    expect(events[1]).toMatchObject({
      epoch: 1,
      loss: 5.5,
      lr: 0.01,
      map: null,
      validationLoss: null,
      ap: {},
    });
  });

  it('emits a restarted header when a resumed run recreates the file', () => {
    const { events } = parseTrainingCsv(RESUMED_CSV);
    expect(events.map((e) => (e.kind === 'header' ? `header:${e.restarted}` : `epoch:${e.epoch}`))).toEqual([
      'header:false',
      'epoch:1',
      'epoch:2',
      'header:true',
      'epoch:3',
    ]);
  });

  it('counts rows as skipped when they come before a header, have the wrong width or hold garbage', () => {
    const text = [
      '1,2,3',
      'epoch,loss,lr,mAP',
      '2,3.5,0.1',
      '3,abc,0.1,nan',
      'x,1,1,1',
      '4,1.5,0.1,nan',
      '',
    ].join('\n');
    const { events, skipped, lines } = parseTrainingCsv(text);
    expect(events.map((e) => e.kind)).toEqual(['header', 'epoch']);
    expect(skipped).toBe(4);
    expect(lines).toBe(6);
  });

  it('holds a row back until its line ends when the file is still being written', () => {
    const parser = createTrainingCsvParser();
    expect(parser.push('epoch,loss\n1,2.')).toHaveLength(1);
    expect(parser.push('5\n')).toEqual([
      { kind: 'epoch', epoch: 1, loss: 2.5, lr: null, map: null, validationLoss: null, ap: {} },
    ]);
  });
});

describe('trainingCsvFileName', () => {
  it('appends the layer count when the backbone is resnet, darknet or vgg', () => {
    expect(trainingCsvFileName('ssd', 'resnet', 18)).toBe('ssd_training_log_resnet18.csv');
    expect(trainingCsvFileName('dssd', 'vgg', 16)).toBe('dssd_training_log_vgg16.csv');
    expect(trainingCsvFileName('retinanet', 'darknet', 53)).toBe('retinanet_training_log_darknet53.csv');
  });

  it('keeps the plain arch name when the backbone is not numbered', () => {
    expect(trainingCsvFileName('ssd', 'mobilenet_v2', 18)).toBe('ssd_training_log_mobilenet_v2.csv');
    expect(trainingCsvFileName('yolo_v4_tiny', 'cspdarknet_tiny')).toBe(
      'yolov4_training_log_cspdarknet_tiny.csv',
    );
  });

  it('uses the yolov3/yolov4 prefixes when the network is a YOLO', () => {
    expect(trainingCsvFileName('yolo_v4', 'resnet', 18)).toBe('yolov4_training_log_resnet18.csv');
    expect(trainingCsvFileName('yolo_v4', 'cspdarknet', 53)).toBe('yolov4_training_log_cspdarknet53.csv');
    expect(trainingCsvFileName('yolo_v3', 'cspdarknet', 53)).toBe('yolov3_training_log_cspdarknet.csv');
  });

  it('returns null when the network writes no Keras CSV', () => {
    expect(trainingCsvFileName('detectnet_v2', 'resnet', 18)).toBeNull();
  });
});
