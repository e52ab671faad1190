import { ExecutorError } from '../../shared/errors.js';
import { parseExitCode } from './exit-file.js';
import type { ExecutorLogger } from './logger.js';
import { pollUntil } from './poll.js';
import { checkGroupId } from './process-group.js';
import type { SshTransport } from './ssh-transport.js';
import type { ProcessHandle, ProcessState, StartRequest } from './types.js';
import { checkArgv, WRAPPER_NAME, WRAPPER_SCRIPT } from './wrapper.js';

/**
 * Starts the wrapper detached on the host: its own session (setsid), so neither the end of the ssh connection nor
 * taobot's reaches it; all three standard streams redirected, or ssh would wait for it; no nohup, since an ignored
 * SIGHUP could not be trapped and forwarded by the wrapper. Relative paths are made absolute against the login
 * folder first, because the wrapper runs in `cwd`. Prints the wrapper's pid, which leads its process group.
 */
const START = `wrapper=$1 cwd=$2 log=$3 exit_file=$4 nenv=$5
shift 5
case $log in /*) ;; *) log=$PWD/$log ;; esac
case $exit_file in /*) ;; *) exit_file=$PWD/$exit_file ;; esac
mkdir -p -- "$cwd" "$(dirname -- "$log")" "$(dirname -- "$exit_file")" || exit
rm -f -- "$exit_file" "$exit_file.tmp" || exit
cd -- "$cwd" || exit
while [ "$nenv" -gt 0 ]; do export "$1=$2"; shift 2; nenv=$((nenv - 1)); done
: >> "$log" || exit
setsid /bin/sh -c "$wrapper" ${WRAPPER_NAME} "$exit_file" "$@" >> "$log" 2>&1 < /dev/null &
echo "$!"`;

/**
 * Looks at or signals a process group. `kill -s 0` also succeeds for zombies, which stay forever under an init
 * that does not reap; where /proc exists a member counts only when it is not one (the leader is looked at first).
 *   status EXIT_FILE PGID   prints "exit CODE", "running" or "gone"; the exit file is read again after the look
 *   alive PGID              prints "alive" or "gone"
 *   signal PGID SIG         sends SIG (and SIGCONT, for a stopped group) when the group is alive
 */
const GROUP = `alive() {
  kill -s 0 -- "-$1" 2>/dev/null || return 1
  [ -r /proc/self/stat ] || return 0
  for f in "/proc/$1/stat" /proc/[0-9]*/stat; do
    read -r line 2>/dev/null < "$f" || continue
    set -- "$1" \${line##*") "}
    [ "$4" = "$1" ] && [ "$2" != Z ] && [ "$2" != X ] && return 0
  done
  return 1
}
show() { if [ -e "$1" ]; then printf 'exit '; cat -- "$1"; exit 0; fi; }
case $1 in
  status) show "$2"; if alive "$3"; then echo running; exit 0; fi; show "$2"; echo gone ;;
  alive) if alive "$2"; then echo alive; else echo gone; fi ;;
  signal) if alive "$2"; then kill -s "$3" -- "-$2"; kill -s CONT -- "-$2" 2>/dev/null; fi; echo done ;;
esac`;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** How often cancel looks whether the group is gone: each look is one round trip on the shared connection. */
const CANCEL_POLL_MS = 100;
const KILL_WAIT_MS = 10_000;

const group = (...args: string[]): string[] => ['/bin/sh', '-c', GROUP, 'taobot-group', ...args];

