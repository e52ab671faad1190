import { createLineParser } from './line-parser.js';
import { parseMetric } from './numbers.js';
import type { LatencyStats, TrtexecEvent, TrtexecSummary } from './trtexec-types.js';
import { type IncrementalParser, parseWhole } from './types.js';

export * from './trtexec-types.js';

/**
 * trtexec's performance summary in both forms. TensorRT 8:
 * `[I] Latency: min = 10.642 ms, max = …, mean = …, median = …, percentile(99%) = 10.9744 ms`.
 * TensorRT 7 prints a section title (`[I] Host Latency`, `[I] GPU Compute`) and then one statistic per line
 * (`[I] mean: 12.8239 ms`, `[I] percentile: 13.2598 ms at 99%`).
 */

// `[03/14/2023-10:00:00] [I] text` (TensorRT 8), `[I] text` (7), `[INFO] text` (tao-converter).
const TAGGED = /^(?:\[\d[^\]]*\] )?\[([A-Z_]+)\] ?(.*)$/;
const THROUGHPUT = /^throughput: (\S+) qps/i;
const STATS_LINE = /^(Latency|GPU Compute Time): (.*)$/;
const STAT_PAIR = /(min|max|mean|median|percentile\(99%\)) = (\S+) ms/g;
const OLD_STAT = /^(min|max|mean|median|percentile): (\S+) ms(?: at (\d+(?:\.\d+)?)%)?/;
const VERDICT = /^&&&& (PASSED|FAILED|RUNNING) TensorRT\.trtexec(?: \[TensorRT v(\d+)\])?/;
const VERSION = /^TensorRT version: (\d+(?:\.\d+)+)/;
const ENGINE_BUILT = /^Engine built in (\S+) sec/;
const ERROR_TAGS: ReadonlySet<string> = new Set(['E', 'F', 'ERROR', 'INTERNAL_ERROR']);

const STAT_KEYS: Readonly<Record<string, keyof LatencyStats>> = {
  min: 'minMs',
  max: 'maxMs',
  mean: 'meanMs',
  median: 'medianMs',
  'percentile(99%)': 'p99Ms',
  percentile: 'p99Ms',
};

/** `8502` → `8.5.2`; TensorRT 10 writes six digits (`100300` → `10.3.0`). */
export function dottedTensorrtVersion(code: string): string {
  if (code.length >= 6) {
    return `${Number(code.slice(0, -4))}.${Number(code.slice(-4, -2))}.${Number(code.slice(-2))}`;
  }
  if (code.length === 4) return `${code[0]}.${code[1]}.${Number(code.slice(2))}`;
  return code;
}

function statsOf(text: string): LatencyStats {
  const stats: Record<string, number> = {};
  for (const [, name, raw] of text.matchAll(STAT_PAIR)) {
    const value = parseMetric(raw as string);
    if (typeof value === 'number') stats[STAT_KEYS[name as string] as string] = value;
  }
  return stats;
}

