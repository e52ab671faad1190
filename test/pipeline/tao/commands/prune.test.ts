import { describe, expect, it } from 'vitest';
import {
  buildPrune,
  PRUNE_DEFAULTS,
  type PruneOptions,
} from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, EXPERIMENT, errorOf, TAO3, TAO4, TAO5 } from './expect-result.js';

const model = `${EXPERIMENT}/experiment_dir_unpruned/weights/ssd_resnet18_epoch_080.hdf5`;
const output = `${EXPERIMENT}/experiment_dir_pruned/ssd_resnet18_pruned.hdf5`;
const base: PruneOptions = { network: 'ssd', model, output };

describe('buildPrune', () => {
  it("reproduces the TAO 5 notebook command with TAO's other defaults made explicit", () => {
    const argv = argvOf(
      buildPrune(TAO5, { ...base, gpuIndex: 0, equalization: 'intersection', threshold: 0.1 }),
    );
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao', 'model', 'ssd', 'prune', '--gpu_index', '0',
      '-m', '/workspace/tao-experiments/ssd/experiment_dir_unpruned/weights/ssd_resnet18_epoch_080.hdf5',
      '-o', '/workspace/tao-experiments/ssd/experiment_dir_pruned/ssd_resnet18_pruned.hdf5',
      '-n', 'max', '-eq', 'intersection', '-pg', '8', '-pth', '0.1', '-nf', '16',
    ]);
  });

  it("emits TAO's defaults when no pruning option is chosen", () => {
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argvOf(buildPrune(TAO5, base))).toEqual([
      'tao', 'model', 'ssd', 'prune', '-m', model, '-o', output,
      '-n', 'max', '-eq', 'union', '-pg', '8', '-pth', '0.1', '-nf', '16',
    ]);
  });

  it('keeps the defaults when an option is present but undefined', () => {
    const argv = argvOf(buildPrune(TAO5, { ...base, threshold: undefined, normalizer: undefined }));
    expect(argv.slice(-10)).toEqual(['-n', 'max', '-eq', 'union', '-pg', '8', '-pth', '0.1', '-nf', '16']);
  });

  it('emits every chosen option in contract order when all are given on TAO 5', () => {
    const argv = argvOf(
      buildPrune(TAO5, {
        ...base,
        gpuIndex: 1,
        resultsDir: '/results/prune',
        key: 'nvidia_tlt',
        normalizer: 'L2',
        equalization: 'geometric_mean',
        granularity: 16,
        threshold: 0.35,
        minFilters: 8,
        excludedLayers: ['ssd_conf_0', 'block_1a_conv_1'],
      }),
    );
    // biome-ignore format: argv laid out like the command line it stands for
    expect(argv).toEqual([
      'tao', 'model', 'ssd', 'prune', '--gpu_index', '1', '-m', model, '-o', output,
      '--results_dir', '/results/prune', '-k', 'nvidia_tlt',
      '-n', 'L2', '-eq', 'geometric_mean', '-pg', '16', '-pth', '0.35', '-nf', '8',
      '-el', 'ssd_conf_0', 'block_1a_conv_1',
    ]);
  });

  it('reproduces the TAO 3/4 command with a .tlt output and the key when the version is 3 or 4', () => {
    const options = {
      ...base,
      model: 'model.tlt',
      output: 'pruned.tlt',
      key: 'KEY',
      equalization: 'intersection',
    };
    // biome-ignore format: argv laid out like the command line it stands for
    const expected = [
      'tao', 'ssd', 'prune', '-m', 'model.tlt', '-o', 'pruned.tlt', '-k', 'KEY',
      '-n', 'max', '-eq', 'intersection', '-pg', '8', '-pth', '0.1', '-nf', '16',
    ];
    expect(argvOf(buildPrune(TAO4, options))).toEqual(expected);
    expect(argvOf(buildPrune(TAO3, options))).toEqual(expected);
  });

  it('exports the TAO defaults as a frozen constant when imported', () => {
    expect(PRUNE_DEFAULTS).toEqual({
      normalizer: 'max',
      equalization: 'union',
      granularity: 8,
      threshold: 0.1,
      minFilters: 16,
      excludedLayers: [],
    });
    expect(Object.isFrozen(PRUNE_DEFAULTS)).toBe(true);
  });

  it('accepts the bounds of pth when it is 1 or just above 0', () => {
    expect(argvOf(buildPrune(TAO5, { ...base, threshold: 1 }))).toContain('1');
    expect(argvOf(buildPrune(TAO5, { ...base, threshold: 0.001 }))).toContain('0.001');
  });

  it('names the exact pth error when the threshold is above 1', () => {
    expect(errorOf(buildPrune(TAO5, { ...base, threshold: 1.5 }))).toEqual({
      field: 'threshold',
      message: "pth must be a number between 0 and 1 (got 1.5); TAO's default is 0.1",
    });
  });

  it.each<[string, Partial<PruneOptions>, string, RegExp]>([
    ['a pth of 0', { threshold: 0 }, 'threshold', /pth must be a number between 0 and 1 \(got 0\)/],
    ['a negative pth', { threshold: -0.1 }, 'threshold', /got -0\.1/],
    ['a NaN pth', { threshold: Number.NaN }, 'threshold', /got NaN/],
    ['an infinite pth', { threshold: Number.POSITIVE_INFINITY }, 'threshold', /got Infinity/],
    ['a lowercase l2', { normalizer: 'l2' }, 'normalizer', /one of max, L2 \(got "l2"\); did you mean L2\?/],
    ['an unknown normalizer', { normalizer: 'mean' }, 'normalizer', /\(got "mean"\); TAO's default is max/],
    [
      'an unknown equalization',
      { equalization: 'avg' },
      'equalization',
      /union, intersection, arithmetic_mean/,
    ],
    ['a granularity of 0', { granularity: 0 }, 'granularity', /at least 1 \(got 0\); TAO's default is 8/],
    ['a fractional granularity', { granularity: 2.5 }, 'granularity', /got 2\.5/],
    ['min filters of 0', { minFilters: 0 }, 'minFilters', /at least 1 \(got 0\); TAO's default is 16/],
    ['a layer with a space', { excludedLayers: ['ssd conf'] }, 'excludedLayers', /layer names.*"ssd conf"/],
    ['a layer that looks like a flag', { excludedLayers: ['-o'] }, 'excludedLayers', /"-o"/],
    ['an output without .hdf5', { output: '/p/pruned.tlt' }, 'output', /ending in \.hdf5.*crashes/],
    ['an output named only .hdf5', { output: '/p/.hdf5' }, 'output', /ending in \.hdf5/],
    ['an output equal to the model', { output: model }, 'output', /output must differ from model/],
    ['a model starting with -', { model: '-m.hdf5' }, 'model', /must not start with "-"/],
    ['a GPU index of 1.5', { gpuIndex: 1.5 }, 'gpuIndex', /gpuIndex must be a whole number/],
  ])('rejects %s on TAO 5', (_name, override, field, message) => {
    const error = errorOf(buildPrune(TAO5, { ...base, ...override }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('rejects a TAO 5 .hdf5 output when the version is 4', () => {
    const error = errorOf(buildPrune(TAO4, { ...base, key: 'KEY' }));
    expect(error.field).toBe('output');
    expect(error.message).toMatch(/must be a file name ending in \.tlt/);
  });

  it('rejects a results dir and a missing key when the version is 4', () => {
    const options = { ...base, model: 'm.tlt', output: 'p.tlt' };
    expect(errorOf(buildPrune(TAO4, { ...options, key: 'KEY', resultsDir: '/r' })).field).toBe('resultsDir');
    expect(errorOf(buildPrune(TAO4, options)).field).toBe('key');
  });
});
