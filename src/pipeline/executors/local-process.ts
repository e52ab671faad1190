import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { execa } from 'execa';
import { ExecutorError } from '../../shared/errors.js';
import { clearExitFile, parseExitCode, readExitFile } from './exit-file.js';
import type { ExecutorLogger } from './logger.js';
import { pollUntil } from './poll.js';
import { checkGroupId, isGroupAlive, signalGroup } from './process-group.js';
import type { ProcessHandle, ProcessState, StartRequest } from './types.js';
import { checkArgv, wrapperArgs } from './wrapper.js';

/** How often cancel looks whether the group is gone. */
const CANCEL_POLL_MS = 25;
/** After SIGKILL only an uninterruptible wait (a hung NFS or GPU driver call) delays the end; report it then. */
const KILL_WAIT_MS = 5_000;

async function ensureFolder(path: string, what: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (cause) {
    throw new ExecutorError(`Cannot create the ${what} folder ${path}: check the run folder's permissions`, {
      cause,
    });
  }
}

/** The pid of a handle this executor started; a handle of another executor names a process elsewhere. */
function localGroupId(handle: ProcessHandle): number {
  if (handle.executor !== 'local') {
    throw new ExecutorError(
      `A ${handle.executor} process handle was given to the local executor: use the ${handle.executor} executor`,
    );
  }
  return checkGroupId(handle.pid);
}

/**
 * Starts a command detached: in its own session and process group (so taobot's crash, SIGKILL or terminal do not
 * reach it), stdout and stderr appended straight to the log file (no pipe through taobot that would die with it),
 * under the wrapper that records its exit code. Relative paths are resolved against taobot's folder, because the
 * wrapper runs inside `cwd` and would resolve them differently. The signal can stop the start before the spawn;
 * once spawned, the run exists and its handle is returned.
 */
export async function startLocal(
  request: StartRequest,
  logger: ExecutorLogger,
  signal?: AbortSignal,
): Promise<ProcessHandle> {
  signal?.throwIfAborted();
  const argv = checkArgv(request.argv);
  if (!argv.ok) throw new ExecutorError(`Cannot start the command: ${argv.error}`);
  const cwd = resolve(request.cwd);
  const logFile = resolve(request.logFile);
  const exitFile = resolve(request.exitFile);
  await ensureFolder(cwd, 'working');
  await ensureFolder(dirname(logFile), 'log');
  await ensureFolder(dirname(exitFile), 'exit-code');
  await clearExitFile(exitFile);
  signal?.throwIfAborted();

  const log = await open(logFile, 'a').catch((cause: unknown) => {
    throw new ExecutorError(`Cannot open the log file ${logFile} for appending`, { cause });
  });
  // execa's types name only descriptors 3 to 9, yet any open descriptor is handed to spawn unchanged: the child
  // then writes to the file itself, with no pipe through taobot.
  const logFd = log.fd as 3;
  try {
    const subprocess = execa('/bin/sh', wrapperArgs(exitFile, argv.value), {
      cwd,
      env: request.env ?? {},
      detached: true,
      cleanup: false,
      stdin: 'ignore',
      stdout: logFd,
      stderr: logFd,
      reject: false,
    });
    const { pid } = subprocess;
    if (pid === undefined) {
      const result = await subprocess;
      throw new ExecutorError(`Cannot start /bin/sh for ${argv.value[0]}: ${result.shortMessage}`, {
        cause: result,
      });
    }
    // Neither the child nor the promise may keep taobot's event loop alive: the run outlives it by design.
    subprocess.unref();
    void subprocess.then((result) =>
      logger.debug({ pid, exitCode: result.exitCode }, 'detached wrapper ended'),
    );
    const handle: ProcessHandle = {
      executor: 'local',
      pid,
      exitFile,
      logFile,
      startedAt: new Date().toISOString(),
    };
    logger.info({ pid, program: argv.value[0], cwd, logFile }, 'detached process started');
    return handle;
  } finally {
    await log.close();
  }
}

/**
 * Where a run stands: its exit file decides first; without one, a live process group means running. The exit file
 * is read again when the group is gone, since the wrapper may have written it and ended between the two looks.
 */
export async function statusLocal(handle: ProcessHandle, signal?: AbortSignal): Promise<ProcessState> {
  const fromFile = async (): Promise<ProcessState | null> => {
    const text = await readExitFile(handle.exitFile, signal);
    if (text === null) return null;
    const code = parseExitCode(text);
    return code.ok
      ? { state: 'exited', exitCode: code.value }
      : { state: 'lost', reason: `the exit file ${handle.exitFile} is not the wrapper's: ${code.error}` };
  };
  const pgid = localGroupId(handle);
  signal?.throwIfAborted();
  const first = await fromFile();
  if (first) return first;
  if (await isGroupAlive(pgid)) return { state: 'running' };
  const second = await fromFile();
  if (second) return second;
  return {
    state: 'lost',
    reason:
      `process group ${pgid} is gone and left no exit code in ${handle.exitFile}: ` +
      'it was killed hard (SIGKILL, out of memory, a reboot) before it could write one',
  };
}

/**
 * Stops the whole process group: SIGTERM, up to `graceMs` for it to finish, then SIGKILL; resolves once no member
 * is alive. A group killed by SIGKILL takes its wrapper along, so it writes no exit file: status then says `lost`,
 * which is the truth, and taobot knows it cancelled the run. No code is invented for it here.
 */
export async function cancelLocal(
  handle: ProcessHandle,
  logger: ExecutorLogger,
  graceMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const pgid = localGroupId(handle);
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new ExecutorError(`cancel graceMs ${graceMs} must be a number of milliseconds from 0 up`);
  }
  signal?.throwIfAborted();
  if (!(await isGroupAlive(pgid)) || !signalGroup(pgid, 'SIGTERM')) return;
  // A stopped process (SIGSTOP, a debugger) keeps SIGTERM pending until it runs again, as shells know for jobs.
  signalGroup(pgid, 'SIGCONT');
  const gone = () => isGroupAlive(pgid).then((alive) => !alive);
  if (await pollUntil(gone, { intervalMs: CANCEL_POLL_MS, timeoutMs: graceMs, signal })) return;
  logger.warn({ pgid, graceMs }, 'process group ignored SIGTERM; sending SIGKILL');
  signalGroup(pgid, 'SIGKILL');
  if (await pollUntil(gone, { intervalMs: CANCEL_POLL_MS, timeoutMs: KILL_WAIT_MS, signal })) return;
  throw new ExecutorError(
    `Process group ${pgid} is still alive ${KILL_WAIT_MS} ms after SIGKILL: a process is stuck in the kernel ` +
      '(state D, often a hung NFS mount or GPU driver); check it with ps -o pid,stat,cmd -g ' +
      String(pgid),
  );
}
