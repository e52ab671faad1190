/** What the simulator needs from the process that runs it. Tests pass plain objects. */
export interface SimIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths in the arguments resolve against this directory. */
  cwd: string;
  /** The wall clock for log timestamps and status.json dates; defaults to `new Date()`. */
  now?: () => Date;
  /**
   * Stops the run the way SIGINT/SIGTERM would; `signal.reason` may be 'SIGINT' or 'SIGTERM'. When absent, the
   * simulator listens to the process's own SIGINT and SIGTERM while it runs.
   */
  signal?: AbortSignal;
}

/** Exit status of a TAO task that failed: the entrypoint calls `sys.exit(-1)`. */
export const EXIT_TASK_FAILED = 255;
/** Exit status of an argparse usage error. */
export const EXIT_USAGE = 2;
/** Exit status of a process stopped by a signal, as a shell reports it. */
export const exitForSignal = (reason: unknown): number => (reason === 'SIGINT' ? 130 : 143);
