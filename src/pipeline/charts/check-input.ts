import { err, ok, type Result } from '../../shared/result.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from './style.js';
import { type ChartInputError, type ChartSize, chartInputError, type EpochPoint } from './types.js';

/** An epoch with every metric either a finite number or null. */
export interface CleanEpoch {
  readonly epoch: number;
  readonly loss: number | null;
  readonly map: number | null;
  readonly validationLoss: number | null;
  readonly epochSeconds: number | null;
}

/**
 * Absent, null and non-finite all mean "not measured": TAO's CSV writes `nan` on epochs it did not validate,
 * and a diverged loss is NaN too; neither can be drawn, so both become gaps.
 */
export const finiteOrNull = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export const isFraction = (value: number): boolean => Number.isFinite(value) && value >= 0 && value <= 1;

/**
 * Checks and orders a run's epochs: at least one, positive integer epochs without duplicates, mAP a
 * fraction in 0–1, epoch seconds not negative. Returns them sorted by epoch with gaps as null.
 */
export function cleanEpochs(
  chart: string,
  points: readonly EpochPoint[],
): Result<CleanEpoch[], ChartInputError> {
  if (points.length === 0)
    return err(chartInputError(chart, 'no epochs to draw yet: pass at least one epoch'));
  const seen = new Set<number>();
  const clean: CleanEpoch[] = [];
  for (const point of points) {
    const { epoch } = point;
    if (!Number.isInteger(epoch) || epoch < 1) {
      return err(chartInputError(chart, `epoch must be a positive integer, got ${String(epoch)}`));
    }
    if (seen.has(epoch))
      return err(chartInputError(chart, `epoch ${epoch} appears twice: pass one point per epoch`));
    seen.add(epoch);
    const map = finiteOrNull(point.map);
    if (map !== null && !isFraction(map)) {
      return err(
        chartInputError(
          chart,
          `mAP must be a fraction in 0–1 as TAO reports it, got ${map} at epoch ${epoch}`,
        ),
      );
    }
    const epochSeconds = finiteOrNull(point.epochSeconds);
    if (epochSeconds !== null && epochSeconds < 0) {
      return err(
        chartInputError(chart, `epoch seconds cannot be negative, got ${epochSeconds} at epoch ${epoch}`),
      );
    }
    clean.push({
      epoch,
      loss: finiteOrNull(point.loss),
      map,
      validationLoss: finiteOrNull(point.validationLoss),
      epochSeconds,
    });
  }
  return ok(clean.sort((a, b) => a.epoch - b.epoch));
}

/** Largest canvas side accepted: big enough for any screen, small enough not to exhaust memory by a typo. */
const MAX_SIDE = 4000;

/** The drawing size, defaulted and checked to be whole pixels within reason. */
export function chartSize(
  chart: string,
  size: ChartSize,
): Result<{ width: number; height: number }, ChartInputError> {
  const width = size.width ?? DEFAULT_WIDTH;
  const height = size.height ?? DEFAULT_HEIGHT;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 100 || value > MAX_SIDE) {
      return err(
        chartInputError(chart, `${name} must be a whole number of pixels in 100–${MAX_SIDE}, got ${value}`),
      );
    }
  }
  return ok({ width, height });
}
