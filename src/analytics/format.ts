import { formatBytes, formatDuration } from '../pipeline/runs/progress.js';

/**
 * Number formats shared by the summary, comparison and frontier cards, so the same figure reads the same
 * everywhere. Sizes use TAO's MB (2^20 bytes), as its logs do.
 */

export { formatBytes, formatDuration };

/** mAP as TAO prints it: a fraction with four decimals. */
export const formatMap = (map: number | null | undefined): string =>
  map === null || map === undefined || !Number.isFinite(map) ? '—' : map.toFixed(4);

/** A signed mAP difference, `+0.0123` / `−0.0190` (a real minus sign, which lines up in tables). */
export function formatMapDelta(delta: number): string {
  const text = Math.abs(delta).toFixed(4);
  return delta < 0 ? `−${text}` : `+${text}`;
}

/** Model sizes in MB with one decimal: `101.7 MB`. */
export const formatMb = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '—' : `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** GPU-hours: two decimals under ten hours, one above. */
export const formatGpuHours = (hours: number): string => `${hours.toFixed(hours < 10 ? 2 : 1)} h`;

/** A fraction as a whole percentage: `0.221` → `22%`. */
export const formatPercent = (fraction: number | null | undefined): string =>
  fraction === null || fraction === undefined ? '—' : `${Math.round(fraction * 100)}%`;

/** A prune threshold as typed in `/prune … pth=0.1`. */
export const formatThreshold = (threshold: number | null | undefined): string =>
  threshold === null || threshold === undefined ? '—' : `pth ${Number(threshold.toFixed(3))}`;

/** How long ago, from milliseconds: `3h 12m`. */
export const formatAge = (milliseconds: number): string => formatDuration(Math.max(0, milliseconds) / 1000);

/** `1 run` / `3 runs`. */
export const plural = (count: number, noun: string, many = `${noun}s`): string =>
  `${count} ${count === 1 ? noun : many}`;
