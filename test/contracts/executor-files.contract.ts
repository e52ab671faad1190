import { join } from 'node:path/posix';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-kit.js';

export function filesContract(context: () => ContractContext): void {
  describe('read', () => {
    it('returns null when the file does not exist', async () => {
      const c = context();
      expect(await c.executor.read(join(c.workdir, 'missing.log'), 0, 100)).toBeNull();
    });

    it('returns the bytes from the offset, at most maxBytes, and the whole size when the file is longer', async () => {
      const c = context();
      const path = join(c.workdir, 'data.txt');
      await c.executor.write(path, 'héllo world\n');
      const all = await c.executor.read(path, 0, 1000);
      expect(all?.data.toString('utf8')).toBe('héllo world\n');
      expect(all?.size).toBe(13);
      const part = await c.executor.read(path, 3, 5);
      expect(part?.data).toEqual(Buffer.from('héllo world\n').subarray(3, 8));
      expect(part?.size).toBe(13);
    });

    it('returns no bytes and the size when the offset is at or past the end', async () => {
      const c = context();
      const path = join(c.workdir, 'short.txt');
      await c.executor.write(path, 'abc');
      for (const offset of [3, 50]) {
        const chunk = await c.executor.read(path, offset, 10);
        expect(chunk?.data.length).toBe(0);
        expect(chunk?.size).toBe(3);
      }
    });
  });

  describe('write', () => {
    it('creates the folders and replaces the content when the file exists', async () => {
      const c = context();
      const path = join(c.workdir, 'specs', 'nested', 'train.txt');
      await c.executor.write(path, 'first version\n');
      await c.executor.write(path, Buffer.from([0x00, 0xff, 0x0a]));
      expect((await c.executor.read(path, 0, 100))?.data).toEqual(Buffer.from([0x00, 0xff, 0x0a]));
      expect(await c.executor.list(join(c.workdir, 'specs', 'nested'))).toEqual([
        { name: 'train.txt', size: 3 },
      ]);
    });
  });

  describe('list', () => {
    it('gives the files with their sizes by name and leaves folders out when the folder has both', async () => {
      const c = context();
      const dir = join(c.workdir, 'weights');
      await c.executor.write(join(dir, 'ssd_resnet18_epoch_010.hdf5'), Buffer.alloc(1500, 1));
      await c.executor.write(join(dir, 'ssd_resnet18_epoch_002.hdf5'), 'abc');
      await c.executor.write(join(dir, 'empty.txt'), '');
      await c.executor.write(join(dir, 'sub', 'inner.txt'), 'x');
      expect(await c.executor.list(dir)).toEqual([
        { name: 'empty.txt', size: 0 },
        { name: 'ssd_resnet18_epoch_002.hdf5', size: 3 },
        { name: 'ssd_resnet18_epoch_010.hdf5', size: 1500 },
      ]);
    });

    it('returns an empty list when the folder does not exist', async () => {
      const c = context();
      expect(await c.executor.list(join(c.workdir, 'no-such-folder'))).toEqual([]);
    });
  });

  describe('remove', () => {
    it('removes the files and accepts missing ones when some are already gone', async () => {
      const c = context();
      const dir = join(c.workdir, 'checkpoints');
      await c.executor.write(join(dir, 'a.hdf5'), 'a');
      await c.executor.write(join(dir, 'b.hdf5'), 'b');
      await c.executor.write(join(dir, 'keep.hdf5'), 'k');
      await c.executor.remove([join(dir, 'a.hdf5'), join(dir, 'b.hdf5'), join(dir, 'never-there.hdf5')]);
      expect(await c.executor.list(dir)).toEqual([{ name: 'keep.hdf5', size: 1 }]);
    });
  });

  describe('exec', () => {
    it('returns the exit code, stdout and stderr when the command fails', async () => {
      const c = context();
      const argv = c.fake('fake-print.mjs', '--out', 'GPU 0: NVIDIA A100', '--err', 'warning', '--code', '4');
      expect(await c.executor.exec(argv)).toEqual({
        exitCode: 4,
        stdout: 'GPU 0: NVIDIA A100\n',
        stderr: 'warning\n',
      });
    });

    it('passes arguments verbatim when they hold shell characters', async () => {
      const c = context();
      const out = join(c.workdir, 'exec-argv.json');
      const args = ['$HOME', 'a b', '`id`', 'x;y', 'l1\nl2', ''];
      expect((await c.executor.exec(c.fake('fake-argv.mjs', out, ...args))).exitCode).toBe(0);
      expect(JSON.parse((await c.readText(out)) ?? 'null')).toEqual(args);
    });

    it('returns 127 when the program does not exist', async () => {
      const c = context();
      const result = await c.executor.exec(['taobot-no-such-program-4711', '--version']);
      expect(result.exitCode).toBe(127);
    });
  });
}
