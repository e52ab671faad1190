import pg from 'pg';
import { RECONCILE_LEASE_KEY } from '../../../src/pipeline/lease/reconcile-lease.js';
import { serviceAvailable } from '../../helpers/services.js';

/** Whether the lease suites run: they need a real PostgreSQL server (advisory locks, sessions, backends). */
export const leasePgAvailable = () =>
  serviceAvailable('PostgreSQL', {
    available: Boolean(process.env.TEST_DATABASE_URL),
    hint: 'set TEST_DATABASE_URL=postgres://user@host:5432/db to run the reconcile lease suites',
  });

/** An observer connection to a test database that sees who holds the lease, as an operator would. */
export async function observeLease(url: string, key = RECONCILE_LEASE_KEY) {
  const client = new pg.Client({ connectionString: url, application_name: 'lease-observer' });
  await client.connect();
  return {
    /** The `application_name` of every session holding the lease's advisory lock in this database. */
    async holders(): Promise<string[]> {
      const { rows } = await client.query<{ name: string }>(
        `select a.application_name as name
           from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and l.granted and l.objid = $1
            and l.database = (select oid from pg_database where datname = current_database())`,
        [key],
      );
      return rows.map((r) => r.name);
    },
    /** When the session with this `application_name` last sent a query (each lease poll sends one). */
    async lastQueryAt(applicationName: string): Promise<string | null> {
      const { rows } = await client.query<{ at: string | null }>(
        `select query_start::text as at from pg_stat_activity
          where application_name = $1 and datname = current_database()`,
        [applicationName],
      );
      return rows[0]?.at ?? null;
    },
    /** Ends the backend of every session with this `application_name`, as a failover or an admin would. */
    async terminate(applicationName: string): Promise<number> {
      const { rows } = await client.query<{ ended: boolean }>(
        `select pg_terminate_backend(pid) as ended from pg_stat_activity
          where application_name = $1 and datname = current_database()`,
        [applicationName],
      );
      return rows.filter((r) => r.ended).length;
    },
    close: () => client.end(),
  };
}
