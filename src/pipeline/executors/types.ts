/**
 * The executor port: how taobot runs a command on a GPU server (or a Jetson) and watches the files it writes.
 * Executors know nothing about TAO; argv comes from the TAO command builders. Runs are started detached, with
 * their exit code written to a file, so they outlive taobot; everything the reconciler needs to find a run again
 * after a restart is in the `ProcessHandle`, which the database stores.
 *
 * @example
 * const handle = await executor.start({ argv, cwd, env, logFile, exitFile });
 * const { state, exitCode } = await executor.status(handle);
 */
export interface StartRequest {
  /** The command; argv[0] is looked up on PATH of the server. Never a shell string. */
  argv: readonly string[];
  /** Working folder of the process, created when missing. */
  cwd: string;
  /** Extra environment variables for the process. */
  env?: Readonly<Record<string, string>>;
  /** stdout and stderr of the process go here (appended). */
  logFile: string;
  /** When the process ends, its exit code is written here (atomically: written aside, then renamed). */
  exitFile: string;
  /** GPUs the run needs: a scheduler (Slurm) allocates them (`--gres=gpu:N`); local and SSH runs ignore it. */
  gpus?: number;
}

/** Enough to find a detached process again: stored as JSON in runs.process_handle. */
export interface ProcessHandle {
  executor: 'local' | 'ssh' | 'slurm';
  /** Process id of the wrapper (local, ssh); its process group is the same number. */
  pid?: number;
  /** Slurm job id. */
  jobId?: string;
  /** The host the process runs on (ssh, slurm over ssh). */
  host?: string;
  exitFile: string;
  logFile: string;
  startedAt: string;
}

export type ProcessState =
  | { state: 'running' }
  | { state: 'exited'; exitCode: number }
  /** Neither running nor an exit code: killed hard (SIGKILL, reboot) before it could write one. */
  | { state: 'lost'; reason: string };

export interface FileChunk {
  /** The bytes from `offset`, at most the limit asked for. */
  data: Buffer;
  /** The size of the file when it was read. */
  size: number;
}

export interface FileEntry {
  name: string;
  size: number;
}

/**
 * Whether the executor's host answers. Remote executors fail fast with a `HostUnreachableError` while they back
 * off after failed attempts, so a caller can report an outage once (on the change of state) instead of every pass.
 */
export type HostHealth =
  | { state: 'reachable' }
  | {
      state: 'unreachable';
      /** When the first failed attempt of this outage happened (ISO 8601). */
      since: string;
      /** Failed attempts in a row. */
      failures: number;
      /** What the last attempt said (ssh's own message). */
      lastError: string;
      /** Until then, calls fail at once without trying (ISO 8601). */
      retryAt: string;
    };

export interface Executor {
  readonly kind: 'local' | 'ssh' | 'slurm';
  /** Remote executors only: whether the host answered the last attempt (absent means always reachable). */
  health?(): HostHealth;
  start(request: StartRequest, options?: { signal?: AbortSignal }): Promise<ProcessHandle>;
  status(handle: ProcessHandle, options?: { signal?: AbortSignal }): Promise<ProcessState>;
  /** Stops the whole process group: SIGTERM, then SIGKILL after a grace period. Resolves once it is gone. */
  cancel(handle: ProcessHandle, options?: { graceMs?: number; signal?: AbortSignal }): Promise<void>;
  /** Bytes of a file from an offset (null when the file does not exist yet). */
  read(
    path: string,
    offset: number,
    maxBytes: number,
    options?: { signal?: AbortSignal },
  ): Promise<FileChunk | null>;
  /**
   * Several reads in one go, answered in order (null for a missing file). Optional: remote executors implement it
   * so that following a run costs one round trip for all its files instead of one each.
   */
  readMany?(
    requests: ReadonlyArray<{ path: string; offset: number; maxBytes: number }>,
    options?: { signal?: AbortSignal },
  ): Promise<Array<FileChunk | null>>;
  /** The files of a folder with their sizes (empty when it does not exist). */
  list(dir: string, options?: { signal?: AbortSignal }): Promise<FileEntry[]>;
  /** Writes a file (a spec taobot edited), creating its folder. */
  write(path: string, content: string | Buffer, options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Appends bytes to a file, creating it and its folder: a large file (a model copied to a Jetson) is written
   * chunk by chunk without holding it whole. Not atomic: a caller that fails half-way starts again with `write`.
   */
  append(path: string, content: Buffer, options?: { signal?: AbortSignal }): Promise<void>;
  /** Removes files (checkpoints the user chose to delete); missing files are fine. */
  remove(paths: readonly string[], options?: { signal?: AbortSignal }): Promise<void>;
  /** Runs a short command to completion (nvidia-smi, mkdir…), for inventory and housekeeping. */
  exec(
    argv: readonly string[],
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}
