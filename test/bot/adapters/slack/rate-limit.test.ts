import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Taobot } from '../../../../src/main.js';
import { type SlackEmulator, startSlackEmulator } from '../../../emulators/slack/emulator.js';
import { GENERAL } from '../../../emulators/slack/payloads.js';
import { blocksText } from '../../../emulators/slack/store.js';
import { epochsShown, makeSlackHome, startSlackTaobot, textOf, waitForFinishedRun } from './slack-taobot.js';

/** A whole simulated training run on a shared two-core machine: generous, the waits inside have their own. */
const E2E_TIMEOUT_MS = 120_000;
describe('Slack rate limits', () => {
  let emulator: SlackEmulator | undefined;
  let taobot: Taobot | undefined;
  afterEach(async () => {
    await taobot?.stop();
    await emulator?.close();
    taobot = undefined;
    emulator = undefined;
  });

  it(
    'loses nothing and ends on the right card when chat.update and chat.postMessage answer 429',
    async () => {
      emulator = await startSlackEmulator();
      // Tighter than taobot's one edit per second, so edits keep running into 429s; posts too (card + mirror).
      emulator.rateLimits.throttle('chat.update', 2500);
      emulator.rateLimits.throttle('chat.postMessage', 1500);
      taobot = await startSlackTaobot(makeSlackHome(emulator, { mode: 'socket', epochMs: 400 }));
      await emulator.socket.waitForConnection();

      const ack = await emulator.slashCommand({ command: '/train', text: 'ssd_resnet18 epochs=6' });
      expect(ack.latencyMs).toBeLessThan(3000);
      const { status, finished } = await waitForFinishedRun(emulator);

      const refused = emulator.rateLimits.refused.map((r) => r.method);
      expect(refused).toContain('chat.update');
      expect(refused).toContain('chat.postMessage');
      // Every wait was honoured: no call came back before its Retry-After ran out.
      expect(emulator.rateLimits.violations).toEqual([]);
      expect(textOf(status)).toMatch(/succeeded/);
      expect(textOf(status)).toMatch(/epoch 6\/6/);
      expect(epochsShown(status)).toEqual([...epochsShown(status)].sort((a, b) => a - b));
      expect(blocksText(finished.blocks)).toMatch(/Best checkpoint: epoch \d+/);
      expect([...emulator.store.files.values()].some((f) => f.threadTs === status.ts)).toBe(true);
      const mirrored = emulator.store
        .channel(GENERAL.id)
        .filter((m) => /Run #1 · train ssd_resnet18 finished/.test(blocksText(m.blocks)));
      expect(mirrored).toHaveLength(1);
      expect(emulator.calls.filter((c) => c.ok === false)).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );

  // The SDK's own 429 path (what the adapter replaced with its gate): it does wait Retry-After, but retries only
  // within its retry budget, so with `retries: 0` the call is lost after the wait.
  it("shows Bolt's WebClient waits Retry-After itself and gives up without a retry budget", async () => {
    emulator = await startSlackEmulator();
    const client = (retries: number) =>
      new webApi.WebClient(emulator?.botToken, {
        slackApiUrl: emulator?.apiUrl,
        retryConfig: { retries, minTimeout: 10, maxTimeout: 10 },
        logLevel: webApi.LogLevel.ERROR,
      });
    emulator.rateLimits.failNext('auth.test', 1, 1);
    const started = Date.now();
    await expect(client(1).auth.test()).resolves.toMatchObject({ ok: true });
    const tries = emulator.calls.filter((c) => c.method === 'auth.test');
    expect(tries.map((c) => c.status)).toEqual([429, 200]);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    emulator.rateLimits.failNext('auth.test', 1, 1);
    await expect(client(0).auth.test()).rejects.toThrow(/rate limit/);
    expect(emulator.rateLimits.violations).toEqual([]);
  });
});
