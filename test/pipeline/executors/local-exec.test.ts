import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execLocal, TIMED_OUT_EXIT_CODE } from '../../../src/pipeline/executors/local-exec.js';
import { ExecutorError } from '../../../src/shared/errors.js';
import { fixturePath, readFixture } from '../../helpers/fixtures.js';

describe('execLocal', () => {
  it('returns a real nvidia-smi output verbatim when the command prints it', async () => {
    const result = await execLocal(['cat', fixturePath('nvidia-smi', 'nvidia-smi-q.xml')]);
    expect(result).toEqual({
      exitCode: 0,
      stdout: readFixture('nvidia-smi', 'nvidia-smi-q.xml'),
      stderr: '',
    });
  });

  it('returns 124 when the command runs past timeoutMs', async () => {
    const result = await execLocal(['sleep', '10'], { timeoutMs: 100 });
    expect(result.exitCode).toBe(TIMED_OUT_EXIT_CODE);
  });

  it('returns 128+N when signal N kills the command', async () => {
    expect((await execLocal(['sh', '-c', 'kill -KILL $$'])).exitCode).toBe(137);
  });

  it('returns 126 when the program may not be executed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'taobot-exec-'));
    try {
      await writeFile(join(dir, 'not-executable'), '#!/bin/sh\n');
      await chmod(join(dir, 'not-executable'), 0o644);
      expect((await execLocal([join(dir, 'not-executable')])).exitCode).toBe(126);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects with the abort reason when the signal is aborted while the command runs', async () => {
    const controller = new AbortController();
    const running = execLocal(['sleep', '10'], { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(running).rejects.toThrow('user cancelled');
  });

  it('throws a clear error when argv is empty or timeoutMs is not positive', async () => {
    await expect(execLocal([])).rejects.toThrow(/argv is empty/);
    await expect(execLocal(['true'], { timeoutMs: 0 })).rejects.toBeInstanceOf(ExecutorError);
  });
});
