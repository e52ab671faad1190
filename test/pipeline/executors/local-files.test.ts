import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listLocalFiles,
  readLocalFile,
  removeLocalFiles,
  writeLocalFile,
} from '../../../src/pipeline/executors/local-files.js';
import { ExecutorError } from '../../../src/shared/errors.js';
import { fixturePath, readFixture } from '../../helpers/fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taobot-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readLocalFile', () => {
  it('rebuilds a real TAO console log exactly when it is read 100 bytes at a time', async () => {
    const path = fixturePath('tao', 'tlt2_ssd_resnet18_train_console_spoonbobo.txt');
    const chunks: Buffer[] = [];
    for (let offset = 0; ; ) {
      const chunk = await readLocalFile(path, offset, 100);
      if (!chunk || chunk.data.length === 0) break;
      chunks.push(chunk.data);
      offset += chunk.data.length;
    }
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      readFixture('tao', 'tlt2_ssd_resnet18_train_console_spoonbobo.txt'),
    );
    expect(chunks.length).toBeGreaterThan(1);
  });

  it.each([
    [-1, 10],
    [1.5, 10],
    [0, -1],
    [Number.NaN, 10],
  ])('throws a clear error when offset is %d and maxBytes %d', async (offset, maxBytes) => {
    await expect(readLocalFile(join(dir, 'x'), offset, maxBytes)).rejects.toThrow(/whole number of bytes/);
  });

  it('throws an ExecutorError when the path is a folder', async () => {
    await writeFile(join(dir, 'a'), 'a');
    await expect(readLocalFile(dir, 0, 10)).rejects.toBeInstanceOf(ExecutorError);
  });
});

describe('listLocalFiles', () => {
  it('follows links to files and skips dangling links when the folder has both', async () => {
    await writeFile(join(dir, 'model.hdf5'), 'weights');
    await symlink(join(dir, 'model.hdf5'), join(dir, 'latest.hdf5'));
    await symlink(join(dir, 'deleted.hdf5'), join(dir, 'dangling.hdf5'));
    expect(await listLocalFiles(dir)).toEqual([
      { name: 'latest.hdf5', size: 7 },
      { name: 'model.hdf5', size: 7 },
    ]);
  });

  it('throws an ExecutorError when the path is a file', async () => {
    await writeFile(join(dir, 'file'), '');
    await expect(listLocalFiles(join(dir, 'file'))).rejects.toThrow(/must be a readable folder/);
  });
});

describe('writeLocalFile', () => {
  it('throws an ExecutorError and leaves no temporary file when the folder cannot be created', async () => {
    await writeFile(join(dir, 'blocker'), '');
    await expect(writeLocalFile(join(dir, 'blocker', 'spec.txt'), 'x')).rejects.toBeInstanceOf(ExecutorError);
    expect(await readdir(dir)).toEqual(['blocker']);
  });

  it('writes a real TAO spec byte for byte when it is given as a string', async () => {
    const spec = readFixture('tao', 'ssd_train_resnet18_kitti.txt');
    await writeLocalFile(join(dir, 'spec.txt'), spec);
    expect((await readLocalFile(join(dir, 'spec.txt'), 0, 1 << 20))?.data.toString('utf8')).toBe(spec);
    expect(await readdir(dir)).toEqual(['spec.txt']);
  });
});

describe('removeLocalFiles', () => {
  it('refuses a folder with a clear error when one of the paths is a folder', async () => {
    await mkdir(join(dir, 'weights'));
    await expect(removeLocalFiles([join(dir, 'weights')])).rejects.toThrow(/it is a folder, not a file/);
  });
});