async function runGroup(ssh: SshTransport, args: string[], signal?: AbortSignal): Promise<string> {
  const result = await ssh.query(group(...args), { signal });
  if (result.exitCode !== 0) {
    throw new ExecutorError(
      `Cannot ${args[0]} process group on ${ssh.label}: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
    );
  }
  return result.stdout.toString('utf8');
}

/** The pid of a handle this executor started on this host. */
export function sshGroupId(handle: ProcessHandle, label: string): number {
  if (handle.executor !== 'ssh') {
    throw new ExecutorError(
      `A ${handle.executor} process handle was given to the ssh executor: use the ${handle.executor} executor`,
    );
  }
  if (handle.host !== label) {
    throw new ExecutorError(
      `The process handle is of host ${String(handle.host)}, but this server is ${label}: the run was started ` +
        'on another host; point the server back at it to follow or cancel the run',
    );
  }
  return checkGroupId(handle.pid);
}

/** Starts a command detached on the host under the exit-file wrapper and returns its handle. */
export async function startRemote(
  ssh: SshTransport,
  request: StartRequest,
  logger: ExecutorLogger,
  signal?: AbortSignal,
): Promise<ProcessHandle> {
  signal?.throwIfAborted();
  const argv = checkArgv(request.argv);
  if (!argv.ok) throw new ExecutorError(`Cannot start the command: ${argv.error}`);
  const env = Object.entries(request.env ?? {});
  const badName = env.find(([name]) => !ENV_NAME.test(name));
  if (badName)
    throw new ExecutorError(`Cannot start the command: ${JSON.stringify(badName[0])} is no variable name`);
  const args = [
    WRAPPER_SCRIPT,
    request.cwd,
    request.logFile,
    request.exitFile,
    String(env.length),
    ...env.flat(),
    ...argv.value,
  ];
  const result = await ssh.run(['/bin/sh', '-c', START, 'taobot-start', ...args], { signal });
  const pid = Number(result.stdout.toString('utf8').trim());
  if (result.exitCode !== 0 || !Number.isSafeInteger(pid) || pid < 2) {
    throw new ExecutorError(
      `Cannot start ${argv.value[0]} on ${ssh.label}: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
    );
  }
  logger.info({ host: ssh.label, pid, program: argv.value[0], cwd: request.cwd }, 'detached process started');
  return {
    executor: 'ssh',
    pid,
    host: ssh.label,
    exitFile: request.exitFile,
    logFile: request.logFile,
    startedAt: new Date().toISOString(),
  };
}

/** Where a remote run stands, from its exit file and its process group, in one round trip. */
export async function statusRemote(
  ssh: SshTransport,
  handle: ProcessHandle,
  signal?: AbortSignal,
): Promise<ProcessState> {
  const pgid = sshGroupId(handle, ssh.label);
  const answer = await runGroup(ssh, ['status', handle.exitFile, String(pgid)], signal);
  if (answer.startsWith('exit ')) {
    const code = parseExitCode(answer.slice(5));
    return code.ok
      ? { state: 'exited', exitCode: code.value }
      : { state: 'lost', reason: `the exit file ${handle.exitFile} is not the wrapper's: ${code.error}` };
  }
  if (answer.trim() === 'running') return { state: 'running' };
  return {
    state: 'lost',
    reason:
      `process group ${pgid} on ${ssh.label} is gone and left no exit code in ${handle.exitFile}: it was killed ` +
      'hard (SIGKILL, out of memory, a reboot of the server) before it could write one',
  };
}

/** SIGTERM to the remote group, up to `graceMs` for it to end, then SIGKILL; resolves once it is gone. */
export async function cancelRemote(
  ssh: SshTransport,
  handle: ProcessHandle,
  logger: ExecutorLogger,
  graceMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const pgid = sshGroupId(handle, ssh.label);
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new ExecutorError(`cancel graceMs ${graceMs} must be a number of milliseconds from 0 up`);
  }
  const gone = async () => (await runGroup(ssh, ['alive', String(pgid)], signal)).trim() === 'gone';
  if (await gone()) return;
  await runGroup(ssh, ['signal', String(pgid), 'TERM'], signal);
  if (await pollUntil(gone, { intervalMs: CANCEL_POLL_MS, timeoutMs: graceMs, signal })) return;
  logger.warn({ host: ssh.label, pgid, graceMs }, 'process group ignored SIGTERM; sending SIGKILL');
  await runGroup(ssh, ['signal', String(pgid), 'KILL'], signal);
  if (await pollUntil(gone, { intervalMs: CANCEL_POLL_MS, timeoutMs: KILL_WAIT_MS, signal })) return;
  throw new ExecutorError(
    `Process group ${pgid} on ${ssh.label} is still alive ${KILL_WAIT_MS} ms after SIGKILL: a process is stuck ` +
      `in the kernel (state D, often a hung NFS mount or GPU driver); check it with ps -o pid,stat,cmd -g ${pgid}`,
  );
}
