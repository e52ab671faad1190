import { ExecutorError } from '../../shared/errors.js';
import { parseExitCode } from './exit-file.js';
import type { ExecutorLogger } from './logger.js';
import { pollUntil } from './poll.js';
import {
  ACTIVE_JOB_STATES,
  type JobEnd,
  jobNameFor,
  NOT_STARTED_STATES,
  parseSacct,
  parseSbatchJobId,
  parseScontrolJob,
  parseSqueueState,
  sbatchArgv,
} from './slurm-commands.js';
import type { Executor, ProcessHandle, ProcessState, StartRequest } from './types.js';
import { checkArgv } from './wrapper.js';

/** Where Slurm is used from: the machine that runs its commands and sees the run's files. */
export interface SlurmSite {
  /** Reads and writes the run's files: the local executor, or an ssh one on the login node. */
  host: Executor;
  /** Runs a Slurm command to completion on that host (over ssh: in its long-lived session). */
  command(
    argv: readonly string[],
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** The login node as handles name it; undefined when Slurm is used locally. */
  label: string | undefined;
  /** Makes a path absolute the way the host sees it, or refuses a relative one. */
  absolute(path: string): string;
  partition?: string;
  sbatchOptions?: readonly string[];
  /** The folder of the Slurm commands, when they are not on the host's PATH. */
  binDir?: string;
  logger: ExecutorLogger;
}

const PREPARE =
  'mkdir -p -- "$1" "$(dirname -- "$2")" "$(dirname -- "$3")" && rm -f -- "$3" "$3.tmp" && : >> "$2"';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Slurm commands answer from the controller's memory; longer than this means the controller is in trouble. */
const COMMAND_TIMEOUT_MS = 30_000;
const CANCEL_POLL_MS = 200;
/** After SIGKILL, Slurm still has to notice the end and release the job (its own KillWait may be 30 s or more). */
const KILL_WAIT_MS = 60_000;

async function slurm(site: SlurmSite, argv: string[], signal?: AbortSignal) {
  const program = site.binDir ? `${site.binDir.replace(/\/+$/, '')}/${argv[0]}` : (argv[0] as string);
  return site.command([program, ...argv.slice(1)], {
    timeoutMs: COMMAND_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  });
}

const where = (site: SlurmSite) => (site.label ? ` on ${site.label}` : '');

/** The job id of a handle this executor submitted on this site; refuses handles of other executors or sites. */
export function slurmJobId(handle: ProcessHandle, site: SlurmSite): string {
  if (handle.executor !== 'slurm') {
    throw new ExecutorError(
      `A ${handle.executor} process handle was given to the slurm executor: use the ${handle.executor} executor`,
    );
  }
  if (handle.host !== site.label) {
    throw new ExecutorError(
      `The Slurm job was submitted ${handle.host ? `on ${handle.host}` : 'locally'}, but this server uses Slurm ` +
        `${site.label ? `on ${site.label}` : 'locally'}: point the server back to follow or cancel the run`,
    );
  }
  if (typeof handle.jobId !== 'string' || !/^\d+$/.test(handle.jobId)) {
    throw new ExecutorError(`The process handle has no usable Slurm job id (${String(handle.jobId)})`);
  }
  return handle.jobId;
}

/** Queues the command as a batch job running under the exit-file wrapper; returns once Slurm accepted it. */
export async function submitJob(
  site: SlurmSite,
  request: StartRequest,
  signal?: AbortSignal,
): Promise<ProcessHandle> {
  signal?.throwIfAborted();
  const argv = checkArgv(request.argv);
  if (!argv.ok) throw new ExecutorError(`Cannot start the command: ${argv.error}`);
  const badName = Object.keys(request.env ?? {}).find((name) => !ENV_NAME.test(name));
  if (badName !== undefined)
    throw new ExecutorError(`Cannot start the command: ${JSON.stringify(badName)} is no variable name`);
  const cwd = site.absolute(request.cwd);
  const logFile = site.absolute(request.logFile);
  const exitFile = site.absolute(request.exitFile);
  const prepared = await site.command(['/bin/sh', '-c', PREPARE, 'taobot-prepare', cwd, logFile, exitFile], {
    timeoutMs: COMMAND_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  });
  if (prepared.exitCode !== 0) {
    throw new ExecutorError(`Cannot prepare the run folder ${cwd}${where(site)}: ${prepared.stderr.trim()}`);
  }
  signal?.throwIfAborted();
  // No signal from here on: once sbatch ran, the job exists and its handle must reach the caller.
  const submitted = await slurm(
    site,
    sbatchArgv({
      jobName: jobNameFor(cwd),
      cwd,
      logFile,
      exitFile,
      argv: argv.value,
      ...(request.env ? { env: request.env } : {}),
      ...(request.gpus !== undefined ? { gpus: request.gpus } : {}),
      ...(site.partition !== undefined ? { partition: site.partition } : {}),
      ...(site.sbatchOptions ? { extra: site.sbatchOptions } : {}),
    }),
  );
  const jobId = submitted.exitCode === 0 ? parseSbatchJobId(submitted.stdout) : null;
  if (!jobId?.ok) {
    const why = submitted.stderr.trim() || (jobId && !jobId.ok ? jobId.error : `exit ${submitted.exitCode}`);
    throw new ExecutorError(`Slurm refused the job${where(site)}: ${why}`);
  }
  site.logger.info(
    { jobId: jobId.value, host: site.label, program: argv.value[0], cwd },
    'slurm job submitted',
  );
  return {
    executor: 'slurm',
    jobId: jobId.value,
    ...(site.label ? { host: site.label } : {}),
    exitFile,
    logFile,
    startedAt: new Date().toISOString(),
  };
}

/** The job's state in the queue, or null once Slurm forgot it; throws when the controller does not answer. */
async function queueState(site: SlurmSite, jobId: string, signal?: AbortSignal): Promise<string | null> {
  const result = await slurm(site, ['squeue', '-h', '-t', 'all', '-j', jobId, '-o', '%T'], signal);
  if (result.exitCode === 0) return parseSqueueState(result.stdout);
  if (/Invalid job id/i.test(result.stderr)) return null;
  throw new ExecutorError(
    `squeue failed${where(site)}: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
  );
}

/** How the job ended, from the controller (scontrol) or the accounting database (sacct). */
async function jobEnd(site: SlurmSite, jobId: string, signal?: AbortSignal): Promise<JobEnd | null> {
  const shown = await slurm(site, ['scontrol', 'show', 'job', jobId, '-o'], signal);
  const fromController = shown.exitCode === 0 ? parseScontrolJob(shown.stdout) : null;
  if (fromController) return fromController;
  const accounted = await slurm(
    site,
    ['sacct', '-n', '-X', '-P', '-j', jobId, '-o', 'State,ExitCode'],
    signal,
  );
  return accounted.exitCode === 0 ? parseSacct(accounted.stdout) : null;
}

const isActive = (state: string | null): boolean => state !== null && ACTIVE_JOB_STATES.has(state);

/** Where the job stands: its exit file first, then the queue, then how Slurm says it ended. */
export async function jobStatus(
  site: SlurmSite,
  handle: ProcessHandle,
  signal?: AbortSignal,
): Promise<ProcessState> {
  const jobId = slurmJobId(handle, site);
  const fromFile = async (): Promise<ProcessState | null> => {
    const chunk = await site.host.read(handle.exitFile, 0, 64, signal ? { signal } : undefined);
    if (chunk === null) return null;
    const code = parseExitCode(chunk.data.toString('utf8'));
    return code.ok
      ? { state: 'exited', exitCode: code.value }
      : { state: 'lost', reason: `the exit file ${handle.exitFile} is not the wrapper's: ${code.error}` };
  };
  const first = await fromFile();
  if (first) return first;
  if (isActive(await queueState(site, jobId, signal))) return { state: 'running' };
  const second = await fromFile();
  if (second) return second;
  // Without an exit file the run was killed before its wrapper could write one, whatever code the batch
  // script then reported: the exit file is the only source of the command's own code.
  const end = await jobEnd(site, jobId, signal);
  const details = [
    end?.reason,
    `exit code ${end?.exitCode}`,
    end?.signal ? `signal ${end.signal}` : undefined,
  ];
  const how = end
    ? `ended ${end.state} (${details.filter((part) => part !== undefined).join(', ')})`
    : 'is no longer known to Slurm';
  return {
    state: 'lost',
    reason: `Slurm job ${jobId}${where(site)} ${how} and left no exit code in ${handle.exitFile}`,
  };
}

/**
 * Cancels the job: a queued one with `scancel`; a running one with SIGTERM to the batch script and all its
 * processes (`scancel --full`), up to `graceMs` for it to end, then SIGUSR2 to the batch script alone, which kills
 * the run's whole process group at once (see `wrapScript`), and as a last resort Slurm's own cancel. Resolves
 * once Slurm lists the job as ended, which happens only after the last process it tracks is gone.
 */
export async function cancelJob(
  site: SlurmSite,
  handle: ProcessHandle,
  graceMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const jobId = slurmJobId(handle, site);
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new ExecutorError(`cancel graceMs ${graceMs} must be a number of milliseconds from 0 up`);
  }
  const state = await queueState(site, jobId, signal);
  if (!isActive(state)) return;
  const ended = async () => !isActive(await queueState(site, jobId, signal));
  const poll = (timeoutMs: number) => pollUntil(ended, { intervalMs: CANCEL_POLL_MS, timeoutMs, signal });
  if (state !== null && NOT_STARTED_STATES.has(state)) {
    await slurm(site, ['scancel', jobId], signal);
    if (await poll(KILL_WAIT_MS)) return;
  } else {
    await slurm(site, ['scancel', '--full', '--signal=TERM', jobId], signal);
    if (await poll(graceMs)) return;
    site.logger.warn({ jobId, graceMs }, 'slurm job ignored SIGTERM; killing its process group');
    await slurm(site, ['scancel', '--batch', '--signal=USR2', jobId], signal);
    if (await poll(KILL_WAIT_MS / 6)) return;
    site.logger.warn({ jobId }, 'slurm job still runs after SIGKILL; cancelling it through Slurm');
    await slurm(site, ['scancel', jobId], signal);
    if (await poll(KILL_WAIT_MS)) return;
  }
  throw new ExecutorError(
    `Slurm job ${jobId}${where(site)} is still listed ${KILL_WAIT_MS} ms after it was killed: ask the cluster's ` +
      `administrators (scontrol show job ${jobId})`,
  );
}
