import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

/** The drizzle database both drivers derive from; repositories take this and never know the driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  driver: 'pg' | 'pglite';
  /** Applies the migrations in `migrations/` that have not run yet (safe with several replicas starting). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type DbTarget = { url: string } | { dataDir: string } | { memory: true };

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
/** Arbitrary constant key of the advisory lock that serializes migrations across replicas. */
const MIGRATION_LOCK = 7_240_001;

/**
 * The one place that picks the driver: `pg` for a PostgreSQL URL, PGlite (embedded PostgreSQL) otherwise,
 * in a data folder or in memory. The caller owns the lifecycle and closes it.
 */
export async function createDb(target: DbTarget): Promise<DbHandle> {
  if ('url' in target) return createPgDb(target.url);
  let client: PGlite;
  if ('dataDir' in target) {
    mkdirSync(target.dataDir, { recursive: true });
    client = await PGlite.create(target.dataDir);
  } else {
    client = await PGlite.create();
  }
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
  };
}

function createPgDb(url: string): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server (a restart, a failover) must not crash the process.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pg',
    async migrate() {
      // The lock is per session, so the migrations run on the same dedicated connection that holds it.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The rows of a raw `db.execute(sql…)`: both drivers answer with an object that has `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new Error('the database answered a raw query without rows');
  return rows as T[];
}
