import { renderTable } from '../bot/adapters/shell/render.js';
import { formatBytes, formatRanges } from '../pipeline/runs/progress.js';
import type { ResultsScan } from './scan-results.js';

/** The import report as terminal text (pure). */
export function formatScan(scan: ResultsScan): string {
  const validated = scan.epochs.filter((e) => typeof e.map === 'number');
  const saved = new Set(scan.checkpoints.map((c) => c.epoch));
  const disk = scan.checkpoints.reduce((sum, c) => sum + c.bytes, 0);
  const lines = [
    `${scan.simulated ? '[SIMULATED] ' : ''}Results in ${scan.dir}`,
    `  network ${scan.network ?? '?'} · backbone ${scan.arch ?? '?'} · classes ${scan.classes.join(', ') || '?'}`,
    `  epochs ${scan.epochs.length} (last ${scan.epochs[scan.epochs.length - 1]?.epoch ?? '—'}) · validated ${validated.length}: ${formatRanges(validated.map((e) => e.epoch)) || 'none'}`,
    `  checkpoints ${scan.checkpoints.length}: ${formatRanges(scan.checkpoints.map((c) => c.epoch)) || 'none'} · ${formatBytes(disk)} on disk`,
    `  finished ${scan.finished === null ? 'unknown' : scan.finished ? 'successfully' : 'with a failure'}${scan.error ? ` · error: ${scan.error}` : ''}`,
  ];
  if (validated.length > 0) {
    const table = renderTable({
      headers: ['epoch', 'mAP', 'val loss', 'checkpoint'],
      rows: validated.map((e) => [
        String(e.epoch),
        (e.map as number).toFixed(5),
        typeof e.validationLoss === 'number' ? e.validationLoss.toFixed(4) : '—',
        saved.has(e.epoch) ? (scan.best?.best.epoch === e.epoch ? 'saved ★ best' : 'saved') : '—',
      ]),
      align: ['right', 'right', 'right', 'left'],
    });
    lines.push(...table.map((line) => `  ${line}`));
  }
  if (scan.checkpoints.length > 0) {
    // Every file when there are few; otherwise the first and the last two, with the folder they are in.
    const shown =
      scan.checkpoints.length <= 12 ? scan.checkpoints : [scan.checkpoints[0], ...scan.checkpoints.slice(-2)];
    lines.push('  checkpoint files:');
    for (const c of shown)
      if (c)
        lines.push(
          `    epoch ${String(c.epoch).padStart(3)}  ${formatBytes(c.bytes).padStart(9)}  ${c.path}`,
        );
    if (shown.length < scan.checkpoints.length)
      lines.push(`    … ${scan.checkpoints.length - shown.length} more in the same folder`);
  }
  lines.push(
    scan.best
      ? `  best checkpoint: epoch ${scan.best.best.epoch} (mAP ${scan.best.best.map.toFixed(5)}) ${scan.best.best.path}`
      : '  best checkpoint: none (no epoch is both validated and saved)',
  );
  const skipped = scan.skippedLines.csv + scan.skippedLines.status + scan.skippedLines.console;
  if (skipped > 0)
    lines.push(
      `  unreadable lines skipped: csv ${scan.skippedLines.csv}, status.json ${scan.skippedLines.status}, console ${scan.skippedLines.console}`,
    );
  for (const item of scan.missing) lines.push(`  note: ${item}`);
  return `${lines.join('\n')}\n`;
}
