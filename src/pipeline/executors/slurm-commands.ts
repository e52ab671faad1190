import { err, ok, type Result } from '../../shared/result.js';
import { shellCommand, shellQuote } from './shell-quote.js';
import { WRAPPER_NAME, WRAPPER_SCRIPT } from './wrapper.js';

/**
 * Pure builders of Slurm command lines and parsers of what Slurm prints (22.05 and later). Job states are
 * Slurm's own words (squeue `%T`, scontrol `JobState`, sacct `State`).
 */

/** States in which the job may still have processes: it is queued, starting, running, held or ending. */
export const ACTIVE_JOB_STATES: ReadonlySet<string> = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'STOPPED',
  'REQUEUED',
  'REQUEUE_FED',
  'REQUEUE_HOLD',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'RESV_DEL_HOLD',
]);

/** States in which no process of the job has started yet: cancelling needs no signal, only `scancel`. */
export const NOT_STARTED_STATES: ReadonlySet<string> = new Set(['PENDING', 'REQUEUE_HOLD', 'RESV_DEL_HOLD']);

export interface SbatchRequest {
  jobName: string;
  cwd: string;
  logFile: string;
  exitFile: string;
  argv: readonly string[];
  env?: Readonly<Record<string, string>>;
  gpus?: number;
  partition?: string;
  /** More sbatch options from the server's configuration (`--account=ml`, `--time=12:00:00`). */
  extra?: readonly string[];
}

/** `%` starts a Slurm file-name pattern (`%j` is the job id); `%%` is a literal percent sign. */
const slurmFileName = (path: string): string => path.replaceAll('%', '%%');

/** A job name Slurm and `squeue` show cleanly: letters, digits, `.`, `_` and `-`. */
export const jobNameFor = (cwd: string): string =>
  `taobot-${(cwd.replace(/\/+$/, '').split('/').pop() ?? 'run').replace(/[^A-Za-z0-9._-]/g, '_') || 'run'}`;

/**
 * The batch script (`--wrap`, run by /bin/sh). It exports the extra variables and starts the same exit-file wrapper
 * as local and SSH runs, with the command's argv quoted word by word, as the leader of its own process group,
 * then waits for it:
 * - Signals for the run (`scancel --full --signal=TERM`) reach this shell's process group, not the run's: it
 *   forwards them to the run's whole group, as the local executor's cancel signals it, and waits on, so the
 *   wrapper records the command's code.
 *   A signal that comes before the run exists is remembered and sent as soon as it does.
 * - SIGUSR2, sent to this shell alone (`scancel --batch`), kills the run's whole group at once. Slurm turns a
 *   `--signal=KILL` into a full cancel that sends SIGTERM first and kills process by process, so a wrapper could
 *   see its command die and record 137 before its own SIGKILL came: a hard kill must leave no exit code.
 * - Processes of the run still alive when the command has ended (a worker that ignored SIGTERM, a grandchild
 *   whose parent is gone) are killed, as they would be in a job cgroup: Slurm's linuxproc tracking cannot find
 *   reparented processes, and the job would end with them still running.
 * It exits with the command's code, so Slurm's accounting shows it too.
 */
export function wrapScript(
  exitFile: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
) {
  const run = shellCommand(['setsid', '/bin/sh', '-c', WRAPPER_SCRIPT, WRAPPER_NAME, exitFile, ...argv]);
  return [
    ...Object.entries(env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    'pid=',
    'pending=',
    'forward() { pending=$1; if [ -n "$pid" ]; then kill -s "$1" -- "-$pid" 2>/dev/null; fi; }',
    "trap 'forward TERM' TERM",
    "trap 'forward INT' INT",
    "trap 'forward HUP' HUP",
    "trap 'forward KILL' USR2",
    `${run} &`,
    'pid=$!',
    'if [ -n "$pending" ]; then kill -s "$pending" -- "-$pid" 2>/dev/null; fi',
    'wait "$pid"',
    'code=$?',
    'while kill -s 0 "$pid" 2>/dev/null; do wait "$pid"; code=$?; done',
    'kill -s KILL -- "-$pid" 2>/dev/null',
    'exit "$code"',
  ].join('\n');
}

/** argv of the `sbatch` that queues the run: output appended to the log, GPUs as GRES, the wrapper as the job. */
export function sbatchArgv(request: SbatchRequest): string[] {
  const r = request;
  return [
    'sbatch',
    '--parsable',
    `--job-name=${r.jobName}`,
    `--chdir=${r.cwd}`,
    `--output=${slurmFileName(r.logFile)}`,
    '--open-mode=append',
    ...(r.gpus !== undefined && r.gpus > 0 ? [`--gres=gpu:${r.gpus}`] : []),
    ...(r.partition === undefined ? [] : [`--partition=${r.partition}`]),
    ...(r.extra ?? []),
    `--wrap=${wrapScript(r.exitFile, r.argv, r.env)}`,
  ];
}

/** The job id `sbatch --parsable` printed (`1234` or `1234;cluster`). */
export function parseSbatchJobId(stdout: string): Result<string, string> {
  const match = /^(\d+)(?:;\S+)?\s*$/.exec(stdout.trim());
  return match
    ? ok(match[1] as string)
    : err(`sbatch printed ${JSON.stringify(stdout.trim().slice(0, 80))}, not a job id`);
}

/** The job's state from `squeue -h -t all -j ID -o %T`, or null when squeue does not list it. */
export function parseSqueueState(stdout: string): string | null {
  const state = stdout.trim().split('\n')[0]?.trim();
  return state ? state : null;
}

/** How a finished job ended, as Slurm recorded it. */
export interface JobEnd {
  state: string;
  /** The batch script's exit code. */
  exitCode: number;
  /** The signal that ended it (0: none). */
  signal: number;
  reason?: string;
}

const exitPair = (text: string | undefined): [number, number] | null => {
  const match = /^(\d+):(\d+)$/.exec(text ?? '');
  return match ? [Number(match[1]), Number(match[2])] : null;
};

/** From `scontrol show job ID -o`: `JobState=FAILED Reason=NonZeroExitCode … ExitCode=3:0`. */
export function parseScontrolJob(stdout: string): JobEnd | null {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(stdout)?.[1];
  const state = field('JobState');
  const pair = exitPair(field('ExitCode'));
  if (!state || !pair) return null;
  const reason = field('Reason');
  return { state, exitCode: pair[0], signal: pair[1], ...(reason && reason !== 'None' ? { reason } : {}) };
}

/** From `sacct -n -X -P -j ID -o State,ExitCode`: `FAILED|3:0` or `CANCELLED by 1001|0:0`. */
export function parseSacct(stdout: string): JobEnd | null {
  const [stateText, exitText] = (stdout.trim().split('\n')[0] ?? '').split('|');
  const pair = exitPair(exitText?.trim());
  const state = stateText?.trim().split(' ')[0];
  if (!state || !pair) return null;
  return { state, exitCode: pair[0], signal: pair[1] };
}
