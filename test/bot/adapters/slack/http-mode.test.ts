import { afterEach, describe, expect, it } from 'vitest';
import { listRuns } from '../../../../src/db/repositories/runs.js';
import type { Taobot } from '../../../../src/main.js';
import { waitFor } from '../../../contracts/wait-for.js';
import { type SlackEmulator, startSlackEmulator } from '../../../emulators/slack/emulator.js';
import { GENERAL } from '../../../emulators/slack/payloads.js';
import { blocksText } from '../../../emulators/slack/store.js';
import {
  epochsShown,
  freePort,
  makeSlackHome,
  SIGNING_SECRET,
  startSlackTaobot,
  textOf,
  waitForFinishedRun,
} from './slack-taobot.js';

/** A whole simulated training run on a shared two-core machine: generous, the waits inside have their own. */
const E2E_TIMEOUT_MS = 120_000;
describe('the Slack adapter in HTTP mode', () => {
  let emulator: SlackEmulator | undefined;
  let taobot: Taobot | undefined;
  afterEach(async () => {
    await taobot?.stop();
    await emulator?.close();
    taobot = undefined;
    emulator = undefined;
  });

  const start = async () => {
    emulator = await startSlackEmulator();
    const port = await freePort();
    taobot = await startSlackTaobot(makeSlackHome(emulator, { mode: 'http', port }));
    return {
      emulator,
      taobot,
      slack: emulator.http(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET),
    };
  };

  it(
    'runs /train from a signed request through to the best-checkpoint card',
    async () => {
      const { emulator, slack } = await start();
      const delivery = await slack.slashCommand({ command: '/train', text: 'ssd_resnet18 epochs=6' });
      expect(delivery.status).toBe(200);
      expect(delivery.body).toBe('');
      expect(delivery.latencyMs).toBeLessThan(3000);

      const { status, finished } = await waitForFinishedRun(emulator);
      expect(epochsShown(status).at(-1)).toBe(6);
      expect(textOf(status)).toMatch(/succeeded/);
      expect(blocksText(finished.blocks)).toMatch(/Best checkpoint: epoch \d+/);
      expect([...emulator.store.files.values()].some((f) => f.threadTs === status.ts)).toBe(true);
    },
    E2E_TIMEOUT_MS,
  );

  it('refuses a bad signature and a stale timestamp, and starts nothing for either', async () => {
    const { emulator, taobot, slack } = await start();
    const forged = await slack.slashCommand(
      { command: '/train', text: 'ssd_resnet18 epochs=6' },
      { secret: 'not-the-signing-secret' },
    );
    expect(forged.status).toBe(401);
    const stale = await slack.slashCommand(
      { command: '/train', text: 'ssd_resnet18 epochs=6' },
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
    );
    expect(stale.status).toBe(401);

    // A valid request afterwards is served, so the refusals above were the verification, not a dead endpoint.
    const runs = await slack.slashCommand({ command: '/runs' });
    expect(runs.status).toBe(200);
    const answer = await waitFor('the /runs answer', () =>
      emulator.store.channel(GENERAL.id).find((m) => /No runs yet/.test(blocksText(m.blocks))),
    );
    expect(answer).toBeDefined();
    expect(await listRuns(taobot.db.db)).toEqual([]);
    expect(emulator.store.messages).toHaveLength(1);
    expect(emulator.calls.filter((c) => c.method === 'chat.update')).toEqual([]);
  });
});
