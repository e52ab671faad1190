import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listEpochs } from '../../../src/db/repositories/metrics.js';
import { listRunEvents, listRuns } from '../../../src/db/repositories/runs.js';
import { notifications } from '../../../src/db/schema.js';
import { makeTaobotHome, SPECS_DIR, startTaobotProcess, watchOutput } from '../../helpers/taobot-process.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { leasePgAvailable, observeLease } from './lease-db.js';

const EPOCHS = 12;

/** A replica's config: its own data folder, the shared database and the shared simulated GPU server. */
const replicaYaml = (url: string, runsDir: string) => (dir: string) =>
  `dataDir: ${join(dir, 'data')}
database: { url: ${JSON.stringify(url)} }
chat: { shell: true }
servers:
  - name: sim
    executor: local
    tao: builtin:simulator
    taoVersion: 5
    workdir: ${runsDir}
    gpus: 2
    env: { TAOBOT_SIM_EPOCH_MS: "400" }
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    key: test-key
    targetMap: 0.5
pipeline: { reconcileIntervalMs: 100 }
metrics: { port: 0, host: 127.0.0.1 }
`;

const leaseName = (pid: number | undefined) => `taobot-lease ${pid} `;

/** A replica's log (JSON lines in its data folder), once it holds a line matching `pattern`. */
async function logLine(dataDir: string, pattern: RegExp): Promise<Record<string, unknown>> {
  const file = join(dataDir, 'taobot.log');
  let found: Record<string, unknown> | undefined;
  await vi.waitFor(
    () => {
      const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
      const line = lines.find((l) => pattern.test(l));
      expect(line, `${pattern} in ${file}`).toBeDefined();
      found = JSON.parse(line as string) as Record<string, unknown>;
    },
    { timeout: 10_000, interval: 50 },
  );
  return found as Record<string, unknown>;
}

/** The reconcile lease gauge a replica reports on its Prometheus endpoint. */
async function leaseGauge(dataDir: string): Promise<number> {
  const { url } = await logLine(dataDir, /metrics endpoint listening/);
  const text = await (await fetch(url as string)).text();
  const value = /^taobot_reconcile_lease_holder (\d+)$/m.exec(text)?.[1];
  expect(value, text).toBeDefined();
  return Number(value);
}

describe.skipIf(!leasePgAvailable())('two taobot replicas on one PostgreSQL', () => {
  let db: TestDb;
  let observer: Awaited<ReturnType<typeof observeLease>>;

  beforeAll(async () => {
    db = await createTestDb('pg');
    observer = await observeLease(db.url as string);
  });
  afterAll(async () => {
    await observer?.close();
    await db?.close();
  });

  it('GIVEN the reconciling replica is killed mid-run THEN the standby takes over and the run ends once', async () => {
    const url = db.url as string;
    const runsDir = mkdtempSync(join(tmpdir(), 'taobot-shared-runs-'));
    const homeA = makeTaobotHome({ yaml: replicaYaml(url, runsDir) });
    const homeB = makeTaobotHome({ yaml: replicaYaml(url, runsDir) });

    // A starts first and holds the lease; B, started once A is up, stands by.
    const a = startTaobotProcess(homeA.configPath);
    const aOut = watchOutput(a.stdout);
    await aOut.until(/taobot ready/);
    expect(await observer.holders()).toEqual([expect.stringMatching(new RegExp(`^${leaseName(a.pid)}`))]);
    const b = startTaobotProcess(homeB.configPath);
    const bOut = watchOutput(b.stdout);
    await bOut.until(/taobot ready/);
    expect(await observer.holders()).toEqual([expect.stringMatching(new RegExp(`^${leaseName(a.pid)}`))]);

    expect(await leaseGauge(homeA.dataDir)).toBe(1);
    expect(await leaseGauge(homeB.dataDir)).toBe(0);
    await logLine(homeB.dataDir, /stands by/);

    // The command goes to the standby: it queues the run, and the holder's loop starts it.
    b.stdin.write(`/train ssd_resnet18 epochs=${EPOCHS} checkpoint_interval=3 validation_period=3\n`);
    await aOut.until(/epoch [3-8]\/12/, 60_000);
    const beforeKill = await listEpochs(db.db, 1);
    expect(beforeKill.length).toBeLessThan(EPOCHS);
    const killedAt = Date.now();
    a.kill('SIGKILL');
    await a;

    // B holds the lease within a few seconds (its next poll after A's session ends).
    await vi.waitFor(
      async () =>
        expect(await observer.holders()).toEqual([expect.stringMatching(new RegExp(`^${leaseName(b.pid)}`))]),
      { timeout: 10_000, interval: 50 },
    );
    expect(Date.now() - killedAt).toBeLessThan(5000);
    await logLine(homeB.dataDir, /reconcile lease acquired/);
    expect(await leaseGauge(homeB.dataDir)).toBe(1);

    // With its input ended, B finishes what is running, then exits.
    b.stdin.end();
    const result = await b;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(aOut.text).not.toMatch(/finished/);
    expect(bOut.text.match(/Run #1 · train ssd_resnet18 finished/g) ?? []).toHaveLength(1);
    expect(bOut.text.match(/Best checkpoint: epoch \d+/g) ?? []).toHaveLength(1);
    // B got its lease mid-run: it did not serve the run from the start.
    expect(bOut.text).not.toMatch(/epoch 1\/12/);

    const runs = await listRuns(db.db);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.state).toBe('succeeded');
    const epochs = await listEpochs(db.db, 1);
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(epochs.filter((e) => e.map !== null).map((e) => e.epoch)).toEqual([3, 6, 9, 12]);
    const events = await listRunEvents(db.db, 1);
    expect(events.filter((e) => e.type === 'started')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'place')).toHaveLength(1);
    const notes = await db.db.select().from(notifications);
    expect(notes.filter((n) => n.key === 'final:1')).toHaveLength(1);
  }, 120_000);
});
