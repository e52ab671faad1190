import { err, ok, type Result } from '../../shared/result.js';
import type { Executor } from '../executors/types.js';
import {
  appsQueryArgv,
  type ComputeApp,
  type GpuReading,
  gpuQueryArgv,
  parseAppsQuery,
  parseGpuQuery,
} from './nvidia-smi.js';

/** What nvidia-smi said about a server's GPUs at one moment. */
export interface GpuSnapshot {
  gpus: GpuReading[];
  apps: ComputeApp[];
  /** Set when the process query failed while the GPU query worked: GPUs are then judged by memory alone. */
  appsError?: string;
  /** Lines of either query that could not be read. */
  skipped: number;
  at: Date;
}

/**
 * nvidia-smi hangs rather than fails when a driver is wedged; 10 s is far beyond its usual ~0.1–1 s (most of it
 * driver initialisation when persistence mode is off) and short enough for a chat command.
 */
export const NVIDIA_SMI_TIMEOUT_MS = 10_000;

type Exec = { exitCode: number; stdout: string; stderr: string };

const firstLine = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '') ?? '';

/** Why a finished nvidia-smi call is no answer, in words an operator can act on; null when it is one. */
function failure(result: Exec, timeoutMs: number): string | null {
  if (result.exitCode === 0) return null;
  if (result.exitCode === 127) return 'nvidia-smi is not installed there (or not on PATH)';
  if (result.exitCode === 124 || result.exitCode === 137) {
    return `nvidia-smi did not answer within ${Math.round(timeoutMs / 1000)} s (a hung driver?)`;
  }
  // nvidia-smi prints its own errors ("couldn't communicate with the NVIDIA driver") on stdout.
  const said = firstLine(result.stderr) || firstLine(result.stdout);
  return `nvidia-smi exited with code ${result.exitCode}${said ? `: ${said}` : ''}`;
}

async function run(
  executor: Executor,
  argv: string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<Result<string, string>> {
  try {
    const result = await executor.exec(argv, options);
    const why = failure(result, options.timeoutMs);
    return why ? err(why) : ok(result.stdout);
  } catch (error) {
    // An abort is the caller's decision, not nvidia-smi's failure.
    options.signal?.throwIfAborted();
    return err(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs both nvidia-smi queries on a server through its executor and parses them. Never throws for a failure of
 * the server (unreachable, no nvidia-smi, a driver error, output that is no CSV): it returns the reason instead.
 *
 * @example
 * const snapshot = await readGpuSnapshot(executorFor(server));
 * if (snapshot.ok) snapshot.value.gpus.map((g) => g.memoryUsedMiB);
 */
export async function readGpuSnapshot(
  executor: Executor,
  options: { timeoutMs?: number; signal?: AbortSignal; now?: () => Date } = {},
): Promise<Result<GpuSnapshot, string>> {
  const call = { timeoutMs: options.timeoutMs ?? NVIDIA_SMI_TIMEOUT_MS, signal: options.signal };
  const [gpuText, appsText] = await Promise.all([
    run(executor, gpuQueryArgv(), call),
    run(executor, appsQueryArgv(), call),
  ]);
  if (!gpuText.ok) return gpuText;
  const gpus = parseGpuQuery(gpuText.value);
  if (gpus.rows.length === 0) {
    return err(
      gpus.firstSkipped
        ? `nvidia-smi printed no GPU rows: ${gpus.firstSkipped}`
        : 'nvidia-smi listed no GPUs',
    );
  }
  const apps = appsText.ok ? parseAppsQuery(appsText.value) : { rows: [], skipped: 0 };
  return ok({
    gpus: gpus.rows,
    apps: apps.rows,
    ...(appsText.ok ? {} : { appsError: appsText.error }),
    skipped: gpus.skipped + apps.skipped,
    at: options.now?.() ?? new Date(),
  });
}
