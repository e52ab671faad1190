import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeOf } from '../../src/analytics/zoned-time.js';
import { parseConfigText } from '../../src/config/index.js';
import { createDb } from '../../src/db/client.js';
import { notifications } from '../../src/db/schema.js';
import { silentLogger } from '../../src/logger.js';
import { startTaobot, type Taobot } from '../../src/main.js';
import { waitFor } from '../contracts/wait-for.js';
import { SPECS_DIR } from '../helpers/taobot-process.js';
import { type History, seedHistory } from './history.js';

/** Waits until `condition` holds (polled, with a deadline). */
const until = (what: string, condition: () => boolean | Promise<boolean>) =>
  waitFor(what, async () => ((await condition()) ? true : undefined), { timeoutMs: 20_000 });

/** The value of one sample of the Prometheus text format, e.g. `taobot_runs{state="failed",kind="train"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('analytics inside taobot (terminal adapter, PGlite, metrics endpoint)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-analytics-'));
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  let taobot: Taobot;
  let h: History;
  // Due two hours ago in Shanghai, whatever the time now: the summary is always missed, never on time.
  const dueAt = localTimeOf(Date.now() - 2 * 3_600_000, 'Asia/Shanghai');

  beforeAll(async () => {
    // A taobot that ran a day ago (its schedule marker says so) and was down since: the database exists first.
    const db = await createDb({ dataDir: join(dir, 'data', 'pglite') });
    await db.migrate();
    h = await seedHistory(db.db);
    await db.db
      .insert(notifications)
      .values({ key: 'summary-schedule:shell:terminal', createdAt: new Date(Date.now() - 3 * 86_400_000) });
    await db.close();
    const config = parseConfigText(
      `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - { name: gpu1, executor: local, tao: "builtin:simulator", workdir: ${join(dir, 'runs')}, gpus: 2 }
models:
  ssd_resnet18: { network: ssd, spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}, key: k }
summaries:
  - { channel: "shell:terminal", at: "${dueAt}", timezone: Asia/Shanghai }
  - { channel: "slack:C404", at: "${dueAt}", timezone: Asia/Shanghai }
metrics: { port: 0, host: 127.0.0.1 }
pipeline: { reconcileIntervalMs: 100 }
`,
      { source: 'test', baseDir: dir, env: {} },
    );
    taobot = await startTaobot({ config, input, output, logger: silentLogger() });
  });
  afterAll(async () => {
    input.end();
    await taobot?.stop();
  });

  it('posts the summary missed while it was down, marked late, once', async () => {
    await until('the late daily summary', () => text.includes('Daily summary'));
    expect(text).toMatch(/Daily summary · \w{3} \d{1,2} \w{3} \(late\)/);
    expect(text).toContain(`: taobot was not running at ${dueAt}, when it was due.`);
    const claims = await taobot.db.db.select().from(notifications);
    expect(claims.filter((c) => c.key.startsWith('summary:shell:terminal:'))).toHaveLength(1);
    // No Slack adapter runs, so the Slack entry is left out instead of being claimed and never posted.
    expect(claims.some((c) => c.key.startsWith('summary:slack:'))).toBe(false);
  });

  it('answers /compare, /frontier and /summary typed in the terminal', async () => {
    input.write(`/compare ${h.a} #${h.d}\n`);
    await until('/compare', () => text.includes('Comparison · runs'));
    expect(text).toContain(`Comparison · runs #${h.a}, #${h.d}`);
    expect(text).toMatch(/chart: \S+compare-\d+-\d+-\d+\.png/);
    input.write('/frontier ssd_resnet18\n');
    await until('/frontier', () => text.includes('Frontier · ssd_resnet18'));
    expect(text).toContain('on the Pareto front');
    input.write('/summary week\n');
    await until('/summary week', () => text.includes('Summary · last 7 days'));
    input.write('/compare 1\n');
    await until('the usage error', () => text.includes('/compare: run2 is required'));
  });

  it('serves Prometheus metrics: runs by state, epochs, summaries, reconcile passes', async () => {
    expect(taobot.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await until('a reconcile pass', async () => {
      const body = await (await fetch(taobot.metricsUrl as string)).text();
      return (sample(body, 'taobot_reconcile_pass_duration_seconds_count') ?? 0) > 0;
    });
    const response = await fetch(taobot.metricsUrl as string);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    expect(sample(body, 'taobot_runs{state="succeeded",kind="train"}')).toBe(3);
    expect(sample(body, 'taobot_runs{state="failed",kind="train"}')).toBe(1);
    expect(sample(body, 'taobot_runs{state="running",kind="train"}')).toBe(1);
    expect(sample(body, 'taobot_runs{state="queued",kind="export"}')).toBe(0);
    expect(sample(body, 'taobot_epochs_ingested_total')).toBe(38);
    expect(sample(body, 'taobot_summaries_posted_total{late="true"}')).toBe(1);
    expect(sample(body, 'taobot_reconcile_active_runs')).toBe(1);
    expect(body).toContain('taobot_process_cpu_seconds_total');
    expect((await fetch(taobot.metricsUrl?.replace('/metrics', '/other') as string)).status).toBe(404);
  });
});
