/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing curve closest (least squares, weighted) to
 * noisy points. Pruning harder never makes a model more accurate, so a model's history of (threshold → mAP drop)
 * is fitted with this rather than trusted point by point.
 */
export interface FitPoint {
  x: number;
  y: number;
  weight?: number;
}

/** The fitted value at each distinct x, sorted by x (points at the same x are pooled). */
export function isotonicFit(points: readonly FitPoint[]): Array<{ x: number; y: number }> {
  const byX = new Map<number, { sum: number; weight: number }>();
  for (const point of points) {
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) continue;
    const weight = point.weight ?? 1;
    const entry = byX.get(point.x) ?? { sum: 0, weight: 0 };
    entry.sum += point.y * weight;
    entry.weight += weight;
    byX.set(point.x, entry);
  }
  const xs = [...byX.keys()].sort((a, b) => a - b);
  const blocks: Array<{ sum: number; weight: number; count: number }> = [];
  for (const x of xs) {
    const entry = byX.get(x) as { sum: number; weight: number };
    blocks.push({ sum: entry.sum, weight: entry.weight, count: 1 });
    // Merge backwards while the newest block's mean is below the previous one's.
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as (typeof blocks)[number];
      const previous = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (previous.sum / previous.weight <= last.sum / last.weight) break;
      blocks.splice(blocks.length - 2, 2, {
        sum: previous.sum + last.sum,
        weight: previous.weight + last.weight,
        count: previous.count + last.count,
      });
    }
  }
  const fitted: Array<{ x: number; y: number }> = [];
  let index = 0;
  for (const block of blocks) {
    for (let i = 0; i < block.count; i += 1)
      fitted.push({ x: xs[index++] as number, y: block.sum / block.weight });
  }
  return fitted;
}

/** Linear interpolation on a fitted curve; null outside the range it was fitted on (no extrapolation). */
export function interpolate(curve: ReadonlyArray<{ x: number; y: number }>, x: number): number | null {
  const first = curve[0];
  const last = curve[curve.length - 1];
  if (!first || !last || x < first.x || x > last.x) return null;
  for (let i = 1; i < curve.length; i += 1) {
    const a = curve[i - 1] as { x: number; y: number };
    const b = curve[i] as { x: number; y: number };
    if (x <= b.x) return b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  }
  return first.y;
}
