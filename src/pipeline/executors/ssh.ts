import { ExecutorError } from '../../shared/errors.js';
import { type BackoffPolicy, createHealthTracker } from './backoff.js';
import { type ExecutorLogger, silentLogger } from './logger.js';
import {
  appendRemoteFile,
  listRemoteFiles,
  readManyRemoteFiles,
  readRemoteFile,
  removeRemoteFiles,
  writeRemoteFile,
} from './ssh-files.js';
import { hostLabel, type SshConnectionOptions } from './ssh-options.js';
import { cancelRemote, startRemote, statusRemote } from './ssh-process.js';
import { createSshTransport } from './ssh-transport.js';
import type { Executor, HostHealth } from './types.js';
import { checkArgv } from './wrapper.js';

export interface SshExecutorOptions extends SshConnectionOptions {
  logger?: ExecutorLogger;
  /** Pauses between attempts while the host does not answer. */
  backoff?: BackoffPolicy;
  /** Told when the host becomes unreachable and when it answers again (once per change). */
  onHealthChange?: (health: HostHealth, host: string) => void;
}

/**
 * An executor on a host reached over ssh. `close` ends its session and the host's shared connection, which other
 * executors of the same host and control folder also use (they open a new one on their next command).
 */
export interface SshExecutor extends Executor {
  readonly kind: 'ssh';
  /** The host as handles and messages name it (`user@host:port`). */
  readonly host: string;
  health(): HostHealth;
  /**
   * Runs a short command of taobot's own (squeue, scontrol…) in the long-lived session on the host, a round trip
   * instead of a new ssh client; it must not read stdin, and a command still running at `timeoutMs` ends the
   * session (the host then counts as unreachable).
   */
  query(
    argv: readonly string[],
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/** How long cancel waits after SIGTERM before SIGKILL, unless the caller says otherwise. */
const DEFAULT_GRACE_MS = 10_000;
/** What a remote `exec` gets beyond its own time limit before the connection counts as hung. */
const EXEC_MARGIN_MS = 15_000;

/**
 * The executor for a GPU server (or a Jetson) reached with the system's OpenSSH client, so the user's
 * `~/.ssh/config`, ssh-agent, keys and jump hosts apply as in their terminal. All commands share one connection per
 * host (ControlMaster), so a poll costs a round trip, not a handshake. Runs are started detached under the same
 * exit-file wrapper as local runs and outlive both the connection and taobot; files are followed by byte offset.
 * When ssh cannot reach the host, calls throw `HostUnreachableError` and then fail fast while the executor backs
 * off (1 s, 2 s, 4 s… up to a minute); `health()` and `onHealthChange` say when that starts and ends.
 *
 * @example
 * const executor = createSshExecutor({ host: 'ml@gpu1.lab', logger });
 * const handle = await executor.start({ argv: ['tao', 'model', 'ssd', 'train', ...], cwd, logFile, exitFile });
 */
export function createSshExecutor(options: SshExecutorOptions): SshExecutor {
  if (options === undefined || typeof options.host !== 'string' || options.host === '') {
    throw new ExecutorError('The ssh executor needs the server\'s "host" (user@host or an ssh config alias)');
  }
  const logger = options.logger ?? silentLogger;
  const label = hostLabel(options);
  const health = createHealthTracker(label, {
    ...(options.backoff ? { policy: options.backoff } : {}),
    onChange: (state, host) => {
      if (state.state === 'reachable') logger.info({ host }, 'ssh host reachable again');
      else logger.warn({ host, reason: state.lastError }, 'ssh host became unreachable');
      options.onHealthChange?.(state, host);
    },
  });
  const ssh = createSshTransport(options, health, logger);

  return {
    kind: 'ssh',
    host: ssh.label,
    health: () => health.current(),
    close: () => ssh.close(),
    async query(argv, opts = {}) {
      const checked = checkArgv(argv);
      if (!checked.ok) throw new ExecutorError(`Cannot run the command: ${checked.error}`);
      const result = await ssh.query(checked.value, opts);
      return { exitCode: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr };
    },
    start: (request, opts) => startRemote(ssh, request, logger, opts?.signal),
    status: (handle, opts) => statusRemote(ssh, handle, opts?.signal),
    cancel: (handle, opts) =>
      cancelRemote(ssh, handle, logger, opts?.graceMs ?? DEFAULT_GRACE_MS, opts?.signal),
    read: (path, offset, maxBytes, opts) => readRemoteFile(ssh, path, offset, maxBytes, opts?.signal),
    readMany: (requests, opts) => readManyRemoteFiles(ssh, requests, opts?.signal),
    list: (dir, opts) => listRemoteFiles(ssh, dir, opts?.signal),
    write: (path, content, opts) => writeRemoteFile(ssh, path, content, opts?.signal),
    append: (path, content, opts) => appendRemoteFile(ssh, path, content, opts?.signal),
    remove: (paths, opts) => removeRemoteFiles(ssh, paths, opts?.signal),
    async exec(argv, opts = {}) {
      const checked = checkArgv(argv);
      if (!checked.ok) throw new ExecutorError(`Cannot run the command: ${checked.error}`);
      const { timeoutMs, signal } = opts;
      if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
        throw new ExecutorError(`exec timeoutMs ${timeoutMs} must be a positive number of milliseconds`);
      }
      // The limit is kept on the host by timeout(1), which ends the command there too and exits 124, the code
      // the local executor gives (137 when it had to send SIGKILL); ending only the ssh client would leave the
      // command running.
      const words =
        timeoutMs === undefined
          ? checked.value
          : ['timeout', '-k', '5', (timeoutMs / 1000).toFixed(3), ...checked.value];
      const result = await ssh.run(words, {
        ...(signal ? { signal } : {}),
        // Without a limit a command may take as long as it needs (an engine build); a dead connection is still
        // noticed by ssh's keep-alives.
        timeoutMs: timeoutMs === undefined ? Number.POSITIVE_INFINITY : timeoutMs + EXEC_MARGIN_MS,
      });
      return { exitCode: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr };
    },
  };
}