/** Creates a parser for trtexec, tao-converter and TensorRT engine-build output. */
export function createTrtexecParser(): IncrementalParser<TrtexecEvent> {
  // TensorRT 7 titles a block of statistics; only the host-latency and GPU-compute blocks are kept.
  let section: 'latency' | 'gpu-compute' | null = null;

  /** Reads a tag-free line; false when it says nothing this parser knows. */
  const read = (text: string, out: TrtexecEvent[]): boolean => {
    const throughput = THROUGHPUT.exec(text);
    const qps = throughput ? parseMetric(throughput[1] as string) : undefined;
    if (typeof qps === 'number') {
      out.push({ kind: 'throughput', qps });
      return true;
    }
    const stats = STATS_LINE.exec(text);
    if (stats) {
      out.push({
        kind: stats[1] === 'Latency' ? 'latency' : 'gpu-compute',
        stats: statsOf(stats[2] as string),
      });
      return true;
    }
    if (text === 'Host Latency' || text === 'GPU Compute') {
      section = text === 'Host Latency' ? 'latency' : 'gpu-compute';
      return true;
    }
    const old = OLD_STAT.exec(text);
    if (old) {
      const value = parseMetric(old[2] as string);
      const wanted = old[1] !== 'percentile' || old[3] === '99';
      if (section !== null && typeof value === 'number' && wanted) {
        out.push({ kind: section, stats: { [STAT_KEYS[old[1] as string] as string]: value } });
      }
      return true;
    }
    const verdict = VERDICT.exec(text);
    if (verdict) {
      const version = verdict[2] === undefined ? null : dottedTensorrtVersion(verdict[2]);
      if (verdict[1] !== 'RUNNING') {
        out.push({ kind: 'verdict', passed: verdict[1] === 'PASSED', tensorrtVersion: version });
      } else if (version !== null) out.push({ kind: 'tensorrt-version', version });
      return true;
    }
    const version = VERSION.exec(text);
    if (version) {
      out.push({ kind: 'tensorrt-version', version: version[1] as string });
      return true;
    }
    const built = ENGINE_BUILT.exec(text);
    const seconds = built ? parseMetric(built[1] as string) : undefined;
    if (typeof seconds === 'number') out.push({ kind: 'engine-built', seconds });
    return typeof seconds === 'number';
  };

  const line = (raw: string, out: TrtexecEvent[]): boolean => {
    const trimmed = raw.trim();
    if (trimmed.length === 0) return true;
    const tagged = TAGGED.exec(trimmed);
    const tag = tagged ? (tagged[1] as string) : null;
    const text = tagged ? (tagged[2] as string).trim() : trimmed;
    if (tag !== null && ERROR_TAGS.has(tag)) {
      out.push({ kind: 'error', message: text });
      return true;
    }
    if (read(text, out)) return true;
    // Any other title (Enqueue Time, H2D Latency, …) closes a TensorRT 7 block.
    if (tag !== null && !text.includes(':')) section = null;
    return false;
  };

  return createLineParser({ line });
}

/** Folds trtexec events into one summary; later values win, as when one log holds several runs. */
export function summarizeTrtexec(events: readonly TrtexecEvent[]): TrtexecSummary {
  let latency: LatencyStats = {};
  let gpu: LatencyStats = {};
  const summary = {
    throughputQps: null as number | null,
    passed: null as boolean | null,
    tensorrtVersion: null as string | null,
    engineBuildSeconds: null as number | null,
    errors: [] as string[],
  };
  for (const event of events) {
    if (event.kind === 'throughput') summary.throughputQps = event.qps;
    else if (event.kind === 'latency') latency = { ...latency, ...event.stats };
    else if (event.kind === 'gpu-compute') gpu = { ...gpu, ...event.stats };
    else if (event.kind === 'verdict') {
      summary.passed = event.passed;
      summary.tensorrtVersion = event.tensorrtVersion ?? summary.tensorrtVersion;
    } else if (event.kind === 'tensorrt-version') summary.tensorrtVersion = event.version;
    else if (event.kind === 'engine-built') summary.engineBuildSeconds = event.seconds;
    else summary.errors.push(event.message);
  }
  return {
    ...summary,
    latencyMeanMs: latency.meanMs ?? null,
    latencyP99Ms: latency.p99Ms ?? null,
    latencyMinMs: latency.minMs ?? null,
    latencyMaxMs: latency.maxMs ?? null,
    latencyMedianMs: latency.medianMs ?? null,
    gpuComputeMeanMs: gpu.meanMs ?? null,
    gpuComputeP99Ms: gpu.p99Ms ?? null,
  };
}

/** Parses complete trtexec output into its summary. */
export function parseTrtexecOutput(text: string): TrtexecSummary & { readonly skipped: number } {
  const parsed = parseWhole(createTrtexecParser(), text);
  return { ...summarizeTrtexec(parsed.events), skipped: parsed.skipped };
}
