import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkArgv,
  WRAPPER_NAME,
  WRAPPER_SCRIPT,
  wrapperArgs,
} from '../../../src/pipeline/executors/wrapper.js';

describe('checkArgv', () => {
  it('accepts the argv unchanged when it names a program', () => {
    expect(checkArgv(['tao', 'model', 'ssd', 'train', '-e', 'spec file.txt', ''])).toEqual({
      ok: true,
      value: ['tao', 'model', 'ssd', 'train', '-e', 'spec file.txt', ''],
    });
  });

  it.each([
    [[], /argv is empty/],
    [[''], /argv\[0\] is empty/],
    [['--help'], /starts with "-"/],
    [['tao', 'a\0b'], /argv\[1\] contains a NUL byte/],
    [['tao', 3], /argv\[1\] is a number/],
  ])('returns an error saying what to fix when argv is %j', (argv, message) => {
    const result = checkArgv(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('wrapperArgs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'taobot-wrapper-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes the exit file and argv as positional parameters after the fixed script', () => {
    expect(wrapperArgs('/runs/1/exit', ['tao', '$x'])).toEqual([
      '-c',
      WRAPPER_SCRIPT,
      WRAPPER_NAME,
      '/runs/1/exit',
      'tao',
      '$x',
    ]);
  });

  it('writes the exit code when the exit file path holds quotes, spaces and $', async () => {
    const exitFile = join(dir, `it's "a" $HOME; run`);
    const result = await execa('/bin/sh', wrapperArgs(exitFile, ['sh', '-c', 'exit 42']), { reject: false });
    expect(result.exitCode).toBe(42);
    expect(await readFile(exitFile, 'utf8')).toBe('42\n');
  });

  it('leaves no half-written file beside the exit file when the run ends', async () => {
    const exitFile = join(dir, 'exit-code');
    await execa('/bin/sh', wrapperArgs(exitFile, ['true']));
    await expect(readFile(`${exitFile}.tmp`)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(exitFile, 'utf8')).toBe('0\n');
  });

  it('records 128+N when signal N kills the command', async () => {
    const exitFile = join(dir, 'exit-code');
    await execa('/bin/sh', wrapperArgs(exitFile, ['sh', '-c', 'kill -KILL $$']), { reject: false });
    expect(await readFile(exitFile, 'utf8')).toBe('137\n');
  });
});
