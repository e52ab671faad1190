import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/pipeline/executors/local.js';
import { parseProcStat } from '../../../src/pipeline/executors/process-group.js';
import type { Executor, ProcessHandle, StartRequest } from '../../../src/pipeline/executors/types.js';
import { ExecutorError } from '../../../src/shared/errors.js';
import { localBinDir } from '../../contracts/contract-kit.js';
import { executorContract } from '../../contracts/executor.contract.js';
import { waitFor } from '../../contracts/wait-for.js';
import { capturingLogger } from './capturing-logger.js';

const workdirs: string[] = [];
const freshWorkdir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'taobot-local-'));
  workdirs.push(dir);
  return dir;
};

afterAll(async () => {
  for (const dir of workdirs) await rm(dir, { recursive: true, force: true });
});

executorContract('local', () => createLocalExecutor(), freshWorkdir);

const fake = (script: string, ...args: string[]) => [process.execPath, join(localBinDir, script), ...args];
const onLinux = process.platform === 'linux';

describe('createLocalExecutor', () => {
  let executor: Executor;
  let dir: string;
  let started: ProcessHandle[];
  const start = async (request: StartRequest) => {
    const handle = await executor.start(request);
    started.push(handle);
    return handle;
  };
  const request = (argv: string[], extra: Partial<StartRequest> = {}): StartRequest => ({
    argv,
    cwd: dir,
    logFile: join(dir, 'run.log'),
    exitFile: join(dir, 'exit-code'),
    ...extra,
  });
  const exited = (handle: ProcessHandle) =>
    waitFor('the run to end', async () => {
      const state = await executor.status(handle);
      return state.state === 'running' ? undefined : state;
    });
  const logHas = (text: string) =>
    waitFor(`"${text}" in the log`, async () => {
      const log = await readFile(join(dir, 'run.log'), 'utf8').catch(() => '');
      return log.includes(text) ? log : undefined;
    });

  beforeEach(async () => {
    executor = createLocalExecutor();
    dir = await freshWorkdir();
    started = [];
  });
  afterEach(async () => {
    for (const handle of started) await executor.cancel(handle, { graceMs: 200 });
  });

  it.runIf(onLinux)(
    'starts the wrapper as leader of its own session and group, writing to the log file itself',
    async () => {
      const handle = await start(
        request(fake('fake-print.mjs', '--out', 'started', '--wait-for', join(dir, 'go'))),
      );
      await logHas('started');
      const stat = await readFile(`/proc/${handle.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      expect(parseProcStat(stat)?.pgrp).toBe(handle.pid);
      expect(Number(fields[3])).toBe(handle.pid); // session id: no terminal of taobot's can signal it
      expect(await readlink(`/proc/${handle.pid}/fd/1`)).toBe(join(dir, 'run.log'));
      expect(await readlink(`/proc/${handle.pid}/fd/2`)).toBe(join(dir, 'run.log'));
    },
  );

  it('returns absolute paths in the handle when the request has relative ones', async () => {
    const relativeDir = relative(process.cwd(), dir);
    const handle = await start({
      argv: fake('fake-print.mjs', '--code', '1'),
      cwd: join(relativeDir, 'cwd'),
      logFile: join(relativeDir, 'logs', 'run.log'),
      exitFile: join(relativeDir, 'status', 'exit-code'),
    });
    expect(handle.logFile).toBe(join(dir, 'logs', 'run.log'));
    expect(handle.exitFile).toBe(join(dir, 'status', 'exit-code'));
    expect(await exited(handle)).toEqual({ state: 'exited', exitCode: 1 });
  });

  it('removes an exit file left by an earlier run when it starts a new one at the same path', async () => {
    await writeFile(join(dir, 'exit-code'), '0\n');
    const handle = await start(request(fake('fake-print.mjs', '--wait-for', join(dir, 'go'), '--code', '6')));
    expect(await executor.status(handle)).toEqual({ state: 'running' });
    await writeFile(join(dir, 'go'), '');
    expect(await exited(handle)).toEqual({ state: 'exited', exitCode: 6 });
  });

  it("keeps taobot's environment under the extra variables when env is given", async () => {
    const argv = fake('fake-print.mjs', '--env', 'PATH', '--env', 'HOME');
    const handle = await start(request(argv, { env: { HOME: '/home/someone else' } }));
    await exited(handle);
    expect(await readFile(handle.logFile, 'utf8')).toBe(
      `PATH=${process.env.PATH}\nHOME=/home/someone else\n`,
    );
  });

  it('records 127 and the shell message when the program does not exist', async () => {
    const handle = await start(request(['taobot-no-such-program-4711', 'arg']));
    expect(await exited(handle)).toEqual({ state: 'exited', exitCode: 127 });
    expect(await readFile(handle.logFile, 'utf8')).toMatch(
      /taobot-run: .*taobot-no-such-program-4711: not found/,
    );
  });

  it.each([
    ['SIGTERM', 'TERM', 143],
    ['SIGINT', 'INT', 130],
    ['SIGHUP', 'HUP', 129],
  ] as const)('forwards %s to the program when only the wrapper receives it', async (signal, name, code) => {
    const argv = fake('fake-print.mjs', '--trap', name, '--out', 'started', '--wait-for', join(dir, 'never'));
    const handle = await start(request(argv));
    await logHas('started');
    process.kill(handle.pid as number, signal);
    expect(await exited(handle)).toEqual({ state: 'exited', exitCode: code });
    expect(await readFile(handle.logFile, 'utf8')).toContain(`got ${signal}`);
  });

  it('ends a stopped group with SIGTERM, without waiting for SIGKILL, when the run was stopped', async () => {
    const handle = await start(
      request(fake('fake-print.mjs', '--out', 'started', '--wait-for', join(dir, 'never'))),
    );
    await logHas('started');
    process.kill(-(handle.pid as number), 'SIGSTOP');
    await executor.cancel(handle, { graceMs: 20_000 });
    expect(await executor.status(handle)).toEqual({ state: 'exited', exitCode: 143 });
  });

  it('logs a warning when cancel has to send SIGKILL', async () => {
    const logger = capturingLogger();
    executor = createLocalExecutor({ logger });
    const handle = await start(request(fake('fake-ignore-term.mjs')));
    await logHas('ready');
    await executor.cancel(handle, { graceMs: 100 });
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: { pgid: handle.pid, graceMs: 100 } }),
    );
  });

  it('rejects with the abort reason and leaves the run alone when cancel is aborted during the grace period', async () => {
    const handle = await start(request(fake('fake-ignore-term.mjs')));
    await logHas('ready');
    const controller = new AbortController();
    const cancelling = executor.cancel(handle, { graceMs: 5_000, signal: controller.signal });
    controller.abort(new Error('shutting down'));
    await expect(cancelling).rejects.toThrow();
    expect(await executor.status(handle)).toEqual({ state: 'running' });
  });

  it('starts nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(executor.start(request(['true']), { signal: controller.signal })).rejects.toThrow('stop');
    expect(await executor.read(join(dir, 'run.log'), 0, 10)).toBeNull();
  });

  it('throws a clear error when argv is empty or its program starts with a dash', async () => {
    await expect(executor.start(request([]))).rejects.toThrow(/argv is empty/);
    await expect(executor.start(request(['-rf']))).rejects.toThrow(/must name the program/);
    await expect(executor.start(request(['a\0b']))).rejects.toBeInstanceOf(ExecutorError);
  });

  it('refuses a handle whose pid would signal more than one run when it is missing, 0, 1 or taobot itself', async () => {
    const base = {
      executor: 'local',
      exitFile: join(dir, 'none'),
      logFile: join(dir, 'log'),
      startedAt: '',
    } as const;
    for (const pid of [undefined, 0, 1, -5, 2.5, process.pid]) {
      await expect(executor.status({ ...base, pid })).rejects.toBeInstanceOf(ExecutorError);
      await expect(executor.cancel({ ...base, pid })).rejects.toBeInstanceOf(ExecutorError);
    }
  });

  it('refuses a handle of another executor when it is given one', async () => {
    const handle = {
      executor: 'ssh',
      pid: 4242,
      host: 'gpu1',
      exitFile: join(dir, 'x'),
      logFile: '',
      startedAt: '',
    } as const;
    await expect(executor.status(handle)).rejects.toThrow(
      /ssh process handle was given to the local executor/,
    );
    await expect(executor.cancel(handle)).rejects.toThrow(/use the ssh executor/);
  });

  it('reports lost with the reason when the exit file holds something else than an exit code', async () => {
    const handle = await start(request(fake('fake-print.mjs', '--code', '0')));
    await exited(handle);
    await writeFile(handle.exitFile, 'done');
    const state = await executor.status(handle);
    expect(state).toEqual({ state: 'lost', reason: expect.stringContaining('"done"') });
  });
});
