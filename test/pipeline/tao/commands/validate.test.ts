import { describe, expect, it } from 'vitest';
import { buildEvaluate, buildTrain, type TaoTarget } from '../../../../src/pipeline/tao/commands/index.js';
import {
  checkEnum,
  checkExtension,
  checkKey,
  checkPath,
  checkTarget,
  firstProblem,
} from '../../../../src/pipeline/tao/commands/validate.js';
import { errorOf } from './expect-result.js';

const train = { network: 'ssd', gpus: 1, spec: 's.txt', resultsDir: 'r' };

describe('checkTarget', () => {
  it.each<[string, TaoTarget, string, RegExp]>([
    [
      'version 6',
      { version: 6 as never, launcher: ['tao'] },
      'version',
      /TAO version must be 3, 4 or 5 \(got 6\)/,
    ],
    ['an empty launcher', { version: 5, launcher: [] }, 'launcher', /launcher must name the command to run/],
    ['an empty launcher element', { version: 5, launcher: ['node', ''] }, 'launcher', /got ""/],
    ['a launcher with a newline', { version: 5, launcher: ['tao\nrm'] }, 'launcher', /on one line/],
  ])('rejects %s before any option', (_name, target, field, message) => {
    const error = errorOf(buildTrain(target, { ...train, gpus: 0 }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('accepts each supported version when the launcher is a plain argv', () => {
    for (const version of [3, 4, 5] as const) expect(checkTarget({ version, launcher: ['tao'] })).toBeNull();
  });
});

describe('checkPath', () => {
  it.each([
    ['', /spec is required: give a path/],
    ['a\rb', /newline or NUL/],
    ['a\0b', /newline or NUL/],
    ['..', /"\.\." segment/],
    ['specs/../../etc/passwd', /"\.\." segment/],
    ['specs\\..\\x', /"\.\." segment/],
    ['-rf', /must not start with "-".*read it as a flag/],
  ])('rejects %j', (value, message) => {
    expect(checkPath('spec', value)?.message).toMatch(message);
  });

  it('accepts names with dots that are not a ".." segment', () => {
    for (const value of ['a..b/c.txt', './spec.txt', '/data/.hidden/x', 'my spec.txt']) {
      expect(checkPath('spec', value)).toBeNull();
    }
  });
});

describe('checkKey', () => {
  it('requires a key on TAO 3/4 but not on TAO 5', () => {
    expect(checkKey(3, undefined)?.field).toBe('key');
    expect(checkKey(4, undefined)?.field).toBe('key');
    expect(checkKey(5, undefined)).toBeNull();
  });

  it('rejects a key that would not survive as one argparse value', () => {
    expect(checkKey(5, '')?.message).toMatch(/must not be empty/);
    expect(checkKey(5, 'a\nb')?.message).toMatch(/newline or NUL/);
    expect(checkKey(4, '--help')?.message).toMatch(/must not start with "-"/);
    expect(checkKey(4, 'nvidia_tlt')).toBeNull();
  });
});

describe('checkEnum', () => {
  it('suggests the right case when only the case differs', () => {
    expect(checkEnum('normalizer', 'L2', ['max', 'L2'])).toBeNull();
    expect(checkEnum('normalizer', 'MAX', ['max', 'L2'])?.message).toBe(
      'normalizer must be one of max, L2 (got "MAX"); did you mean max?',
    );
    expect(checkEnum('precision', undefined, ['fp32'])?.message).toBe(
      'precision must be one of fp32 (got undefined)',
    );
  });
});

describe('checkExtension', () => {
  it('checks the file name, not a folder name, when the folder has a dot', () => {
    expect(checkExtension('output', '/x.hdf5/pruned', '.hdf5', 'why')?.field).toBe('output');
    expect(checkExtension('output', '/x/pruned.hdf5', '.hdf5', 'why')).toBeNull();
  });
});

describe('firstProblem', () => {
  it('stops at the first problem when later checks would also fail', () => {
    let later = 0;
    const found = firstProblem([
      () => ({ field: 'a', message: 'first' }),
      () => {
        later += 1;
        return { field: 'b', message: 'second' };
      },
    ]);
    expect(found?.field).toBe('a');
    expect(later).toBe(0);
  });

  it('reports the network before the paths when several options are wrong', () => {
    expect(
      errorOf(buildEvaluate({ version: 5, launcher: ['tao'] }, { network: 'x', spec: '', model: '' })).field,
    ).toBe('network');
  });
});
