import type { EpochEndEvent, ProgressEvent } from './console-types.js';
import { parseKerasEta, parseMetric } from './numbers.js';

/**
 * Keras progress-bar frames. The last frame of an epoch reads `85/85 [====] - 18s 210ms/step - loss: 1.7293`
 * (`ms`, `us` or `s` per step by speed); the frames before it read `3/85 [>....] - ETA: 1:23 - loss: 2.31`.
 * Metrics are printed `%.4f`, or `%.4e` when tiny, so values can read `1.2345e-05` or `nan`.
 */

// One pattern for both frame kinds, so a frame costs a single match: ETA frames fill group 4, final ones 5–7.
const FRAME = /^(\d+)\/(\d+) \[([=>.]*)\] - (?:ETA: (\S+)|(\d+)s(?: (\d+)(ms|us|s)\/step)?)(.*)$/;
const LOSS_ONLY = ' - loss: ';

const MS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, us: 0.001, s: 1000 };

/** Reads the ` - name: value - name: value` tail of a frame; null when a pair is malformed. */
function metricsOf(tail: string): Record<string, number | null> | null {
  // Fast path: TAO's detectors report the loss alone, so most tails are exactly ` - loss: 1.2345`.
  if (tail.startsWith(LOSS_ONLY) && tail.indexOf(' - ', LOSS_ONLY.length) === -1) {
    const loss = parseMetric(tail.slice(LOSS_ONLY.length));
    return loss === undefined ? null : { loss };
  }
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
  const frame = FRAME.exec(line);
  if (!frame) return null;
  const metrics = metricsOf(frame[8] as string);
  if (!metrics) return null;
  const step = Number(frame[1]);
  const steps = Number(frame[2]);
  const loss = metrics.loss ?? null;
  const eta = frame[4];
  if (eta !== undefined) {
    return { kind: 'progress', level, epoch, step, steps, etaS: parseKerasEta(eta), loss };
  }
  // Only the last frame of an epoch has the `- 18s 210ms/step` form; it never shows a partly drawn bar.
  const bar = frame[3] as string;
  if (bar.length === 0 || bar.includes('>') || bar.includes('.')) return null;
  const unit = frame[7];
  return {
    kind: 'epoch-end',
    level,
    epoch,
    step,
    steps,
    durationS: Number(frame[5]),
    stepTimeMs: unit === undefined ? null : Number(frame[6]) * (MS_PER_UNIT[unit] as number),
    loss,
    metrics,
  };
}
