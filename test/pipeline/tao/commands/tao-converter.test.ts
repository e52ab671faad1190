import { describe, expect, it } from 'vitest';
import {
  buildTaoConverter,
  outputNodeFor,
  type TaoConverterOptions,
  type TaoTarget,
} from '../../../../src/pipeline/tao/commands/index.js';
import { NETWORKS } from '../../../../src/pipeline/tao/types.js';
import { argvOf, errorOf } from './expect-result.js';

const DEVICE: TaoTarget = { version: 4, launcher: ['tao-converter'] };
const base: TaoConverterOptions = {
  network: 'dssd',
  key: 'KEY',
  model: '/model/dssd_resnet18_epoch_3400.etlt',
  engineFile: '/model/dssd_resnet18_epoch_3400_fp32.engine',
  channels: 3,
  height: 512,
  width: 512,
  precision: 'fp32',
  maxBatch: 1,
};

describe('buildTaoConverter', () => {
  it('reproduces the published DSSD command with the NMS output node', () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildTaoConverter(DEVICE, base))).toEqual([
      'tao-converter', '-k', 'KEY', '-d', '3,512,512', '-o', 'NMS', '-t', 'fp32', '-m', '1',
      '-e', '/model/dssd_resnet18_epoch_3400_fp32.engine', '/model/dssd_resnet18_epoch_3400.etlt',
    ]);
  });

  it('reproduces the documented YOLOv4 command with BatchedNMS and a workspace', () => {
    const options = {
      ...base,
      network: 'yolo_v4',
      model: 'yolov4_resnet18_epoch_065.etlt',
      engineFile: 'trt.fp32.engine',
      height: 384,
      width: 1248,
      workspace: 100000000,
    };
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildTaoConverter({ version: 3, launcher: ['./tao-converter'] }, options))).toEqual([
      './tao-converter', '-k', 'KEY', '-d', '3,384,1248', '-o', 'BatchedNMS', '-t', 'fp32', '-m', '1',
      '-e', 'trt.fp32.engine', '-w', '100000000', 'yolov4_resnet18_epoch_065.etlt',
    ]);
  });

  it('passes the calibration cache when building INT8', () => {
    const argv = argvOf(
      buildTaoConverter(DEVICE, {
        ...base,
        network: 'ssd',
        precision: 'int8',
        calCacheFile: 'cal.bin',
        maxBatch: 16,
      }),
    );
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao-converter', '-k', 'KEY', '-d', '3,512,512', '-o', 'NMS', '-t', 'int8', '-m', '16',
      '-e', '/model/dssd_resnet18_epoch_3400_fp32.engine', '-c', 'cal.bin', '/model/dssd_resnet18_epoch_3400.etlt',
    ]);
  });

  it('names NMS for SSD/DSSD and BatchedNMS for every other network', () => {
    const nodes = Object.fromEntries(NETWORKS.map((network) => [network, outputNodeFor(network)]));
    expect(nodes).toEqual({
      ssd: 'NMS',
      dssd: 'NMS',
      retinanet: 'BatchedNMS',
      yolo_v3: 'BatchedNMS',
      yolo_v4: 'BatchedNMS',
      yolo_v4_tiny: 'BatchedNMS',
    });
  });

  it('points to trtexec when the version is 5', () => {
    const error = errorOf(buildTaoConverter({ version: 5, launcher: ['tao-converter'] }, base));
    expect(error.field).toBe('version');
    expect(error.message).toMatch(/build the engine with trtexec/);
  });

  it.each<[string, Partial<TaoConverterOptions>, string, RegExp]>([
    ['an unknown network', { network: 'peoplenet' }, 'network', /network must be one of/],
    ['an empty key', { key: '' }, 'key', /must not be empty/],
    ['an .onnx model', { model: 'm.onnx' }, 'model', /ending in \.etlt/],
    ['an engine equal to the model', { engineFile: base.model }, 'engineFile', /must differ from model/],
    ['zero height', { height: 0 }, 'height', /height must be a whole number of at least 1/],
    ['a fractional width', { width: 300.5 }, 'width', /got 300\.5/],
    ['an unknown precision', { precision: 'FP32' }, 'precision', /did you mean fp32\?/],
    ['a max batch of 0', { maxBatch: 0 }, 'maxBatch', /at least 1/],
    ['int8 without a cache', { precision: 'int8' }, 'calCacheFile', /int8 needs calCacheFile/],
    ['a cache on fp16', { precision: 'fp16', calCacheFile: 'c.bin' }, 'calCacheFile', /int8 only/],
    ['a zero workspace', { workspace: 0 }, 'workspace', /in bytes/],
  ])('rejects %s', (_name, override, field, message) => {
    const error = errorOf(buildTaoConverter(DEVICE, { ...base, ...override }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
