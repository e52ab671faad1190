import type { Logger } from 'pino';
import type { ServerConfig } from '../../config/index.js';
import type { Result } from '../../shared/result.js';
import type { Executor } from '../executors/types.js';
import { isSimulatedServer } from './inventory.js';
import { unavailableIndexes } from './placement.js';
import { type GpuSnapshot, readGpuSnapshot } from './snapshot.js';

/**
 * What placement asks before it hands out GPU indexes: which of a server's configured GPUs nvidia-smi shows in
 * use or missing. Answers are cached per server for a few seconds, so a pass placing several runs, or passes
 * every 100 ms, ask nvidia-smi once.
 *
 * @example
 * const busy = await availability.unavailable(server); // [1], or null: rely on taobot's own bookkeeping
 * chooseGpus(server.gpus, holders, busy ?? [], run.gpus);
 */
export interface GpuAvailability {
  /** Null when there is no inventory to go by (simulated, Slurm, nvidia-smi failed). */
  unavailable(server: ServerConfig): Promise<number[] | null>;
}

export interface GpuAvailabilityOptions {
  executorFor(server: ServerConfig): Executor;
  logger: Logger;
  /** How long an answer (or a failure) is reused. */
  ttlMs?: number;
  /** Placement runs inside the reconcile pass, which waits for it: kept shorter than the chat command's limit. */
  timeoutMs?: number;
  now?: () => number;
}

/** Seconds-old readings are good enough: a process that appears later fails its own start, not taobot's run. */
export const AVAILABILITY_TTL_MS = 5_000;

export function createGpuAvailability(options: GpuAvailabilityOptions): GpuAvailability {
  const { logger } = options;
  const ttlMs = options.ttlMs ?? AVAILABILITY_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expires: number; snapshot: Promise<Result<GpuSnapshot, string>> }>();
  const lastError = new Map<string, string | null>();

  // Said once per change, not every pass: a server without nvidia-smi would otherwise fill the log.
  const note = (server: string, error: string | null) => {
    const before = lastError.get(server);
    lastError.set(server, error);
    if (error !== null && before !== error) {
      logger.warn({ server, error }, 'nvidia-smi gave no GPU inventory; placement goes by taobot runs only');
    } else if (error === null && typeof before === 'string') {
      logger.info({ server }, 'nvidia-smi answers again; placement avoids GPUs busy elsewhere');
    }
  };

  const snapshotOf = (server: ServerConfig) => {
    const cached = cache.get(server.name);
    if (cached && cached.expires > now()) return cached.snapshot;
    // Inside an async function, so an executor that cannot even be built also becomes a failed answer.
    const snapshot = (async () =>
      readGpuSnapshot(options.executorFor(server), { timeoutMs: options.timeoutMs ?? 5_000 }))().catch(
      (error: unknown) => ({
        ok: false as const,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    // The reuse window starts when the answer arrives: a query that took its whole timeout is not asked again
    // at once (a hung driver would otherwise slow every pass).
    const entry = { expires: Number.POSITIVE_INFINITY, snapshot };
    cache.set(server.name, entry);
    void snapshot.then(() => {
      entry.expires = now() + ttlMs;
    });
    return snapshot;
  };

  return {
    async unavailable(server) {
      if (isSimulatedServer(server) || server.executor === 'slurm') return null;
      const snapshot = await snapshotOf(server);
      note(server.name, snapshot.ok ? null : snapshot.error);
      if (!snapshot.ok) return null;
      return unavailableIndexes(server.gpus, snapshot.value.gpus, snapshot.value.apps);
    },
  };
}
