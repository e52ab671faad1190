import { describe, expect, it } from 'vitest';
import {
  buildTrtexec,
  buildTrtexecBenchmark,
  type TaoTarget,
  type TrtexecBuildOptions,
} from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, errorOf } from './expect-result.js';

const JETSON: TaoTarget = { version: 5, launcher: ['/usr/src/tensorrt/bin/trtexec'] };
const SIMULATED: TaoTarget = {
  version: 5,
  launcher: ['/usr/bin/node', 'bin/taobot.js', 'tao-sim', 'trtexec'],
};
const base: TrtexecBuildOptions = {
  onnx: '/path/to/model.onnx',
  saveEngine: '/path/to/model.engine',
  precision: 'fp32',
};

describe('buildTrtexec', () => {
  it('reproduces the TAO trtexec doc sample in contract order when building INT8 with dynamic shapes', () => {
    const options = {
      ...base,
      precision: 'int8',
      calib: '/path/to/cal.bin',
      shapes: { channels: 3, height: 384, width: 1248, optBatch: 8, maxBatch: 16 },
    };
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildTrtexec(JETSON, options))).toEqual([
      '/usr/src/tensorrt/bin/trtexec', '--onnx=/path/to/model.onnx', '--saveEngine=/path/to/model.engine',
      '--fp16', '--int8', '--calib=/path/to/cal.bin',
      '--minShapes=Input:1x3x384x1248', '--optShapes=Input:8x3x384x1248', '--maxShapes=Input:16x3x384x1248',
    ]);
  });

  it('adds no precision flag when building fp32', () => {
    expect(argvOf(buildTrtexec(JETSON, base))).toEqual([
      '/usr/src/tensorrt/bin/trtexec',
      '--onnx=/path/to/model.onnx',
      '--saveEngine=/path/to/model.engine',
    ]);
  });

  it('adds only --fp16 and the benchmark options when building fp16 in the simulator', () => {
    const options = { ...base, precision: 'fp16', iterations: 100, avgRuns: 10, duration: 3 };
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildTrtexec(SIMULATED, options))).toEqual([
      '/usr/bin/node', 'bin/taobot.js', 'tao-sim', 'trtexec', '--onnx=/path/to/model.onnx',
      '--saveEngine=/path/to/model.engine', '--fp16', '--iterations=100', '--avgRuns=10', '--duration=3',
    ]);
  });

  it('honours a minimum batch when one is given', () => {
    const shapes = { channels: 3, height: 300, width: 300, minBatch: 2, optBatch: 4, maxBatch: 8 };
    expect(argvOf(buildTrtexec(JETSON, { ...base, shapes })).slice(3)).toEqual([
      '--minShapes=Input:2x3x300x300',
      '--optShapes=Input:4x3x300x300',
      '--maxShapes=Input:8x3x300x300',
    ]);
  });

  it('points to tao-converter when the version is 4', () => {
    const error = errorOf(buildTrtexec({ version: 4, launcher: ['trtexec'] }, base));
    expect(error).toEqual({
      field: 'version',
      message: 'TAO 4 exports .etlt, which trtexec cannot read; build the engine with tao-converter',
    });
  });

  const shapes = { channels: 3, height: 300, width: 300, optBatch: 8, maxBatch: 16 };
  it.each<[string, Partial<TrtexecBuildOptions>, string, RegExp]>([
    ['an .etlt model', { onnx: 'm.etlt' }, 'onnx', /ending in \.onnx/],
    ['an empty engine path', { saveEngine: '' }, 'saveEngine', /saveEngine is required/],
    ['an engine path equal to the model', { saveEngine: base.onnx }, 'saveEngine', /must differ from onnx/],
    ['an unknown precision', { precision: 'best' }, 'precision', /one of fp32, fp16, int8/],
    ['int8 without a cache', { precision: 'int8' }, 'calib', /int8 needs calib/],
    ['a cache on fp16', { precision: 'fp16', calib: 'cal.bin' }, 'calib', /applies to precision int8 only/],
    ['zero channels', { shapes: { ...shapes, channels: 0 } }, 'channels', /at least 1/],
    [
      'an opt batch below the min',
      { shapes: { ...shapes, minBatch: 4, optBatch: 2 } },
      'optBatch',
      /at least 4 \(got 2\)/,
    ],
    ['a max batch below the opt', { shapes: { ...shapes, maxBatch: 4 } }, 'maxBatch', /at least 8 \(got 4\)/],
    ['zero iterations', { iterations: 0 }, 'iterations', /at least 1/],
    ['fractional avg runs', { avgRuns: 2.5 }, 'avgRuns', /got 2\.5/],
    ['a fractional duration', { duration: 0.5 }, 'duration', /whole seconds/],
  ])('rejects %s', (_name, override, field, message) => {
    const error = errorOf(buildTrtexec(JETSON, { ...base, ...override }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});

describe('buildTrtexecBenchmark', () => {
  it('loads an existing engine when benchmarking on any TAO version', () => {
    for (const version of [3, 4, 5] as const) {
      expect(
        argvOf(buildTrtexecBenchmark({ version, launcher: ['trtexec'] }, { loadEngine: 'm.engine' })),
      ).toEqual(['trtexec', '--loadEngine=m.engine']);
    }
  });

  it('adds the benchmark options in contract order when given', () => {
    const options = { loadEngine: '/e/m.engine', duration: 10, avgRuns: 5, iterations: 50 };
    expect(argvOf(buildTrtexecBenchmark(JETSON, options))).toEqual([
      '/usr/src/tensorrt/bin/trtexec',
      '--loadEngine=/e/m.engine',
      '--iterations=50',
      '--avgRuns=5',
      '--duration=10',
    ]);
  });

  it('rejects a missing engine or a bad benchmark option', () => {
    expect(errorOf(buildTrtexecBenchmark(JETSON, { loadEngine: '' })).field).toBe('loadEngine');
    expect(errorOf(buildTrtexecBenchmark(JETSON, { loadEngine: 'e', duration: -1 })).field).toBe('duration');
  });
});
