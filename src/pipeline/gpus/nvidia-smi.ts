import {
  fitFields,
  headerKey,
  integerValue,
  isHeader,
  numberValue,
  splitFields,
  textValue,
} from './csv-rows.js';

/**
 * Pure parsers of `nvidia-smi --query-gpu` and `--query-compute-apps` CSV, and the argv that asks for them.
 * They read every format nvidia-smi prints (`--format=csv`, with `noheader` and/or `nounits`): by the header's
 * names when there is one, by the queried order otherwise. They never throw: a line that does not fit is counted.
 *
 * @example
 * const { stdout } = await executor.exec(gpuQueryArgv(), { timeoutMs: 10_000 });
 * const { rows, skipped } = parseGpuQuery(stdout); // rows[0].memoryUsedMiB === 1395
 */

/** The fields asked of `--query-gpu`, in order: positional parsing relies on this order. */
export const GPU_QUERY_FIELDS = [
  'index',
  'uuid',
  'name',
  'memory.used',
  'memory.total',
  'utilization.gpu',
] as const;

/** The fields asked of `--query-compute-apps`, in order. */
export const APPS_QUERY_FIELDS = ['pid', 'process_name', 'used_gpu_memory', 'gpu_uuid'] as const;

/** One GPU as nvidia-smi reports it; null where nvidia-smi printed `[N/A]` or `[Not Supported]`. */
export interface GpuReading {
  /** nvidia-smi's index, the one TAO's `--gpu_index` and `docker --gpus device=` take. */
  index: number;
  uuid: string;
  name: string | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  utilizationPercent: number | null;
}

/** One process with a CUDA context on a GPU. */
export interface ComputeApp {
  pid: number;
  processName: string | null;
  usedMemoryMiB: number | null;
  gpuUuid: string;
}

export interface ParsedQuery<T> {
  rows: T[];
  /** Non-empty lines that were neither a header nor a row (error text, truncated lines). */
  skipped: number;
  /** The first such line, for an error message. */
  firstSkipped?: string;
}

/** argv for the GPU query; units and header are kept, so the output reads the same as by hand. */
export const gpuQueryArgv = (): string[] => [
  'nvidia-smi',
  `--query-gpu=${GPU_QUERY_FIELDS.join(',')}`,
  '--format=csv',
];

/** argv for the compute-apps query (the processes holding a CUDA context, with their GPU's uuid). */
export const appsQueryArgv = (): string[] => [
  'nvidia-smi',
  `--query-compute-apps=${APPS_QUERY_FIELDS.join(',')}`,
  '--format=csv',
];

function parseTable<T>(
  text: string,
  positional: readonly string[],
  freeText: string,
  toRow: (fields: Map<string, string>) => T | undefined,
): ParsedQuery<T> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const result: ParsedQuery<T> = { rows: [], skipped: 0 };
  let columns: readonly string[] = positional;
  for (const [i, line] of lines.entries()) {
    const fields = splitFields(line);
    if (i === 0 && isHeader(fields)) {
      columns = fields.map(headerKey);
      continue;
    }
    const fitted = fitFields(fields, columns, freeText);
    const row = fitted ? toRow(fitted) : undefined;
    if (row !== undefined) {
      result.rows.push(row);
    } else {
      result.skipped += 1;
      result.firstSkipped ??= line.trim();
    }
  }
  return result;
}

/** A number column; a header that does not name it (another query) reads as no value, not as garbage. */
const optionalNumber = (fields: Map<string, string>, key: string): number | null | undefined =>
  fields.has(key) ? numberValue(fields.get(key)) : null;

/** Parses `--query-gpu=index,uuid,name,memory.used,memory.total,utilization.gpu` output (any `--format=csv…`). */
export function parseGpuQuery(text: string): ParsedQuery<GpuReading> {
  return parseTable(text, GPU_QUERY_FIELDS, 'name', (f) => {
    const index = integerValue(f.get('index'));
    const uuid = textValue(f.get('uuid'));
    const used = optionalNumber(f, 'memory.used');
    const total = optionalNumber(f, 'memory.total');
    const utilization = optionalNumber(f, 'utilization.gpu');
    // Index and uuid identify the GPU; a number column holding text means the line is not a row at all.
    if (index === undefined || uuid === null || used === undefined || total === undefined) return undefined;
    if (utilization === undefined) return undefined;
    return {
      index,
      uuid,
      name: textValue(f.get('name')),
      memoryUsedMiB: used,
      memoryTotalMiB: total,
      utilizationPercent: utilization,
    };
  });
}

/** Parses `--query-compute-apps=pid,process_name,used_gpu_memory,gpu_uuid` output (any `--format=csv…`). */
export function parseAppsQuery(text: string): ParsedQuery<ComputeApp> {
  return parseTable(text, APPS_QUERY_FIELDS, 'process_name', (f) => {
    const pid = integerValue(f.get('pid'));
    const gpuUuid = textValue(f.get('gpu_uuid'));
    const used = optionalNumber(f, 'used_gpu_memory');
    if (pid === undefined || gpuUuid === null || used === undefined) return undefined;
    return { pid, processName: textValue(f.get('process_name')), usedMemoryMiB: used, gpuUuid };
  });
}
