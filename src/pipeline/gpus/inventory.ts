import { type ServerConfig, SIMULATOR } from '../../config/index.js';
import type { Executor } from '../executors/types.js';
import type { ComputeApp, GpuReading } from './nvidia-smi.js';
import { isGpuActive } from './placement.js';
import { readGpuSnapshot } from './snapshot.js';

/** Who holds a GPU: a taobot run (by its recorded indexes), something else (processes or memory), or nobody. */
export type GpuHolder =
  | { kind: 'run'; runId: number }
  | { kind: 'other'; apps: ComputeApp[] }
  | { kind: 'free' };

/** A GPU as nvidia-smi reports it, with its processes and its holder. */
export interface InventoryGpu extends GpuReading {
  apps: ComputeApp[];
  holder: GpuHolder;
}

/** A GPU known only from the configuration and taobot's own bookkeeping (simulated servers, Slurm clusters). */
export interface ConfiguredGpu {
  index: number;
  holder: Extract<GpuHolder, { kind: 'run' | 'free' }>;
}

/** One server's GPUs, or why they could not be read. */
export type ServerInventory =
  | {
      server: string;
      source: 'nvidia-smi';
      configured: number;
      gpus: InventoryGpu[];
      skipped: number;
      appsError?: string;
      at: Date;
    }
  /** No nvidia-smi to ask: taobot's simulator runs there, or Slurm hands out the GPUs of its nodes. */
  | { server: string; source: 'simulated' | 'slurm'; configured: number; gpus: ConfiguredGpu[] }
  /** nvidia-smi could not be asked or gave no answer; `gpus` is taobot's own bookkeeping. */
  | { server: string; source: 'error'; configured: number; error: string; gpus: ConfiguredGpu[] };

/** A run that holds GPUs (starting or running) on the server. */
export interface GpuHoldingRun {
  id: number;
  gpuIndices: readonly number[] | null;
}

export const isSimulatedServer = (server: ServerConfig): boolean => server.tao === SIMULATOR;

/** Which run holds each index, from the runs' recorded `gpu_indices`. */
export function runsByIndex(runs: readonly GpuHoldingRun[]): Map<number, number> {
  const byIndex = new Map<number, number>();
  for (const run of runs) for (const index of run.gpuIndices ?? []) byIndex.set(index, run.id);
  return byIndex;
}

/** The configured GPUs with the runs holding them (pure). */
export function configuredGpus(total: number, runs: readonly GpuHoldingRun[]): ConfiguredGpu[] {
  const byIndex = runsByIndex(runs);
  return Array.from({ length: total }, (_, index) => {
    const runId = byIndex.get(index);
    return { index, holder: runId === undefined ? { kind: 'free' } : { kind: 'run', runId } };
  });
}

/** Joins nvidia-smi's GPUs and processes (by uuid) and names each GPU's holder (pure). */
export function joinInventory(
  gpus: readonly GpuReading[],
  apps: readonly ComputeApp[],
  runs: readonly GpuHoldingRun[],
): InventoryGpu[] {
  const byIndex = runsByIndex(runs);
  return [...gpus]
    .sort((a, b) => a.index - b.index)
    .map((gpu) => {
      const own = apps.filter((a) => a.gpuUuid === gpu.uuid);
      const runId = byIndex.get(gpu.index);
      const holder: GpuHolder =
        runId !== undefined
          ? { kind: 'run', runId }
          : isGpuActive(gpu, own)
            ? { kind: 'other', apps: own }
            : { kind: 'free' };
      return { ...gpu, apps: own, holder };
    });
}

async function snapshotOf(
  executorOf: () => Executor,
  options: { timeoutMs?: number; signal?: AbortSignal },
): ReturnType<typeof readGpuSnapshot> {
  let executor: Executor;
  try {
    executor = executorOf();
  } catch (error) {
    // An executor the configuration cannot build (a missing host) is one server's problem, not the command's.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return readGpuSnapshot(executor, options);
}

/**
 * One server's GPU inventory: nvidia-smi's two queries through the server's executor, joined by uuid, each GPU
 * marked with the taobot run holding it. Simulated servers and Slurm clusters have no nvidia-smi to ask and are
 * reported from the configuration, and their executor is not even built; a failure is returned as the `error`
 * source, never thrown.
 *
 * @example
 * const inventory = await readServerInventory(server, () => executorFor(server), holdingRuns);
 * if (inventory.source === 'nvidia-smi') inventory.gpus[0].holder; // { kind: 'run', runId: 12 }
 */
export async function readServerInventory(
  server: ServerConfig,
  executorOf: () => Executor,
  runs: readonly GpuHoldingRun[],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ServerInventory> {
  const base = { server: server.name, configured: server.gpus };
  if (isSimulatedServer(server)) {
    return { ...base, source: 'simulated', gpus: configuredGpus(server.gpus, runs) };
  }
  // nvidia-smi on a login node says nothing about the compute nodes' GPUs, which Slurm allocates itself.
  if (server.executor === 'slurm') {
    return { ...base, source: 'slurm', gpus: configuredGpus(server.gpus, runs) };
  }
  const snapshot = await snapshotOf(executorOf, options);
  if (!snapshot.ok) {
    return { ...base, source: 'error', error: snapshot.error, gpus: configuredGpus(server.gpus, runs) };
  }
  const { gpus, apps, skipped, appsError, at } = snapshot.value;
  return {
    ...base,
    source: 'nvidia-smi',
    gpus: joinInventory(gpus, apps, runs),
    skipped,
    ...(appsError ? { appsError } : {}),
    at,
  };
}
