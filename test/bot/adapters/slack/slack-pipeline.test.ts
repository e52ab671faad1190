import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { getApproval, listAudit } from '../../../../src/db/repositories/approvals.js';
import { latestDeployments } from '../../../../src/db/repositories/results.js';
import { listRuns } from '../../../../src/db/repositories/runs.js';
import type { Taobot } from '../../../../src/main.js';
import { waitFor } from '../../../contracts/wait-for.js';
import { type SlackEmulator, startSlackEmulator } from '../../../emulators/slack/emulator.js';
import { ALICE, BOB, blockActionsPayload, findButton, GENERAL } from '../../../emulators/slack/payloads.js';
import { blocksText, currentContent, type StoredMessage } from '../../../emulators/slack/store.js';
import { pipelineHome } from '../pipeline-home.js';
import { startSlackTaobot } from './slack-taobot.js';

/** Someone in the workspace who is no approver. */
const CAROL = { id: 'U0CAROL', name: 'carol' } as const;
const NOTES_BLOCK_ID = 'taobot-notes';

const textOf = (message: StoredMessage) => blocksText(currentContent(message).blocks);
/** A message's blocks without the click notes taobot appends: what the card itself says and offers. */
const cardBlocks = (blocks: unknown[]) =>
  blocks.filter((block) => (block as { block_id?: string }).block_id !== NOTES_BLOCK_ID);
const hasButtons = (blocks: unknown[]) =>
  blocks.some((block) => (block as { type?: string }).type === 'actions');

