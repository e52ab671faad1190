import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeOf } from '../../src/analytics/zoned-time.js';
import { createDb } from '../../src/db/client.js';
import { notifications } from '../../src/db/schema.js';
import type { Taobot } from '../../src/main.js';
import { makeSlackHome, startSlackTaobot } from '../bot/adapters/slack/slack-taobot.js';
import { waitFor } from '../contracts/wait-for.js';
import { type SlackEmulator, startSlackEmulator } from '../emulators/slack/emulator.js';
import { GENERAL } from '../emulators/slack/payloads.js';
import { blocksText } from '../emulators/slack/store.js';
import { type History, seedHistory } from './history.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('analytics through the real Slack adapter (Bolt, Socket Mode, against the emulator)', () => {
  let emulator: SlackEmulator;
  let taobot: Taobot;
  let h: History;
  // Due two hours ago in Shanghai, whatever the time: taobot comes up after it, so the summary goes out late.
  const dueAt = localTimeOf(Date.now() - 2 * 3_600_000, 'Asia/Shanghai');

  beforeAll(async () => {
    emulator = await startSlackEmulator();
    const home = makeSlackHome(emulator, { mode: 'socket' });
    const db = await createDb({ dataDir: join(home.dir, 'data', 'pglite') });
    await db.migrate();
    h = await seedHistory(db.db);
    await db.db
      .insert(notifications)
      .values({ key: `summary-schedule:slack:${GENERAL.id}`, createdAt: new Date(Date.now() - 86_400_000) });
    await db.close();
    taobot = await startSlackTaobot({
      ...home,
      configText: `${home.configText}summaries:\n  - { channel: "slack:${GENERAL.id}", at: "${dueAt}", timezone: Asia/Shanghai }\n`,
    });
    await emulator.socket.waitForConnection();
  });
  afterAll(async () => {
    await taobot?.stop();
    await emulator?.close();
  });

  it('posts the missed daily summary in its channel with the chart uploaded under it', async () => {
    const summary = await waitFor(
      'the daily summary in #general',
      () => emulator.store.channel(GENERAL.id).find((m) => blocksText(m.blocks).includes('Daily summary')),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const text = blocksText(summary.blocks);
    expect(text).toMatch(/Daily summary · .* \(late\)/);
    expect(text).toContain(`taobot was not running at ${dueAt}`);
    for (const label of [
      'Started',
      'Finished',
      'Failed',
      'GPU-hours',
      'Pending approvals',
      'Checkpoint disk',
    ])
      expect(text).toContain(label);
    // The yolo_v4 run of the history never ended, so the day has GPU time on gpu2 and a chart of it.
    expect(text).toMatch(/GPU-hours by server: gpu2 24\.0 h/);
    const chart = await waitFor(
      'the summary chart upload',
      () =>
        [...emulator.store.files.values()].find((f) => f.threadTs === summary.ts && f.bytes !== undefined),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(chart.bytes?.subarray(0, 8)).toEqual(PNG);
    expect(chart.filename).toMatch(/^summary-daily-\d{4}-\d{2}-\d{2}-Asia_Shanghai-\d+\.png$/);
    expect(
      emulator.store.channel(GENERAL.id).filter((m) => blocksText(m.blocks).includes('Daily summary')),
    ).toHaveLength(1);
  });

  it('answers /compare and /frontier with their charts as uploads', async () => {
    const ack = await emulator.slashCommand({ command: '/compare', text: `${h.a} ${h.d}` });
    expect(ack.latencyMs).toBeLessThan(3000);
    const comparison = await waitFor(
      'the comparison card',
      () =>
        emulator.store.channel(GENERAL.id).find((m) => blocksText(m.blocks).includes('Comparison · runs')),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(blocksText(comparison.blocks)).toContain('−0.0180');
    const chart = await waitFor(
      'the comparison chart upload',
      () =>
        [...emulator.store.files.values()].find((f) => f.threadTs === comparison.ts && f.bytes !== undefined),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(chart.bytes?.subarray(0, 8)).toEqual(PNG);
    await emulator.slashCommand({ command: '/frontier', text: 'ssd_resnet18' });
    const frontier = await waitFor(
      'the frontier card',
      () =>
        emulator.store
          .channel(GENERAL.id)
          .find((m) => blocksText(m.blocks).includes('Frontier · ssd_resnet18')),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(blocksText(frontier.blocks)).toContain(`nano runs #${h.d} epoch 20`);
  });
});
