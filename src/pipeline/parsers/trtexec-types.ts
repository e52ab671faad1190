/** Events and the summary read from trtexec and tao-converter / TensorRT engine-build output. */

/** Latency statistics in milliseconds; a field is absent when the output did not print it. */
export interface LatencyStats {
  readonly minMs?: number;
  readonly maxMs?: number;
  readonly meanMs?: number;
  readonly medianMs?: number;
  readonly p99Ms?: number;
}

export type TrtexecEvent =
  | { readonly kind: 'throughput'; readonly qps: number }
  /** Host latency: TensorRT 8 `Latency: min = …`, or TensorRT 7's `Host Latency` section. */
  | { readonly kind: 'latency'; readonly stats: LatencyStats }
  /** TensorRT 8 `GPU Compute Time: …`, or TensorRT 7's `GPU Compute` section. */
  | { readonly kind: 'gpu-compute'; readonly stats: LatencyStats }
  /** `&&&& PASSED|FAILED TensorRT.trtexec [TensorRT v8502] # …`. */
  | { readonly kind: 'verdict'; readonly passed: boolean; readonly tensorrtVersion: string | null }
  /** `TensorRT version: 8.6.1`, or the version in a `&&&& RUNNING` line. */
  | { readonly kind: 'tensorrt-version'; readonly version: string }
  /** `Engine built in 12.3 sec.` */
  | { readonly kind: 'engine-built'; readonly seconds: number }
  /** An `[E]`/`[F]` (trtexec) or `[ERROR]`/`[INTERNAL_ERROR]` (tao-converter, TensorRT logger) line. */
  | { readonly kind: 'error'; readonly message: string };

/** What a trtexec or engine-build run reported, with nulls where the output said nothing. */
export interface TrtexecSummary {
  readonly throughputQps: number | null;
  readonly latencyMeanMs: number | null;
  readonly latencyP99Ms: number | null;
  readonly latencyMinMs: number | null;
  readonly latencyMaxMs: number | null;
  readonly latencyMedianMs: number | null;
  readonly gpuComputeMeanMs: number | null;
  readonly gpuComputeP99Ms: number | null;
  /** From the `&&&&` verdict line; null when it never came (still running, or killed). */
  readonly passed: boolean | null;
  /** Dotted, e.g. `8.5.2`. */
  readonly tensorrtVersion: string | null;
  readonly engineBuildSeconds: number | null;
  readonly errors: readonly string[];
}
