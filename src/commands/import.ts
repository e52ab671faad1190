import { userInfo } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { createDb } from '../db/client.js';
import { formatScan } from '../import/report.js';
import { scanResultsDir } from '../import/scan-results.js';
import { storeScan } from '../import/store-scan.js';

/** `taobot import <dir>`: prints what a results folder holds, then stores it as a run (unless --dry-run). */
export async function runImport(
  dir: string,
  options: { model?: string; log?: string; dryRun: boolean },
): Promise<number> {
  const absolute = resolve(dir);
  const scan = await scanResultsDir(absolute, { log: options.log });
  process.stdout.write(formatScan(scan));
  if (options.dryRun) return 0;
  const config = loadConfig();
  const model =
    options.model ?? guessModel(Object.keys(config.models), scan.network, scan.arch) ?? basename(absolute);
  const db = await createDb(
    config.database.url ? { url: config.database.url } : { dataDir: join(config.dataDir, 'pglite') },
  );
  try {
    await db.migrate();
    const { run, created } = await storeScan(db.db, scan, { model, requestedBy: `shell:${safeUser()}` });
    process.stdout.write(`${created ? 'Stored' : 'Updated'} as run #${run.id} (model ${model}).\n`);
  } finally {
    await db.close();
  }
  return 0;
}

function guessModel(models: string[], network: string | null, arch: string | null): string | undefined {
  const wanted = network && arch ? `${network}_${arch}` : null;
  return models.find((m) => m === wanted);
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
