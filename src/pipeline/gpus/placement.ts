import { allocateGpus } from '../runs/gpu-allocation.js';
import type { ComputeApp, GpuReading } from './nvidia-smi.js';

/**
 * Memory in use above which a GPU counts as busy even with no compute process listed. An idle driver reports a
 * few MiB (0 on an H200, up to ~10 on older cards); a CUDA context alone takes a few hundred, and processes in
 * another container or PID namespace may be missing from `--query-compute-apps` while their memory is not.
 */
export const BUSY_MEMORY_MIB = 100;

/** Whether a GPU is in use by anyone: a compute process on it, or memory used above `BUSY_MEMORY_MIB`. */
export function isGpuActive(gpu: GpuReading, apps: readonly ComputeApp[]): boolean {
  if (apps.some((a) => a.gpuUuid === gpu.uuid)) return true;
  return gpu.memoryUsedMiB !== null && gpu.memoryUsedMiB > BUSY_MEMORY_MIB;
}

/**
 * The indexes below `total` a new run must not get according to nvidia-smi: GPUs in use (by taobot's runs or
 * anyone else's), and configured indexes nvidia-smi does not list (a GPU fallen off the bus cannot run anything).
 */
export function unavailableIndexes(
  total: number,
  gpus: readonly GpuReading[],
  apps: readonly ComputeApp[],
): number[] {
  const listed = new Map(gpus.map((g) => [g.index, g]));
  const out: number[] = [];
  for (let index = 0; index < total; index += 1) {
    const gpu = listed.get(index);
    if (!gpu || isGpuActive(gpu, apps)) out.push(index);
  }
  return out;
}

/**
 * Which GPU indexes of a server a new run gets (pure): the lowest indexes that neither a taobot run holds nor
 * anything else keeps busy, or null when not enough are free (the run stays queued). `heldByTaobot` has one entry
 * per run holding GPUs on the server (null for a run without recorded indexes, which still counts against the free
 * ones); `busyElsewhere` may include GPUs taobot's own runs keep busy, which are simply taken once.
 *
 * @example
 * chooseGpus(4, [[0]], [1], 2); // → [2, 3]
 * chooseGpus(2, [], [0], 2);    // → null
 */
export function chooseGpus(
  total: number,
  heldByTaobot: ReadonlyArray<readonly number[] | null>,
  busyElsewhere: Iterable<number>,
  wanted: number,
): number[] | null {
  const held = new Set(heldByTaobot.flatMap((indexes) => indexes ?? []));
  // Indexes past the configured count are never handed out, so they must not shrink the free count either.
  const busy = [...new Set(busyElsewhere)].filter((i) => i >= 0 && i < total && !held.has(i));
  return allocateGpus(total, [...heldByTaobot, busy], wanted);
}
