import { describe, expect, it } from 'vitest';
import {
  buildEvaluate,
  buildExport,
  buildGenTrtEngine,
  buildInference,
  buildPrune,
  buildTaoConverter,
  buildTrain,
  buildTrtexec,
  buildTrtexecBenchmark,
  type CommandResult,
  type TaoTarget,
} from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, TAO4, TAO5 } from './expect-result.js';

/** Characters a POSIX shell gives meaning to. An argv builder must never introduce one. */
const SHELL_META = /[\s;&|<>()$`\\"'*?[\]{}!#~]/g;
const metaOf = (text: string): Set<string> => new Set(text.match(SHELL_META) ?? []);

type Options = Record<string, unknown>;
interface Case {
  readonly name: string;
  readonly build: (target: TaoTarget, options: never) => CommandResult;
  readonly target: TaoTarget;
  readonly options: Options;
  /** Fields whose values are free text from chat: paths and the key. */
  readonly free: readonly string[];
}

const TRT: TaoTarget = { version: 5, launcher: ['/usr/src/tensorrt/bin/trtexec'] };
const CONVERTER: TaoTarget = { version: 4, launcher: ['tao-converter'] };
const cal = {
  calImageDir: '/d/images',
  batches: 10,
  calCacheFile: '/d/cal.bin',
  calDataFile: '/d/cal.tensorfile',
};

const CASES: readonly Case[] = [
  {
    name: 'train TAO 5',
    build: buildTrain,
    target: TAO5,
    options: {
      network: 'ssd',
      gpus: 2,
      gpuIndexes: [0, 1],
      spec: '/s/t.txt',
      resultsDir: '/r',
      key: 'k',
      model: '/m.hdf5',
      initialEpoch: 2,
      useAmp: true,
    },
    free: ['spec', 'resultsDir', 'key', 'model'],
  },
  {
    name: 'train TAO 4',
    build: buildTrain,
    target: TAO4,
    options: { network: 'yolo_v4', gpus: 1, spec: '/s/t.txt', resultsDir: '/r', key: 'k' },
    free: ['spec', 'resultsDir', 'key'],
  },
  {
    name: 'evaluate TAO 5',
    build: buildEvaluate,
    target: TAO5,
    options: { network: 'ssd', gpuIndex: 0, spec: '/s/e.txt', model: '/m.hdf5', resultsDir: '/r', key: 'k' },
    free: ['spec', 'model', 'resultsDir', 'key'],
  },
  {
    name: 'prune TAO 5',
    build: buildPrune,
    target: TAO5,
    options: {
      network: 'ssd',
      gpuIndex: 0,
      model: '/m.hdf5',
      output: '/p/pruned.hdf5',
      resultsDir: '/r',
      key: 'k',
      excludedLayers: ['ssd_conf_0'],
    },
    free: ['model', 'output', 'resultsDir', 'key'],
  },
  {
    name: 'prune TAO 4',
    build: buildPrune,
    target: TAO4,
    options: { network: 'retinanet', model: '/m.tlt', output: '/p/pruned.tlt', key: 'k', threshold: 0.3 },
    free: ['model', 'output', 'key'],
  },
  {
    name: 'export TAO 5',
    build: buildExport,
    target: TAO5,
    options: {
      network: 'ssd',
      model: '/m.hdf5',
      output: '/x/m.onnx',
      spec: '/s.txt',
      key: 'k',
      resultsDir: '/r',
      calJsonFile: '/x/cal.json',
      qat: true,
      genDsConfig: true,
      batchSize: 16,
    },
    free: ['model', 'output', 'spec', 'key', 'resultsDir', 'calJsonFile'],
  },
  {
    name: 'export TAO 4',
    build: buildExport,
    target: TAO4,
    options: {
      network: 'ssd',
      model: '/m.tlt',
      output: '/x/m.etlt',
      spec: '/s.txt',
      key: 'k',
      dataType: 'int8',
      ...cal,
      batchSize: 8,
      engineFile: '/x/e.engine',
    },
    free: ['model', 'output', 'spec', 'key', 'calImageDir', 'calCacheFile', 'calDataFile', 'engineFile'],
  },
  {
    name: 'inference TAO 5',
    build: buildInference,
    target: TAO5,
    options: {
      network: 'ssd',
      gpuIndex: 0,
      images: '/i',
      spec: '/s.txt',
      model: '/m.hdf5',
      resultsDir: '/r',
      key: 'k',
    },
    free: ['images', 'spec', 'model', 'resultsDir', 'key'],
  },
  {
    name: 'gen_trt_engine TAO 5',
    build: buildGenTrtEngine,
    target: TAO5,
    options: {
      network: 'ssd',
      model: '/x/m.onnx',
      spec: '/s.txt',
      engineFile: '/x/m.engine',
      dataType: 'int8',
      maxBatchSize: 16,
      batchSize: 8,
      ...cal,
      resultsDir: '/r',
      key: 'k',
    },
    free: ['model', 'spec', 'engineFile', 'calImageDir', 'calCacheFile', 'calDataFile', 'resultsDir', 'key'],
  },
  {
    name: 'trtexec build',
    build: buildTrtexec,
    target: TRT,
    options: {
      onnx: '/x/m.onnx',
      saveEngine: '/x/m.engine',
      precision: 'int8',
      calib: '/x/cal.bin',
      shapes: { channels: 3, height: 300, width: 300, optBatch: 8, maxBatch: 16 },
      iterations: 10,
    },
    free: ['onnx', 'saveEngine', 'calib'],
  },
  {
    name: 'trtexec benchmark',
    build: buildTrtexecBenchmark,
    target: TRT,
    options: { loadEngine: '/x/m.engine', avgRuns: 10, duration: 3 },
    free: ['loadEngine'],
  },
  {
    name: 'tao-converter',
    build: buildTaoConverter,
    target: CONVERTER,
    options: {
      network: 'ssd',
      key: 'k',
      model: '/x/m.etlt',
      engineFile: '/x/m.engine',
      channels: 3,
      height: 300,
      width: 300,
      precision: 'int8',
      maxBatch: 4,
      calCacheFile: '/x/cal.bin',
      workspace: 1 << 30,
    },
    free: ['key', 'model', 'engineFile', 'calCacheFile'],
  },
];

/** Every string and number in the inputs, launcher included, joined raw (no JSON quoting to add characters). */
function inputText(target: TaoTarget, options: Options): string {
  const parts: string[] = [...target.launcher];
  const collect = (value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number') parts.push(String(value));
    else if (Array.isArray(value)) for (const item of value) collect(item);
    else if (value !== null && typeof value === 'object')
      for (const item of Object.values(value)) collect(item);
  };
  collect(options);
  return parts.join('\0');
}

/** The same value with a hostile name: every shell metacharacter, kept one line and without `..`. */
function hostile(value: string): string {
  const dot = value.lastIndexOf('.');
  const slash = value.lastIndexOf('/');
  const stem = dot > slash ? value.slice(0, dot) : value;
  const extension = dot > slash ? value.slice(dot) : '';
  return `${stem} a$(b);c|d&e<f>g'h"i\`j*k?l[m]{n}!o#p~q\\r${extension}`;
}

const build = (c: Case, options: Options): CommandResult =>
  (c.build as (t: TaoTarget, o: Options) => CommandResult)(c.target, options);

describe('argv builders', () => {
  it.each(CASES)('introduce no shell metacharacter when building $name from plain inputs', (c) => {
    const allowed = metaOf(inputText(c.target, c.options));
    for (const arg of argvOf(build(c, c.options))) {
      for (const meta of metaOf(arg)) expect(allowed, `${JSON.stringify(arg)} in ${c.name}`).toContain(meta);
    }
  });

  it.each(CASES)('keep each hostile value one unquoted element when building $name', (c) => {
    const plain = argvOf(build(c, c.options));
    const options = { ...c.options };
    for (const field of c.free) options[field] = hostile(options[field] as string);
    const argv = argvOf(build(c, options));
    expect(argv).toHaveLength(plain.length);
    const allowed = metaOf(inputText(c.target, options));
    for (const arg of argv) {
      for (const meta of metaOf(arg)) expect(allowed).toContain(meta);
    }
    for (const field of c.free) {
      const value = options[field] as string;
      expect(
        argv.some((arg) => arg === value || arg.endsWith(`=${value}`)),
        `${field} kept whole`,
      ).toBe(true);
    }
  });
});
