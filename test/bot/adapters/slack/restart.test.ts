import { afterEach, describe, expect, it } from 'vitest';
import type { Taobot } from '../../../../src/main.js';
import { waitFor } from '../../../contracts/wait-for.js';
import { type SlackEmulator, startSlackEmulator } from '../../../emulators/slack/emulator.js';
import { GENERAL } from '../../../emulators/slack/payloads.js';
import { blocksText } from '../../../emulators/slack/store.js';
import { epochsShown, makeSlackHome, startSlackTaobot, statusMessage, textOf } from './slack-taobot.js';

/** A whole simulated training run on a shared two-core machine: generous, the waits inside have their own. */
const E2E_TIMEOUT_MS = 180_000;
describe('the Slack adapter across a restart', () => {
  let emulator: SlackEmulator | undefined;
  const taobots: Taobot[] = [];
  afterEach(async () => {
    for (const taobot of taobots.splice(0)) await taobot.stop();
    await emulator?.close();
    emulator = undefined;
  });

  it(
    'keeps editing the same status message after taobot restarts mid-run',
    async () => {
      emulator = await startSlackEmulator();
      const home = makeSlackHome(emulator, { mode: 'socket', epochMs: 700 });
      const first = await startSlackTaobot(home, 1);
      taobots.push(first);
      await emulator.socket.waitForConnection();
      await emulator.slashCommand({ command: '/train', text: 'ssd_resnet18 epochs=8' });

      const status = await waitFor(
        'the status card at epoch 2 or later',
        () => {
          const message = emulator && statusMessage(emulator);
          return message && Math.max(...epochsShown(message)) >= 2 ? message : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 50 },
      );
      await first.stop();
      const stoppedAt = Date.now();
      const before = Math.max(...epochsShown(status));
      expect(before).toBeLessThan(8);

      const second = await startSlackTaobot(home, 2);
      taobots.push(second);
      await waitFor(
        'the final status after the restart',
        () => (emulator && /succeeded/.test(textOf(status)) ? true : undefined),
        { timeoutMs: 90_000, intervalMs: 50 },
      );

      // Still one status message: the second taobot found its ts in the database and edited it.
      const updates = emulator.calls.filter((c) => c.method === 'chat.update');
      expect(updates.filter((c) => c.at > stoppedAt).length).toBeGreaterThan(0);
      expect(new Set(updates.map((c) => c.args.ts))).toEqual(new Set([status.ts]));
      const statusPosts = emulator.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          !c.args.thread_ts &&
          / · (queued|starting|running)/.test(blocksText(c.args.blocks as unknown[])),
      );
      expect(statusPosts).toHaveLength(1);
      expect(epochsShown(status).at(-1)).toBe(8);
      expect(epochsShown(status)).toEqual([...epochsShown(status)].sort((a, b) => a - b));
      const finals = emulator.store
        .thread(GENERAL.id, status.ts)
        .filter((m) => /Run #1 · train ssd_resnet18 finished/.test(blocksText(m.blocks)));
      expect(finals).toHaveLength(1);
    },
    E2E_TIMEOUT_MS,
  );
});
