import { afterEach, describe, expect, it } from 'vitest';
import type { Taobot } from '../../../../src/main.js';
import { waitFor } from '../../../contracts/wait-for.js';
import { type SlackEmulator, startSlackEmulator } from '../../../emulators/slack/emulator.js';
import { ALICE, GENERAL } from '../../../emulators/slack/payloads.js';
import { blocksText } from '../../../emulators/slack/store.js';
import {
  epochsShown,
  makeSlackHome,
  startSlackTaobot,
  statusMessage,
  textOf,
  waitForFinishedRun,
} from './slack-taobot.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A whole simulated training run on a shared two-core machine: generous, the waits inside have their own. */
const E2E_TIMEOUT_MS = 120_000;
describe('the Slack adapter in Socket Mode', () => {
  let emulator: SlackEmulator | undefined;
  let taobot: Taobot | undefined;
  afterEach(async () => {
    await taobot?.stop();
    await emulator?.close();
    taobot = undefined;
    emulator = undefined;
  });

  it(
    'acks /train at once, edits the status card per epoch, uploads a chart and posts the best checkpoint',
    async () => {
      emulator = await startSlackEmulator();
      taobot = await startSlackTaobot(makeSlackHome(emulator, { mode: 'socket' }));
      await emulator.socket.waitForConnection();

      const ack = await emulator.slashCommand({ command: '/train', text: 'ssd_resnet18 epochs=6' });
      expect(ack.latencyMs).toBeLessThan(3000);
      expect(ack.payload).toEqual({});

      const { status, finished } = await waitForFinishedRun(emulator);
      // The command's reply is the status card, edited in place as epochs arrive, ending on the final state.
      expect(blocksText(status.blocks)).toMatch(/\[SIMULATED\] Run #1 · train ssd_resnet18/);
      const shown = epochsShown(status);
      expect(shown.length).toBeGreaterThanOrEqual(3);
      expect(shown).toEqual([...shown].sort((a, b) => a - b));
      expect(shown.at(-1)).toBe(6);
      expect(textOf(status)).toMatch(/succeeded/);
      expect(textOf(status)).toMatch(/epoch 6\/6/);
      for (const label of ['Epoch time', 'ETA', 'Loss', 'Last mAP', 'Server'])
        expect(textOf(status)).toContain(label);

      // At most one edit per second per channel (epochs come every 300 ms); the margin is arrival jitter.
      const updates = emulator.calls.filter((c) => c.method === 'chat.update').map((c) => c.at);
      for (let i = 1; i < updates.length; i++) {
        expect((updates[i] as number) - (updates[i - 1] as number)).toBeGreaterThanOrEqual(800);
      }

      // The run is a thread: charts as PNG uploads and the best-checkpoint card go into it; the card is mirrored.
      const charts = [...emulator.store.files.values()].filter((f) => f.threadTs === status.ts);
      expect(charts.length).toBeGreaterThanOrEqual(1);
      for (const chart of charts) {
        expect(chart.channel).toBe(GENERAL.id);
        expect(chart.bytes?.subarray(0, 8)).toEqual(PNG);
      }
      expect(blocksText(finished.blocks)).toMatch(/Best checkpoint: epoch \d+, mAP 0\.\d{4}/);
      const mirrored = emulator.store
        .channel(GENERAL.id)
        .filter((m) => /Run #1 · train ssd_resnet18 finished/.test(blocksText(m.blocks)));
      expect(mirrored).toHaveLength(1);
      expect(
        emulator.store.channel(GENERAL.id).filter((m) => /Run #1 · train/.test(blocksText(m.blocks))),
      ).toHaveLength(2);
      expect(emulator.calls.filter((c) => c.ok === false)).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );

  it('answers a bad command ephemerally to the person who typed it and starts nothing', async () => {
    emulator = await startSlackEmulator();
    taobot = await startSlackTaobot(makeSlackHome(emulator, { mode: 'socket' }));
    await emulator.socket.waitForConnection();

    const ack = await emulator.slashCommand({ command: '/train', text: 'ssd_resnet18 epochs=lots' });
    expect(ack.latencyMs).toBeLessThan(3000);
    const answer = await waitFor('an ephemeral answer', () => emulator?.store.ephemerals[0]);
    expect(answer.user).toBe(ALICE.id);
    expect(answer.channel).toBe(GENERAL.id);
    expect(blocksText(answer.blocks)).toMatch(/epochs/);
    expect(emulator.store.messages).toEqual([]);

    // The umbrella form reaches the same registry: `/taobot` alone is help, also only for the asker.
    await emulator.slashCommand({ command: '/taobot', text: '' });
    const help = await waitFor('help', () => emulator?.store.ephemerals[1]);
    expect(blocksText(help.blocks)).toMatch(/\/train &lt;model&gt;/);
    expect(statusMessage(emulator)).toBeUndefined();
  });
});
