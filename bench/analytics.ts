/**
 * The analytics queries against a year of history: 20,000 runs and 1,000,000 epoch rows, seeded inside the
 * database (generate_series), on PostgreSQL (a database created for the run and dropped after, on the server of
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres) and on PGlite in memory. It times the daily
 * summary (all its statements, as the scheduler runs them) and the frontier of one model, median of several
 * runs, against a baseline measured in the same database: one full scan of the epochs. Any statement over the
 * 100 ms budget gets its EXPLAIN (ANALYZE, BUFFERS) printed.
 *
 * Run: `node bin/run-ts.js bench/analytics.ts`
 */

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { loadSummaryData, summaryQueries } from '../src/analytics/summary-data.js';
import { dailyPeriod, latestDue, type SummaryPeriod } from '../src/analytics/summary-period.js';
import { createDb, type DbHandle } from '../src/db/client.js';
import { rowsOf } from '../src/db/repositories/analytics.js';
import {
  currentDeploymentsSql,
  frontierRowsSql,
  loadCurrentDeployments,
  loadFrontierRows,
} from '../src/db/repositories/analytics-lineage.js';
import { BENCH_RUNS, SEED_STATEMENTS } from './analytics-seed.js';
import { median } from './stats.js';

const BUDGET_MS = 100;
const SAMPLES = 9;
const MODEL = 'ssd_resnet18';
const ENTRY = { channel: 'slack:C1', at: '09:00', timezone: 'Europe/Berlin' };

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Median of `SAMPLES` runs after two warm-ups (the first run of a statement pays for planning and cold pages). */
async function medianOf(work: () => Promise<unknown>): Promise<number> {
  await work();
  await work();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push(await timed(work));
  return median(samples);
}

async function seed(db: DbHandle, t0: Date): Promise<number> {
  const literal = `'${t0.toISOString()}'::timestamptz`;
  return timed(async () => {
    for (const statement of SEED_STATEMENTS)
      await db.db.execute(sql.raw(statement.replaceAll('$T0', literal)));
  });
}

async function explain(db: DbHandle, query: SQL): Promise<string> {
  const rows = await rowsOf<Record<string, string>>(db.db, sql`explain (analyze, buffers) ${query}`);
  return rows.map((row) => `        ${Object.values(row)[0]}`).join('\n');
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function measure(name: string, db: DbHandle, now: number): Promise<string[]> {
  const t0 = new Date(now - BENCH_RUNS * 26 * 60_000 - 3_600_000);
  const seedMs = await seed(db, t0);
  const [counts] = await rowsOf<{ runs: number; epochs: number; checkpoints: number }>(
    db.db,
    sql`select (select count(*) from runs)::int as runs, (select count(*) from epochs)::int as epochs,
      (select count(*) from checkpoints)::int as checkpoints`,
  );
  const period: SummaryPeriod = dailyPeriod(ENTRY, latestDue(ENTRY, now).date);
  const baseline = await medianOf(() => db.db.execute(sql`select max(map), count(*) from epochs`));
  const summary = await medianOf(() => loadSummaryData(db.db, period, now));
  const frontier = await medianOf(() =>
    Promise.all([loadFrontierRows(db.db, MODEL), loadCurrentDeployments(db.db)]),
  );
  const variants = (await loadFrontierRows(db.db, MODEL)).length;
  const statements: Array<[string, SQL, number]> = [];
  for (const [label, query] of [
    ...summaryQueries(period, now),
    ['frontier rows', frontierRowsSql(MODEL)] as [string, SQL],
    ['current deployments', currentDeploymentsSql()] as [string, SQL],
  ]) {
    statements.push([label, query, await medianOf(() => db.db.execute(query))]);
  }
  const verdict = (value: number) => (value < BUDGET_MS ? 'within' : 'OVER');
  const lines = [
    `  ${name}: ${counts?.runs} runs, ${counts?.epochs} epochs, ${counts?.checkpoints} checkpoints, seeded in ${(seedMs / 1000).toFixed(1)} s`,
    `    baseline (one full scan of epochs)      ${ms(baseline).padStart(9)}`,
    `    daily summary, ${period.date} (8 statements) ${ms(summary).padStart(9)}  ${(summary / baseline).toFixed(2)}x baseline, ${verdict(summary)} the ${BUDGET_MS} ms budget`,
    `    frontier of ${MODEL} (${variants} variants) ${ms(frontier).padStart(9)}  ${(frontier / baseline).toFixed(2)}x baseline, ${verdict(frontier)} the ${BUDGET_MS} ms budget`,
    `    per statement: ${statements.map(([label, , value]) => `${label} ${ms(value)}`).join(' · ')}`,
  ];
  for (const [label, query, value] of statements) {
    if (value < BUDGET_MS) continue;
    lines.push(`      ${label} took ${ms(value)}; its plan:`, await explain(db, query));
  }
  return lines;
}

async function onPostgres(now: number): Promise<string[]> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `taobot_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    return [
      `  PostgreSQL: not measured, ${adminUrl} refused (${(error as Error).message}); set TEST_DATABASE_URL`,
    ];
  }
  const [{ server_version: version }] = (await admin.query('show server_version')).rows;
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await createDb({ url: url.toString() });
  try {
    await db.migrate();
    return await measure(`PostgreSQL ${version}`, db, now);
  } finally {
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function onPglite(now: number): Promise<string[]> {
  const db = await createDb({ memory: true });
  try {
    await db.migrate();
    return await measure('PGlite (in memory)', db, now);
  } finally {
    await db.close();
  }
}

export async function runAnalyticsBench(): Promise<string> {
  const now = Date.now();
  return [
    `analytics: the daily summary and frontier queries over a year of history (median of ${SAMPLES})`,
    ...(await onPostgres(now)),
    ...(await onPglite(now)),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await runAnalyticsBench()}\n`);
}