describe('the TAO workflow in Slack', () => {
  let emulator: SlackEmulator | undefined;
  let taobot: Taobot | undefined;
  afterEach(async () => {
    await taobot?.stop();
    await emulator?.close();
    taobot = undefined;
    emulator = undefined;
  });

  it('goes from /train to a benchmarked engine, approvals decided with the card’s buttons', async () => {
    const slack = await startSlackEmulator();
    emulator = slack;
    const chat = { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl };
    taobot = await startSlackTaobot(
      pipelineHome({
        prefix: 'taobot-slack-pipeline-',
        chat: `{ shell: false, slack: ${JSON.stringify(chat)} }`,
        approvers: [`slack:${ALICE.id}`, `slack:${BOB.id}`],
      }),
    );
    const db = taobot.db.db;
    await slack.socket.waitForConnection();
    const { store } = slack;
    /** The first message anywhere (channel or thread) whose current text matches. */
    const message = (what: string, pattern: RegExp, where?: (m: StoredMessage) => boolean) =>
      waitFor(what, () => store.messages.find((m) => (!where || where(m)) && pattern.test(textOf(m))), {
        timeoutMs: 30_000,
        intervalMs: 20,
      });
    const ephemeral = (user: string, pattern: RegExp) =>
      waitFor(`an answer only for ${user} matching ${pattern}`, () =>
        store.ephemerals.find((e) => e.user === user && pattern.test(blocksText(e.blocks))),
      );
    const topLevel = (m: StoredMessage) => m.threadTs === undefined;

    // Alice trains, then sweeps three pruning thresholds: all typed as slash commands.
    await slack.slashCommand({
      command: '/train',
      text: 'ssd_resnet18 epochs=8 checkpoint_interval=2 validation_period=2',
    });
    await message('the best-checkpoint card', /Run #1 · train ssd_resnet18 finished/, topLevel);
    await slack.slashCommand({ command: '/prune', text: '1 sweep=0.1,0.2,0.3' });
    const sweep = await message('the sweep card', /Prune sweep of run #1 \(epoch \d+\)/, topLevel);
    expect(textOf(sweep)).toMatch(/Suggested threshold: 0\.1 \(no retrained prune of this model yet/);
    expect(findButton(currentContent(sweep).blocks, 'taobot:retrain')?.value).toBe('2');

    // Alice asks for the retrain: the request is a card with Approve and Reject, in the channel.
    await slack.slashCommand({ command: '/retrain', text: '2 epochs=8' });
    const card = await message(
      'the retrain approval card',
      /Approval needed #1: retrain \(run #5\)/,
      topLevel,
    );
    const asked = structuredClone(card.blocks);
    expect(findButton(asked, 'taobot:approve')).toMatchObject({
      value: '1',
      text: { text: 'Approve retrain' },
    });
    expect(findButton(asked, 'taobot:reject')?.value).toBe('1');
    expect(textOf(card)).toContain(`slack:${ALICE.id}, slack:${BOB.id}`);

    // Alice's own click is refused (four-eyes), Carol's too (no approver): each told privately, the card stays.
    const refusals: Array<[typeof ALICE | typeof CAROL, RegExp]> = [
      [ALICE, /\/approve 1: refused: you asked for this: someone else must approve it/],
      [CAROL, new RegExp(`/approve 1: refused: slack:${CAROL.id} is not an approver`)],
    ];
    for (const [who, why] of refusals) {
      const ack = await slack.clickButton(card, 'taobot:approve', who);
      expect(ack.latencyMs).toBeLessThan(3000);
      await ephemeral(who.id, why);
      // A refused click changes nothing on the card: no note that would read as if the clicker had decided.
      expect(textOf(card)).not.toContain('clicked by');
      expect(cardBlocks(currentContent(card).blocks)).toEqual(asked);
      expect((await getApproval(db, 1))?.state).toBe('pending');
    }
    expect(store.messages.filter((m) => /Approved/.test(textOf(m)))).toEqual([]);
    expect(store.ephemerals.filter((e) => e.user === BOB.id)).toEqual([]);

    // Bob approves: the same card now says who approved, and offers no button any more.
    await slack.clickButton(card, 'taobot:approve', BOB);
    await ephemeral(BOB.id, /Approved: run #5 is queued\./);
    const decided = await waitFor('the decided approval card', () =>
      [card.blocks, ...card.edits.map((e) => e.blocks)].find((blocks) =>
        blocksText(blocks).includes(`Approved by slack:${BOB.id}: run #5 is queued.`),
      ),
    );
    expect(blocksText(decided)).toMatch(/Approval #1: retrain \(run #5\) · approved/);
    expect(hasButtons(decided)).toBe(false);

    // The retrain ends with its comparison; Alice deploys from the card's button, Bob approves that too.
    const comparison = await message(
      'the comparison card in the channel',
      /Run #5 · retrain ssd_resnet18: retrained \(pth 0\.1\) vs unpruned/,
      topLevel,
    );
    expect(textOf(comparison)).toMatch(/mAP dropped -?\d\.\d{4}, within the accepted 0\.05: ready to deploy/);
    // The approval card became the retrain's status card: still no button on it.
    expect(hasButtons(currentContent(card).blocks)).toBe(false);
    const deployButton = findButton(currentContent(comparison).blocks, 'taobot:deploy');
    expect(deployButton).toMatchObject({ value: '5:jetson', text: { text: 'Deploy to jetson' } });
    await slack.clickButton(comparison, 'taobot:deploy', ALICE);
    // A click's answer goes into the clicked card's thread.
    const deployCard = await message('the deploy approval card', /Approval needed #2: deploy \(run #6\)/);
    expect(deployCard.threadTs).toBe(comparison.ts);
    expect(textOf(deployCard)).toMatch(/Deploy run #5, epoch \d+, to jetson as FP16\./);
    const reject = findButton(deployCard.blocks, 'taobot:reject');
    await slack.clickButton(deployCard, 'taobot:approve', BOB);
    await ephemeral(BOB.id, /Approved: run #6 is queued\./);
    // A client that still shows the old card sends Alice's Reject after Bob decided: refused, and audited.
    if (!reject) throw new Error('the deploy approval card has no Reject button');
    const stale = {
      ts: deployCard.ts,
      text: deployCard.text,
      blocks: deployCard.blocks,
      thread_ts: comparison.ts,
    };
    await slack.socket.send(
      'interactive',
      blockActionsPayload(
        { channel: GENERAL, message: stale, button: reject, user: ALICE },
        slack.newResponseUrl(),
      ),
    );
    await ephemeral(ALICE.id, /\/reject 2: refused: this request was already approved by slack:U0BOB/);

    // The benchmark lands in the deploy's thread (the comparison's) and in the channel.
    const benchmark = /Run #6 · deploy ssd_resnet18: jetson runs at \d+\.\d FPS/;
    const inThread = await message(
      'the deployment card in the thread',
      benchmark,
      (m) => m.threadTs === comparison.ts,
    );
    await message('the deployment card in the channel', benchmark, topLevel);
    expect(textOf(inThread)).toMatch(/\*Throughput\*\n\d+\.\d FPS/);
    expect(textOf(inThread)).toMatch(/Run #5, epoch \d+, as a FP16 TensorRT engine on jetson\./);
    await waitFor('the deploy approval card decided', () =>
      /Approved by slack:U0BOB: run #6 is queued\./.test(
        [deployCard.blocks, ...deployCard.edits.map((e) => e.blocks)].map(blocksText).join('\n'),
      )
        ? true
        : undefined,
    );

    // The database holds the lineage, the deployment and every click, allowed or refused.
    const runs = await waitFor('the deploy run to succeed', async () => {
      const all = await listRuns(db, { limit: 10 });
      return all.find((r) => r.id === 6)?.state === 'succeeded' ? all : undefined;
    });
    expect(
      runs.map((r) => [r.id, r.kind, r.state, r.parentRunId, r.platform, r.requestedBy]).reverse(),
    ).toEqual([
      [1, 'train', 'succeeded', null, 'slack', `slack:${ALICE.id}`],
      [2, 'prune', 'succeeded', 1, 'slack', `slack:${ALICE.id}`],
      [3, 'prune', 'succeeded', 1, 'slack', `slack:${ALICE.id}`],
      [4, 'prune', 'succeeded', 1, 'slack', `slack:${ALICE.id}`],
      [5, 'retrain', 'succeeded', 2, 'slack', `slack:${ALICE.id}`],
      [6, 'deploy', 'succeeded', 5, 'slack', `slack:${ALICE.id}`],
    ]);
    const [deployment] = await latestDeployments(db);
    expect(deployment).toMatchObject({ device: 'jetson', precision: 'fp16', sourceRunId: 5 });
    expect(deployment?.throughputQps).toBeGreaterThan(0);
    expect(deployment?.enginePath && existsSync(deployment.enginePath)).toBe(true);
    expect(textOf(inThread)).toContain(`${deployment?.throughputQps?.toFixed(1)} FPS`);
    const trail = async (target: string) =>
      (await listAudit(db, target)).map((a) => [a.actor, a.action, a.allowed]);
    expect(await trail('approval:1')).toEqual([
      [`slack:${ALICE.id}`, 'request retrain', true],
      [`slack:${ALICE.id}`, 'approve', false],
      [`slack:${CAROL.id}`, 'approve', false],
      [`slack:${BOB.id}`, 'approve', true],
    ]);
    expect(await trail('approval:2')).toEqual([
      [`slack:${ALICE.id}`, 'request deploy', true],
      [`slack:${BOB.id}`, 'approve', true],
      [`slack:${ALICE.id}`, 'reject', false],
    ]);
    expect(await getApproval(db, 2)).toMatchObject({ state: 'approved', decidedBy: `slack:${BOB.id}` });
    // Every Web API call taobot made was accepted, and the channel never saw a refusal.
    expect(slack.calls.filter((c) => c.ok === false)).toEqual([]);
    expect(store.messages.filter((m) => /refused/.test(textOf(m)))).toEqual([]);
    // The retrain's and the deploy's cards keep saying who approved them, after every status edit.
    const approvedBy = store.messages.filter((m) =>
      new RegExp(`Approved by\\W*slack:${BOB.id}`).test(textOf(m)),
    );
    expect(approvedBy.length).toBeGreaterThanOrEqual(2);
    expect(store.ephemerals.filter((e) => /refused/.test(blocksText(e.blocks))).map((e) => e.user)).toEqual([
      ALICE.id,
      CAROL.id,
      ALICE.id,
    ]);
  }, 90_000);
});
