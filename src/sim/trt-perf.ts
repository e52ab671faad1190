import { gauss } from './curves.js';
import type { SimulatedModelHeader } from './model-file.js';

/**
 * The simulated TensorRT benchmark of an engine on a Jetson-class GPU. Latency grows with parameters and input
 * area and falls with precision: an unpruned SSD-ResNet18 300×300 at FP16 runs about 150 qps, INT8 about 240,
 * FP32 about 65, and pruned models much faster.
 */
export interface PerfSummary {
  readonly throughput: number;
  readonly latency: Stats;
  readonly enqueue: Stats;
  readonly h2d: Stats;
  readonly gpuCompute: Stats;
  readonly d2h: Stats;
  readonly walltimeSeconds: number;
  readonly totalGpuSeconds: number;
  readonly queries: number;
}

export interface Stats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
}

const UNPRUNED_SSD_RESNET18 = 13_330_022;
const PRECISION_FACTOR = { fp32: 2.3, fp16: 1, int8: 0.62 } as const;

function stats(mean: number): Stats {
  return {
    min: mean * 0.985,
    max: mean * 1.031,
    mean,
    median: mean * 0.9995,
    p90: mean * 1.012,
    p95: mean * 1.017,
    p99: mean * 1.026,
  };
}

/** Benchmarks an engine for `durationSeconds` (at least `iterations` queries) at its optimal batch size. */
export function benchmark(
  engine: SimulatedModelHeader,
  durationSeconds: number,
  iterations: number,
): PerfSummary {
  const batch = Math.max(1, engine.optBatchSize ?? 1);
  const area = (engine.input.height * engine.input.width) / 90_000;
  const size = (engine.paramCount / UNPRUNED_SSD_RESNET18) ** 0.85;
  const precision = PRECISION_FACTOR[engine.precision ?? 'fp32'];
  const jitter = 1 + 0.03 * gauss(engine.seed, 'trt', engine.precision ?? 'fp32', engine.paramCount);
  const gpuMs = (0.45 + 6.3 * size * area) * precision * batch ** 0.85 * jitter;
  const h2dMs = 0.3 * area * batch;
  const d2hMs = 0.03 + 0.002 * batch;
  const throughput = 1000 / (gpuMs * 1.004);
  const walltimeSeconds = Math.max(durationSeconds, iterations / throughput) * 1.003;
  const queries = Math.max(iterations, Math.floor(throughput * walltimeSeconds));
  return {
    throughput,
    latency: stats(h2dMs + gpuMs + d2hMs),
    enqueue: stats(0.5 + 0.12 * gpuMs),
    h2d: stats(h2dMs),
    gpuCompute: stats(gpuMs),
    d2h: stats(d2hMs),
    walltimeSeconds,
    totalGpuSeconds: (queries * gpuMs) / 1000,
    queries,
  };
}

/** A number as C++ `ostream` prints it by default (6 significant digits, trailing zeros dropped). */
export const cppNumber = (x: number): string => String(Number(x.toPrecision(6)));

const statsText = (s: Stats): string =>
  `min = ${cppNumber(s.min)} ms, max = ${cppNumber(s.max)} ms, mean = ${cppNumber(s.mean)} ms, ` +
  `median = ${cppNumber(s.median)} ms, percentile(90%) = ${cppNumber(s.p90)} ms, ` +
  `percentile(95%) = ${cppNumber(s.p95)} ms, percentile(99%) = ${cppNumber(s.p99)} ms`;

/** trtexec 8.5's performance summary lines, without their `[timestamp] [I] ` prefix. */
export function summaryLines(p: PerfSummary): string[] {
  return [
    '=== Performance summary ===',
    `Throughput: ${cppNumber(p.throughput)} qps`,
    `Latency: ${statsText(p.latency)}`,
    `Enqueue Time: ${statsText(p.enqueue)}`,
    `H2D Latency: ${statsText(p.h2d)}`,
    `GPU Compute Time: ${statsText(p.gpuCompute)}`,
    `D2H Latency: ${statsText(p.d2h)}`,
    `Total Host Walltime: ${cppNumber(p.walltimeSeconds)} s`,
    `Total GPU Compute Time: ${cppNumber(p.totalGpuSeconds)} s`,
    'Explanations of the performance metrics are printed in the verbose logs.',
    '',
  ];
}
