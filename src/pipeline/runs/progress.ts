/**
 * What a live status card shows, computed from the stored epochs: pure, so the same numbers appear in every
 * adapter and in tests.
 */
export interface EpochFacts {
  epoch: number;
  loss: number | null;
  map: number | null;
  epochSeconds: number | null;
}

export interface Progress {
  epoch: number;
  total: number;
  lastEpochSeconds: number | null;
  meanEpochSeconds: number | null;
  etaSeconds: number | null;
  loss: number | null;
  lastMap: { epoch: number; map: number } | null;
}

export function summarizeProgress(epochs: readonly EpochFacts[], total: number): Progress {
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  const last = sorted[sorted.length - 1];
  const timed = sorted.map((e) => e.epochSeconds).filter((s): s is number => s !== null && s > 0);
  const mean = timed.length > 0 ? timed.reduce((sum, s) => sum + s, 0) / timed.length : null;
  const validated = sorted.filter((e) => e.map !== null);
  const lastValidated = validated[validated.length - 1];
  const epoch = last?.epoch ?? 0;
  return {
    epoch,
    total,
    lastEpochSeconds: timed[timed.length - 1] ?? null,
    meanEpochSeconds: mean,
    etaSeconds: mean !== null ? Math.max(0, total - epoch) * mean : null,
    loss: last?.loss ?? null,
    lastMap: lastValidated ? { epoch: lastValidated.epoch, map: lastValidated.map as number } : null,
  };
}

/** `[██████░░░░░░] 50%`: text, so it reads the same in a terminal, Slack and Discord. */
export function progressBar(current: number, total: number, width = 20): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, current / total)) : 0;
  const filled = Math.round(fraction * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.floor(fraction * 100)}%`;
}

/** 3725 → `1h 02m`, 95 → `1m 35s`, 4.2 → `4.2s`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Sizes in TAO's units: TAO reports a model's "size" in MB of 2^20 bytes, so taobot's figures match its logs. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** `[1,2,3,5,7,8]` → `1–3, 5, 7–8`: long epoch lists stay one short line. */
export function formatRanges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j += 1;
    parts.push(j - i >= 1 ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(', ');
}
