import { performance } from 'node:perf_hooks';
import { HostUnreachableError } from '../executors/backoff.js';
import { parseExitCode } from '../executors/exit-file.js';
import type { Executor, ProcessState } from '../executors/types.js';
import { copyBetween } from './transfer.js';
import type { TransferStep } from './types.js';

/** One transfer step of one run, with the machines it copies between and where its outcome is recorded. */
export interface TransferJob {
  /** Unique per run and step (`7:1`). */
  key: string;
  step: TransferStep;
  from: Executor;
  to: Executor;
  /** On the device: what was copied, or why not. */
  logFile: string;
  /** On the device: `0` or `1`, written last, as the exit-file wrapper does for a process. */
  exitFile: string;
}

/**
 * Runs transfer steps in the background of the taobot process and answers for them as an executor answers for a
 * process: running, or exited with a code. The outcome is recorded on the device (log, then exit file), so it
 * survives a restart; a copy interrupted by a restart has no exit file and is simply started again, from the
 * first byte. Nothing is moved into place by a copy: only the staging folder is written.
 */
export interface TransferRunner {
  /** Starts (or starts again) the copy; resolves once it is under way. */
  start(job: TransferJob): Promise<void>;
  status(job: TransferJob): Promise<ProcessState>;
}

type Flight =
  | { state: 'running' }
  | { state: 'done'; exitCode: number }
  /** The server or the device stopped answering: nothing is recorded, the copy starts again once they answer. */
  | { state: 'unreachable'; error: HostUnreachableError };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function copyAll(job: TransferJob): Promise<{ exitCode: number; log: string }> {
  const lines: string[] = [];
  for (const { source, target } of job.step.files) {
    const started = performance.now();
    try {
      const bytes = await copyBetween(job.from, job.to, source, target);
      lines.push(`copied ${source} to ${target}: ${bytes} bytes in ${seconds(performance.now() - started)}`);
    } catch (error) {
      if (error instanceof HostUnreachableError) throw error;
      lines.push(`copy of ${source} to ${target} failed: ${error instanceof Error ? error.message : error}`);
      return { exitCode: 1, log: `${lines.join('\n')}\n` };
    }
  }
  return { exitCode: 0, log: `${lines.join('\n')}\n` };
}

/** A runner whose copies in flight live as long as the taobot process that started them. */
export function createTransferRunner(): TransferRunner {
  const flights = new Map<string, Flight>();

  const launch = (job: TransferJob) => {
    const running: Flight = { state: 'running' };
    flights.set(job.key, running);
    void (async () => {
      let outcome: Flight;
      try {
        const { exitCode, log } = await copyAll(job);
        // The log first and the exit file last: an exit file means the whole outcome is there.
        await job.to.write(job.logFile, log);
        await job.to.write(job.exitFile, `${exitCode}\n`);
        outcome = { state: 'done', exitCode };
      } catch (error) {
        outcome =
          error instanceof HostUnreachableError
            ? { state: 'unreachable', error }
            : { state: 'done', exitCode: 1 };
      }
      // A newer launch of the same step (after a restart of the step) owns the entry now.
      if (flights.get(job.key) === running) flights.set(job.key, outcome);
    })();
  };

  return {
    async start(job) {
      // An exit file of an earlier attempt must not pass for this one's.
      await job.to.remove([job.exitFile]);
      launch(job);
    },
    async status(job) {
      const flight = flights.get(job.key);
      if (flight?.state === 'running') return { state: 'running' };
      if (flight) flights.delete(job.key);
      if (flight?.state === 'done') return { state: 'exited', exitCode: flight.exitCode };
      if (flight?.state === 'unreachable') throw flight.error;
      // Not in flight here: taobot restarted since the copy began. Its recorded outcome, or a new copy.
      const recorded = await job.to.read(job.exitFile, 0, 64);
      if (recorded) {
        const code = parseExitCode(recorded.data.toString('utf8'));
        if (code.ok) return { state: 'exited', exitCode: code.value };
      }
      launch(job);
      return { state: 'running' };
    },
  };
}
