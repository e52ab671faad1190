import { sql } from 'drizzle-orm';
import { SIMULATOR } from '../../config/defaults.js';
import type { ServerConfig } from '../../config/index.js';
import type { Db } from '../client.js';
import { servers } from '../schema.js';

/** Records the configured GPU servers, so summaries and dashboards can join runs to what they ran on. */
export async function syncServers(db: Db, configured: readonly ServerConfig[]): Promise<void> {
  if (configured.length === 0) return;
  await db
    .insert(servers)
    .values(
      configured.map((s) => ({
        name: s.name,
        executor: s.executor,
        host: s.host ?? null,
        gpus: s.gpus,
        taoVersion: s.taoVersion,
        simulated: s.tao === SIMULATOR,
      })),
    )
    .onConflictDoUpdate({
      target: servers.name,
      set: {
        executor: sql`excluded.executor`,
        host: sql`excluded.host`,
        gpus: sql`excluded.gpus`,
        taoVersion: sql`excluded.tao_version`,
        simulated: sql`excluded.simulated`,
        updatedAt: sql`now()`,
      },
    });
}
