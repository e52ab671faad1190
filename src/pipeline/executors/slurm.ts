import { isAbsolute, resolve } from 'node:path';
import { ExecutorError } from '../../shared/errors.js';
import { createLocalExecutor } from './local.js';
import { type ExecutorLogger, silentLogger } from './logger.js';
import { cancelJob, jobStatus, type SlurmSite, submitJob } from './slurm-process.js';
import { createSshExecutor, type SshExecutor, type SshExecutorOptions } from './ssh.js';
import type { Executor, HostHealth } from './types.js';

export interface SlurmExecutorOptions extends Partial<SshExecutorOptions> {
  logger?: ExecutorLogger;
  /** The partition jobs go to (Slurm's default partition when absent). */
  partition?: string;
  /** More sbatch options, e.g. `--account=ml`, `--time=12:00:00`, `--constraint=a100`. */
  sbatchOptions?: readonly string[];
  /** The folder of sbatch, squeue, scontrol, sacct and scancel when they are not on PATH. */
  slurmBinDir?: string;
}

/** An executor that queues runs on a Slurm cluster; `close` ends the ssh connection to the login node, if any. */
export interface SlurmExecutor extends Executor {
  readonly kind: 'slurm';
  health(): HostHealth;
  close(): Promise<void>;
}

/** How long cancel waits after SIGTERM before SIGKILL, unless the caller says otherwise. */
const DEFAULT_GRACE_MS = 10_000;
const OPTION = /^--?[A-Za-z]/;

/**
 * The executor for a Slurm cluster: `sbatch --parsable` queues the run (GPUs as `--gres=gpu:N`) with the same
 * exit-file wrapper as local runs as the job, the job's output is the run's log, its state and exit code come
 * from the exit file, `squeue`, `scontrol` and `sacct`, and `scancel` cancels it. With a `host`, every Slurm
 * command and file access goes over ssh to that login node (one shared connection, backoff when it is
 * unreachable); without one, Slurm is used on this machine. The run folders must be on a filesystem the compute
 * nodes and the login node share, given as absolute paths there.
 *
 * @example
 * const executor = createSlurmExecutor({ host: 'ml@login1.cluster', partition: 'gpu', logger });
 * const handle = await executor.start({ argv, cwd, logFile, exitFile, gpus: 2 }); // handle.jobId === '4711'
 */
export function createSlurmExecutor(options: SlurmExecutorOptions = {}): SlurmExecutor {
  const logger = options.logger ?? silentLogger;
  for (const option of options.sbatchOptions ?? []) {
    if (!OPTION.test(option)) {
      throw new ExecutorError(`The sbatch option ${JSON.stringify(option)} must start with - or --`);
    }
  }
  const ssh: SshExecutor | null = options.host
    ? createSshExecutor({ ...options, host: options.host, logger })
    : null;
  const host: Executor = ssh ?? createLocalExecutor({ logger });
  const site: SlurmSite = {
    host,
    command: (argv, opts) => (ssh ? ssh.query(argv, opts) : host.exec(argv, opts)),
    label: ssh?.host,
    absolute(path) {
      if (!ssh) return resolve(path);
      if (isAbsolute(path)) return path;
      throw new ExecutorError(
        `Slurm runs need absolute paths on the cluster (got ${path}): set the server's workdir to an absolute ` +
          'folder on a filesystem the login and compute nodes share',
      );
    },
    ...(options.partition !== undefined ? { partition: options.partition } : {}),
    ...(options.sbatchOptions ? { sbatchOptions: options.sbatchOptions } : {}),
    ...(options.slurmBinDir ? { binDir: options.slurmBinDir } : {}),
    logger,
  };

  return {
    kind: 'slurm',
    health: () => ssh?.health() ?? { state: 'reachable' },
    close: async () => {
      await ssh?.close();
    },
    start: (request, opts) => submitJob(site, request, opts?.signal),
    status: (handle, opts) => jobStatus(site, handle, opts?.signal),
    cancel: (handle, opts) => cancelJob(site, handle, opts?.graceMs ?? DEFAULT_GRACE_MS, opts?.signal),
    read: (path, offset, maxBytes, opts) => host.read(path, offset, maxBytes, opts),
    list: (dir, opts) => host.list(dir, opts),
    write: (path, content, opts) => host.write(path, content, opts),
    append: (path, content, opts) => host.append(path, content, opts),
    remove: (paths, opts) => host.remove(paths, opts),
    exec: (argv, opts) => host.exec(argv, opts),
  };
}
