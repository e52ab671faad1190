import type { EpochEndEvent, ProgressEvent } from './console-types.js';
import { parseKerasEta, parseMetric } from './numbers.js';

/**
 * Keras progress-bar frames. The last frame of an epoch reads `85/85 [====] - 18s 210ms/step - loss: 1.7293`
 * (`ms`, `us` or `s` per step by speed); the frames before it read `3/85 [>....] - ETA: 1:23 - loss: 2.31`.
 * Metrics are printed `%.4f`, or `%.4e` when tiny, so values can read `1.2345e-05` or `nan`.
 */

const FINAL = /^(\d+)\/(\d+) \[=+\] - (\d+)s(?: (\d+)(ms|us|s)\/step)?(.*)$/;
const ETA = /^(\d+)\/(\d+) \[[=>.]*\] - ETA: (\S+)(.*)$/;

const MS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, us: 0.001, s: 1000 };

/** Reads the ` - name: value - name: value` tail of a frame; null when a pair is malformed. */
function metricsOf(tail: string): Record<string, number | null> | null {
  const metrics: Record<string, number | null> = {};
  const trimmed = tail.trim();
  if (trimmed.length === 0) return metrics;
  if (!trimmed.startsWith('- ')) return null;
  for (const pair of trimmed.slice(2).split(' - ')) {
    const colon = pair.lastIndexOf(': ');
    if (colon <= 0) return null;
    const value = parseMetric(pair.slice(colon + 2));
    if (value === undefined) return null;
    metrics[pair.slice(0, colon)] = value;
  }
  return metrics;
}

/** Reads a Keras frame (a trimmed line starting with a digit); null when it is not one. */
export function readKerasFrame(
  line: string,
  epoch: number | null,
  level: string | null,
): ProgressEvent | EpochEndEvent | null {
  const final = FINAL.exec(line);
  if (final) {
    const metrics = metricsOf(final[6] as string);
    if (!metrics) return null;
    const unit = final[5];
    return {
      kind: 'epoch-end',
      level,
      epoch,
      step: Number(final[1]),
      steps: Number(final[2]),
      durationS: Number(final[3]),
      stepTimeMs: unit === undefined ? null : Number(final[4]) * (MS_PER_UNIT[unit] as number),
      loss: metrics.loss ?? null,
      metrics,
    };
  }
  const eta = ETA.exec(line);
  if (!eta) return null;
  const metrics = metricsOf(eta[4] as string);
  if (!metrics) return null;
  return {
    kind: 'progress',
    level,
    epoch,
    step: Number(eta[1]),
    steps: Number(eta[2]),
    etaS: parseKerasEta(eta[3] as string),
    loss: metrics.loss ?? null,
  };
}
