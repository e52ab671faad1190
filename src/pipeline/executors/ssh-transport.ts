import { lstat, mkdir } from 'node:fs/promises';
import { execa } from 'execa';
import { ExecutorError } from '../../shared/errors.js';
import type { HealthTracker } from './backoff.js';
import type { ExecutorLogger } from './logger.js';
import { shellCommand } from './shell-quote.js';
import {
  checkSshOptions,
  hostLabel,
  type SshConnectionOptions,
  sshArgs,
  sshControlArgs,
} from './ssh-options.js';
import { createSshSession, SessionBrokenError } from './ssh-session.js';

/** What a command run over ssh gave: its own exit code (never ssh's), stdout as bytes, stderr as text. */
export interface SshRunResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

export interface SshRunOptions {
  /** Bytes for the command's stdin (a file being written). */
  input?: Buffer | string;
  signal?: AbortSignal;
  /** Past this, ssh is stopped and the host counts as unreachable (default one minute; Infinity for none). */
  timeoutMs?: number;
  /** The most stdout bytes expected (default 16 MiB); more is an error rather than unbounded memory. */
  maxBuffer?: number;
}

/** One host reached through the system OpenSSH client, over one multiplexed connection (ControlMaster). */
export interface SshTransport {
  readonly label: string;
  /**
   * Runs one of taobot's own short commands (a read, a listing, a status look) in the long-lived session on the
   * host; throws `HostUnreachableError` when the session could not answer.
   */
  query(argv: readonly string[], options?: Omit<SshRunOptions, 'input' | 'maxBuffer'>): Promise<SshRunResult>;
  /**
   * Runs `argv` with an ssh client of its own (still over the shared connection): commands that read stdin, may
   * take long or print much. Throws `HostUnreachableError` when ssh itself failed.
   */
  run(argv: readonly string[], options?: SshRunOptions): Promise<SshRunResult>;
  /** Ends the session and the shared connection (`ssh -O exit`); the next command opens new ones. */
  close(): Promise<void>;
}

/** Commands that take longer than this without being asked to are taken for a hung connection. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

/**
 * The login shell prints the command's exit status after it, on stdout: `\n<status>\n`. Its presence proves the
 * command ran to the end; its absence means ssh failed (ssh's own exit code, 255, is also a valid exit code of a
 * remote command, so it cannot tell the two apart).
 */
const TRAILER = `; printf '\\n%d\\n' "$?"`;
const TRAILER_AT_END = /\n(\d{1,3})\n$/;

function splitTrailer(stdout: Buffer): { exitCode: number; stdout: Buffer } | null {
  const tail = stdout.subarray(Math.max(0, stdout.length - 6)).toString('latin1');
  const match = TRAILER_AT_END.exec(tail);
  if (!match) return null;
  return {
    exitCode: Number(match[1]),
    stdout: stdout.subarray(0, stdout.length - match[0].length),
  };
}

const lastLine = (text: string): string =>
  text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .pop() ?? '';

/** Creates the ControlMaster folder, private to this user; refuses one that someone else could write to. */
async function ensureControlDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  const uid = process.getuid?.();
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o077) !== 0) {
    throw new ExecutorError(
      `The ssh control folder ${dir} must be a folder of this user with mode 0700: remove it or set another`,
    );
  }
}

export function createSshTransport(
  connection: SshConnectionOptions,
  health: HealthTracker,
  logger: ExecutorLogger,
): SshTransport {
  const options = checkSshOptions(connection);
  const label = hostLabel(options);
  const program = options.ssh ?? 'ssh';
  let controlReady: Promise<void> | undefined;
  const ready = async () => {
    controlReady ??= ensureControlDir(options.controlDir as string);
    await controlReady;
  };
  const session = createSshSession(program, () => sshArgs(options, 'exec /bin/sh', true));

  const run = async (argv: readonly string[], runOptions: SshRunOptions = {}): Promise<SshRunResult> => {
    const { input, signal, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS, maxBuffer = 16 * 2 ** 20 } = runOptions;
    signal?.throwIfAborted();
    health.gate();
    await ready();
    const result = await execa(program, sshArgs(options, shellCommand(argv) + TRAILER, input !== undefined), {
      reject: false,
      encoding: 'buffer',
      stripFinalNewline: false,
      maxBuffer,
      ...(Number.isFinite(timeoutMs) ? { timeout: timeoutMs } : {}),
      forceKillAfterDelay: 2_000,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
      ...(signal === undefined ? {} : { cancelSignal: signal }),
    });
    if (result.isCanceled) signal?.throwIfAborted();
    if (result.isMaxBuffer) {
      throw new ExecutorError(`The command on ${label} printed more than ${maxBuffer} bytes`, {
        cause: result,
      });
    }
    const bytes = result.stdout ?? new Uint8Array();
    const stdout = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const stderr = Buffer.from(result.stderr ?? new Uint8Array()).toString('utf8');
    const ended = splitTrailer(stdout);
    if (ended) {
      health.succeeded();
      return { exitCode: ended.exitCode, stdout: ended.stdout, stderr };
    }
    if (result.exitCode === undefined && !result.timedOut && result.signal === undefined) {
      // ssh itself could not be started (not installed, not executable).
      throw new ExecutorError(`Cannot run ${program}: ${result.shortMessage}; install the OpenSSH client`, {
        cause: result,
      });
    }
    if (result.timedOut || result.exitCode === 255 || result.signal !== undefined) {
      const reason = result.timedOut
        ? `no answer within ${timeoutMs} ms`
        : lastLine(stderr) || `ssh ended by ${String(result.signal ?? result.exitCode)}`;
      const error = health.failed(reason, result);
      // The executor warns once when the host becomes unreachable; each further attempt is only traced.
      logger.debug({ host: label, reason, failures: error.health.failures }, 'ssh attempt failed');
      throw error;
    }
    throw new ExecutorError(
      `The command on ${label} ended without reporting its exit status (ssh exit ${String(result.exitCode)}: ` +
        `${lastLine(stderr) || 'no message'}); the login shell of the remote user must be a POSIX shell (sh, ` +
        'bash, dash, zsh, ksh)',
      { cause: result },
    );
  };

  const query = async (
    argv: readonly string[],
    queryOptions: Omit<SshRunOptions, 'input' | 'maxBuffer'> = {},
  ): Promise<SshRunResult> => {
    const { signal, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS } = queryOptions;
    signal?.throwIfAborted();
    health.gate();
    await ready();
    try {
      const result = await session.run(shellCommand(argv), { timeoutMs, ...(signal ? { signal } : {}) });
      health.succeeded();
      return result;
    } catch (cause) {
      signal?.throwIfAborted();
      if (!(cause instanceof SessionBrokenError)) throw cause;
      const error = health.failed(cause.message, cause);
      logger.debug(
        { host: label, reason: cause.message, failures: error.health.failures },
        'ssh attempt failed',
      );
      throw error;
    }
  };

  return {
    label,
    query,
    run,
    async close() {
      session.close();
      await execa(program, sshControlArgs(options, 'exit'), {
        reject: false,
        stdin: 'ignore',
        timeout: 10_000,
      });
    },
  };
}
