import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorError } from '../../shared/errors.js';

/**
 * How to reach a host with the system's OpenSSH client. Everything else (jump hosts, ssh-agent, users, keys) comes
 * from the user's `~/.ssh/config` as in their terminal; these settings only add to it.
 */
export interface SshConnectionOptions {
  /** `user@host`, `host`, or a `Host` alias of the ssh config. */
  host: string;
  port?: number;
  /** A private key (`ssh -i`); ssh then offers only this key. */
  identityFile?: string;
  /** A known_hosts file used instead of `~/.ssh/known_hosts`. */
  knownHostsFile?: string;
  /** An ssh config file used instead of `~/.ssh/config` (`ssh -F`). */
  configFile?: string;
  /** More ssh options, each `Key=Value` (`ProxyJump=bastion`, `ServerAliveInterval=15`); they win over taobot's. */
  sshOptions?: readonly string[];
  /** Where the ControlMaster sockets live; keep it short, unix socket paths are limited to about 104 bytes. */
  controlDir?: string;
  /** Seconds an idle multiplexed connection stays open (ControlPersist). */
  controlPersistS?: number;
  /** Seconds ssh may take to connect before the host counts as unreachable. */
  connectTimeoutS?: number;
  /** The ssh program. */
  ssh?: string;
}

const HOST = /^[^\s-][^\s]*$/;
const OPTION = /^[A-Za-z][A-Za-z0-9]*[= ]\S/;
/** `cm-` and the 40 hex digits of `%C`, below the ~104-byte limit of a unix socket path with a margin. */
const MAX_CONTROL_DIR = 104 - 1 - 44 - 4;

/** The ControlMaster folder when none is configured: one per user, so another user cannot plant sockets in it. */
export const defaultControlDir = (): string => join(tmpdir(), `taobot-ssh-${process.getuid?.() ?? 'user'}`);

/** Checks the options once, with messages that name the setting to fix. */
export function checkSshOptions(options: SshConnectionOptions): SshConnectionOptions {
  const { host, port, sshOptions = [] } = options;
  if (typeof host !== 'string' || !HOST.test(host)) {
    throw new ExecutorError(
      `The server's host ${JSON.stringify(host)} is not an ssh destination: set it to user@host or an ` +
        'ssh config alias',
    );
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw new ExecutorError(`The server's port ${String(port)} must be a number from 1 to 65535`);
  }
  for (const option of sshOptions) {
    if (!OPTION.test(option)) {
      throw new ExecutorError(
        `The ssh option ${JSON.stringify(option)} must look like Key=Value (e.g. ProxyJump=bastion)`,
      );
    }
  }
  const controlDir = options.controlDir ?? defaultControlDir();
  if (controlDir.length > MAX_CONTROL_DIR) {
    throw new ExecutorError(
      `The ssh control folder ${controlDir} is too long for a unix socket path: choose one of at most ` +
        `${MAX_CONTROL_DIR} characters (e.g. /tmp/taobot-ssh)`,
    );
  }
  return { ...options, controlDir };
}

/** The label of the host in handles, logs and messages: the destination, with the port when one is set. */
export const hostLabel = (options: SshConnectionOptions): string =>
  options.port === undefined ? options.host : `${options.host}:${options.port}`;

/**
 * The options of every `ssh` call to the host. ssh keeps the first value it gets for an option, so the user's
 * options come first and win over taobot's defaults, except BatchMode: a password or passphrase prompt would hang
 * taobot, so it is always on.
 */
function commonArgs(o: SshConnectionOptions): string[] {
  return [
    '-o',
    'BatchMode=yes',
    ...(o.configFile === undefined ? [] : ['-F', o.configFile]),
    ...(o.sshOptions ?? []).flatMap((option) => ['-o', option]),
    ...(o.identityFile === undefined ? [] : ['-i', o.identityFile, '-o', 'IdentitiesOnly=yes']),
    ...(o.knownHostsFile === undefined ? [] : ['-o', `UserKnownHostsFile=${o.knownHostsFile}`]),
    ...(o.port === undefined ? [] : ['-p', String(o.port)]),
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${o.controlDir ?? defaultControlDir()}/cm-%C`,
    '-o',
    `ControlPersist=${o.controlPersistS ?? 60}`,
    '-o',
    `ConnectTimeout=${o.connectTimeoutS ?? 10}`,
    // A dead connection is noticed within 15 s instead of hanging every command multiplexed over it.
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=3',
    // Warnings ("Permanently added … to the list of known hosts") would mix into the command's stderr.
    '-o',
    'LogLevel=ERROR',
  ];
}

/** The arguments of `ssh` that run `commandLine` on the host over the shared connection. */
export function sshArgs(options: SshConnectionOptions, commandLine: string, withInput: boolean): string[] {
  return [...commonArgs(options), ...(withInput ? [] : ['-n']), '--', options.host, commandLine];
}

/** The arguments of `ssh` that ask the shared connection's master process to do something (`exit`, `check`). */
export function sshControlArgs(options: SshConnectionOptions, operation: 'exit' | 'check'): string[] {
  return [...commonArgs(options), '-O', operation, '--', options.host];
}
