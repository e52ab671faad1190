import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/pipeline/executors/local.js';
import { createSshExecutor } from '../../../src/pipeline/executors/ssh.js';
import type { Executor } from '../../../src/pipeline/executors/types.js';
import { copyBetween, TransferError } from '../../../src/pipeline/steps/transfer.js';
import { createTransferRunner, type TransferJob } from '../../../src/pipeline/steps/transfer-runner.js';
import { waitFor } from '../../contracts/wait-for.js';
import { sshServices } from '../../helpers/remote-services.js';

const dir = await mkdtemp(join(tmpdir(), 'taobot-transfer-'));
const controlDir = await mkdtemp('/tmp/tb-xfer-');
const services = await sshServices(controlDir);
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await rm(dir, { recursive: true, force: true });
  await rm(controlDir, { recursive: true, force: true });
});

const local = createLocalExecutor();
const job = (key: string, files: TransferJob['step']['files'], from: Executor = local): TransferJob => ({
  key,
  step: { kind: 'transfer', name: 'copy to jetson', where: 'device', from: 'server', to: 'device', files },
  from,
  to: local,
  logFile: join(dir, key, 'step-1.log'),
  exitFile: join(dir, key, 'step-1.exit'),
});
const exited = (runner: ReturnType<typeof createTransferRunner>, j: TransferJob) =>
  waitFor('the transfer to end', async () => {
    const state = await runner.status(j);
    return state.state === 'running' ? undefined : state;
  });

describe('copying a file between two executors', () => {
  it('copies chunk by chunk, creating the folder, and checks the size', async () => {
    const source = join(dir, 'model.onnx');
    const content = randomBytes(100_003);
    await writeFile(source, content);
    const target = join(dir, 'device', '.staging', 'run-1', 'model.onnx');
    expect(await copyBetween(local, local, source, target, { chunkBytes: 4096 })).toBe(100_003);
    expect((await readFile(target)).equals(content)).toBe(true);
    // A second copy replaces what is there instead of appending to it.
    expect(await copyBetween(local, local, source, target, { chunkBytes: 65_536 })).toBe(100_003);
    expect((await stat(target)).size).toBe(100_003);
  });

  it('copies an empty file and refuses a missing one', async () => {
    await writeFile(join(dir, 'empty'), '');
    expect(await copyBetween(local, local, join(dir, 'empty'), join(dir, 'out', 'empty'))).toBe(0);
    await expect(copyBetween(local, local, join(dir, 'nope'), join(dir, 'out', 'nope'))).rejects.toThrow(
      TransferError,
    );
  });
});

describe('the transfer runner', () => {
  it('records the outcome on the device and answers from it after a restart', async () => {
    const source = join(dir, 'a.bin');
    await writeFile(source, randomBytes(5000));
    const j = job('ok', [{ source, target: join(dir, 'ok', 'staging', 'a.bin') }]);
    const runner = createTransferRunner();
    await runner.start(j);
    expect(await exited(runner, j)).toEqual({ state: 'exited', exitCode: 0 });
    expect(await readFile(j.exitFile, 'utf8')).toBe('0\n');
    expect(await readFile(j.logFile, 'utf8')).toMatch(/copied .*a\.bin to .*staging\/a\.bin: 5000 bytes/);
    // A new taobot process finds the recorded outcome and copies nothing.
    await rm(join(dir, 'ok', 'staging'), { recursive: true });
    expect(await createTransferRunner().status(j)).toEqual({ state: 'exited', exitCode: 0 });
    await expect(stat(join(dir, 'ok', 'staging', 'a.bin'))).rejects.toThrow();
  });

  it('copies again when a restart cut the copy off (no outcome recorded)', async () => {
    const source = join(dir, 'b.bin');
    await writeFile(source, randomBytes(7000));
    const target = join(dir, 'again', 'staging', 'b.bin');
    // What an interrupted copy leaves: part of the file and no exit file.
    await writeFile(join(dir, 'partial'), 'x');
    await copyBetween(local, local, join(dir, 'partial'), target);
    const j = job('again', [{ source, target }]);
    const runner = createTransferRunner();
    expect(await runner.status(j)).toEqual({ state: 'running' });
    expect(await exited(runner, j)).toEqual({ state: 'exited', exitCode: 0 });
    expect((await readFile(target)).equals(await readFile(source))).toBe(true);
  });

  it('fails with the reason in the log when a source is missing', async () => {
    const j = job('missing', [{ source: join(dir, 'missing.onnx'), target: join(dir, 'missing', 'm.onnx') }]);
    const runner = createTransferRunner();
    await runner.start(j);
    expect(await exited(runner, j)).toEqual({ state: 'exited', exitCode: 1 });
    expect(await readFile(j.logFile, 'utf8')).toMatch(/missing\.onnx does not exist/);
  });
});

describe.runIf(services !== null)('copying from the GPU server to the Jetson over ssh', () => {
  it('copies a multi-chunk file between the two hosts', async () => {
    if (!services) throw new Error('unreachable: guarded by runIf');
    const gpu = createSshExecutor(services.gpu.options);
    const jetson = createSshExecutor(services.jetson.options);
    cleanup.push(
      () => gpu.close(),
      () => jetson.close(),
    );
    const serverDir = (await gpu.exec(['mktemp', '-d', '/tmp/taobot-xfer-XXXXXX'])).stdout.trim();
    const deviceDir = (await jetson.exec(['mktemp', '-d', '/tmp/taobot-xfer-XXXXXX'])).stdout.trim();
    cleanup.push(
      () => gpu.exec(['rm', '-rf', serverDir]),
      () => jetson.exec(['rm', '-rf', deviceDir]),
    );
    const content = randomBytes(300_001);
    await gpu.write(`${serverDir}/model.onnx`, content);
    const target = `${deviceDir}/.staging/run-3/model.onnx`;
    expect(await copyBetween(gpu, jetson, `${serverDir}/model.onnx`, target, { chunkBytes: 65_536 })).toBe(
      300_001,
    );
    const back = await jetson.read(target, 0, 400_000);
    expect(back?.data.equals(content)).toBe(true);
  }, 60_000);
});
