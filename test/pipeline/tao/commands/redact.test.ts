import { describe, expect, it } from 'vitest';
import {
  buildExport,
  buildTaoConverter,
  buildTrain,
  deviceToolFor,
  formatArgv,
  quoteArg,
  redactArgv,
} from '../../../../src/pipeline/tao/commands/index.js';
import { argvOf, TAO4, TAO5 } from './expect-result.js';

const SECRET = "s3cr3t key;$(whoami)'";

describe('redactArgv', () => {
  it('replaces the value after -k and --key when the argv carries a key', () => {
    const argv = ['tao', 'ssd', 'train', '-k', 'abc', '-m', 'm.tlt', '--key', 'def', '--key=ghi'];
    expect(redactArgv(argv)).toEqual([
      'tao',
      'ssd',
      'train',
      '-k',
      '***',
      '-m',
      'm.tlt',
      '--key',
      '***',
      '--key=***',
    ]);
    expect(argv[4]).toBe('abc');
  });

  it('leaves an argv without a key unchanged when there is nothing to hide', () => {
    const argv = ['trtexec', '--loadEngine=m.engine'];
    expect(redactArgv(argv)).toEqual(argv);
    expect(redactArgv(['tao', '-k'])).toEqual(['tao', '-k']);
  });

  it('hides the key of every builder that takes one', () => {
    const built = [
      buildTrain(TAO4, { network: 'ssd', gpus: 1, spec: 's.txt', resultsDir: 'r', key: SECRET }),
      buildExport(TAO4, { network: 'ssd', model: 'm.tlt', output: 'm.etlt', spec: 's.txt', key: SECRET }),
      buildTaoConverter(
        { version: 4, launcher: ['tao-converter'] },
        {
          network: 'ssd',
          key: SECRET,
          model: 'm.etlt',
          engineFile: 'm.engine',
          channels: 3,
          height: 300,
          width: 300,
          precision: 'fp16',
          maxBatch: 1,
        },
      ),
    ];
    for (const result of built) {
      const argv = argvOf(result);
      expect(argv).toContain(SECRET);
      expect(redactArgv(argv)).not.toContain(SECRET);
      expect(formatArgv(argv)).not.toContain('s3cr3t');
    }
  });
});

describe('formatArgv', () => {
  it('renders a plain argv without quotes when no value needs them', () => {
    const argv = argvOf(
      buildTrain(TAO5, { network: 'ssd', gpus: 1, gpuIndexes: [0], spec: '/s/t.txt', resultsDir: '/r' }),
    );
    expect(formatArgv(argv)).toBe('tao model ssd train --gpus 1 --gpu_index 0 -e /s/t.txt -r /r');
  });

  it('single-quotes values with spaces or shell characters and redacts the key when previewing', () => {
    const argv = [
      'tao',
      'model',
      'ssd',
      'train',
      '-e',
      'my specs/t.txt',
      '-r',
      "it's",
      '-k',
      SECRET,
      '-m',
      '',
    ];
    expect(formatArgv(argv)).toBe(`tao model ssd train -e 'my specs/t.txt' -r 'it'\\''s' -k '***' -m ''`);
  });
});

describe('quoteArg', () => {
  it.each([
    ['--onnx=/x/m.onnx', '--onnx=/x/m.onnx'],
    ['3,300,300', '3,300,300'],
    ['a b', "'a b'"],
    ['$HOME', "'$HOME'"],
    ["'", "''\\'''"],
    ['', "''"],
  ])('renders %j as %s', (arg, shown) => {
    expect(quoteArg(arg)).toBe(shown);
  });
});

describe('deviceToolFor', () => {
  it('picks trtexec for TAO 5 and tao-converter for TAO 3/4', () => {
    expect(deviceToolFor(5)).toBe('trtexec');
    expect(deviceToolFor(4)).toBe('tao-converter');
    expect(deviceToolFor(3)).toBe('tao-converter');
  });
});
