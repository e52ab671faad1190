import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { serviceAvailable } from './services.js';

/** The database back-ends a repository suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testBackends = (): Array<'pglite' | 'pg'> => {
  const pgOk = serviceAvailable('PostgreSQL', {
    available: Boolean(process.env.TEST_DATABASE_URL),
    hint: 'set TEST_DATABASE_URL=postgres://user@host:5432/db to run them on a PostgreSQL server',
  });
  return pgOk ? ['pglite', 'pg'] : ['pglite'];
};

export interface TestDb extends DbHandle {
  /** The PostgreSQL URL of this test database (pg only): another process can connect to it. */
  url?: string;
}

/**
 * A fresh, migrated database: an in-memory PGlite, or a new database created on the PostgreSQL server of
 * TEST_DATABASE_URL and dropped again on close, so suites never share state.
 */
export async function createTestDb(backend: 'pglite' | 'pg'): Promise<TestDb> {
  if (backend === 'pglite') {
    const handle = await createDb({ memory: true });
    await handle.migrate();
    return handle;
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const name = `taobot_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString() });
  await handle.migrate();
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
