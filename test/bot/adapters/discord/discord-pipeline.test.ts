import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../src/config/index.js';
import { getApproval, listAudit } from '../../../../src/db/repositories/approvals.js';
import { latestDeployments } from '../../../../src/db/repositories/results.js';
import { listRuns } from '../../../../src/db/repositories/runs.js';
import type { Taobot } from '../../../../src/main.js';
import { waitFor } from '../../../contracts/wait-for.js';
import { type DiscordEmulator, startDiscordEmulator } from '../../../emulators/discord/emulator.js';
import { EMU } from '../../../emulators/discord/ids.js';
import type { RecordedInteraction, RecordedMessage } from '../../../emulators/discord/state.js';
import { pipelineHome } from '../pipeline-home.js';
import { messages, startDiscordTaobot } from './discord-taobot.js';

interface Person {
  userId: string;
  userName: string;
}
/** Alice asks, Bob approves, Carol is in the guild but no approver. */
const ALICE: Person = { userId: EMU.userId, userName: 'alice' };
const BOB: Person = { userId: EMU.otherUserId, userName: 'bob' };
const CAROL: Person = { userId: '400000000000000003', userName: 'carol' };

/** The workflow's home with Discord as its chat, Alice and Bob as its approvers. */
function discordHome(discord: DiscordEmulator) {
  const chat = {
    token: discord.token,
    applicationId: discord.applicationId,
    guildId: discord.guildId,
    apiUrl: discord.apiUrl,
  };
  const home = pipelineHome({
    prefix: 'taobot-discord-pipeline-',
    chat: `{ shell: false, discord: ${JSON.stringify(chat)} }`,
    approvers: [`discord:${ALICE.userId}`, `discord:${BOB.userId}`],
  });
  const source = join(home.dir, 'taobot.yaml');
  return { dir: home.dir, config: parseConfigText(home.configText, { env: {}, source, baseDir: home.dir }) };
}

let emulator: DiscordEmulator | undefined;
let taobot: Taobot | undefined;

afterEach(async () => {
  await taobot?.stop();
  await emulator?.close();
  taobot = undefined;
  emulator = undefined;
});

describe('the TAO workflow in Discord', () => {
  it('goes from /train to a benchmarked engine, approvals decided with the card’s buttons', async () => {
    const discord = await startDiscordEmulator();
    emulator = discord;
    const { state, channelId } = discord;
    const read = messages(discord);
    taobot = await startDiscordTaobot(discordHome(discord));
    const db = taobot.db.db;
    const buttons = (message: RecordedMessage, version = state.latest(message)) =>
      version.components.flatMap(
        (row) => row.components as Array<{ custom_id: string; label: string; style: number }>,
      );
    const embedText = (message: RecordedMessage) => `${read.title(message)}\n${read.description(message)}`;
    /** A bot message (not an interaction's reply) in a channel or thread whose title matches. */
    const titled = (what: string, where: string, pattern: RegExp) =>
      state.until(what, () => read.titled(where, pattern)[0], 30_000);
    /** What the clicker alone was told: the click's private follow-up. */
    const privateAnswer = async (click: RecordedInteraction) => {
      const answer = await state.until('the private answer', () =>
        [...state.messages.values()].find((m) => m.interactionId === click.id),
      );
      expect(answer.flags).toBe(64);
      return String(state.latest(answer).embeds[0]?.title);
    };
    const click = async (message: RecordedMessage, customId: string, who: Person, forge = false) => {
      const interaction = discord.injectButtonClick({ messageId: message.id, customId, ...who, forge });
      const ack = await state.until('the click ack', () => interaction.callbacks[0]);
      expect(ack.type).toBe(6);
      expect(ack.at - interaction.injectedAt).toBeLessThan(3000);
      return interaction;
    };

    // Alice trains, then sweeps three pruning thresholds: all typed as slash commands.
    discord.injectSlashCommand({
      name: 'train',
      options: { model: 'ssd_resnet18', epochs: 8, checkpoint_interval: 2, validation_period: 2 },
    });
    await titled('the best checkpoint', channelId, /Run #1 · train ssd_resnet18 finished$/);
    discord.injectSlashCommand({ name: 'prune', options: { run: 1, sweep: '0.1,0.2,0.3' } });
    const sweep = await titled('the sweep card', channelId, /Prune sweep of run #1 \(epoch \d+\)/);
    expect(read.description(sweep)).toMatch(
      /Suggested threshold: 0\.1 \(no retrained prune of this model yet/,
    );
    expect(buttons(sweep).map((b) => b.custom_id)).toEqual(['taobot:retrain:2']);

    // Alice asks for the retrain: the request is a channel message with Approve and Reject.
    discord.injectSlashCommand({ name: 'retrain', options: { prune_run: 2, epochs: 8 } });
    const card = await titled(
      'the retrain approval card',
      channelId,
      /Approval needed #1: retrain \(run #5\)/,
    );
    const asked = structuredClone(state.latest(card));
    expect(buttons(card).map((b) => [b.custom_id, b.label])).toEqual([
      ['taobot:approve:1', 'Approve retrain'],
      ['taobot:reject:1', 'Reject retrain'],
    ]);

    // Alice's own click is refused (four-eyes), Carol's too (no approver): each told privately, the card stays.
    const refusals: Array<[Person, RegExp]> = [
      [ALICE, /^\/approve 1: refused: you asked for this: someone else must approve it/],
      [CAROL, new RegExp(`^/approve 1: refused: discord:${CAROL.userId} is not an approver`)],
    ];
    for (const [who, why] of refusals) {
      const refused = await click(card, 'taobot:approve:1', who);
      expect(await privateAnswer(refused)).toMatch(why);
      // A refused click changes nothing on the card: no note that would read as if the clicker had decided.
      expect(state.latest(card).content).not.toContain('clicked by');
      expect(state.latest(card).embeds).toEqual(asked.embeds);
      expect(state.latest(card).components).toEqual(asked.components);
      expect((await getApproval(db, 1))?.state).toBe('pending');
    }

    // Bob approves: the same message now says who approved, and offers no button any more.
    const approved = await click(card, 'taobot:approve:1', BOB);
    expect(await privateAnswer(approved)).toMatch(/^Approved: run #5 is queued\./);
    const decided = await state.until('the decided approval card', () =>
      card.versions.find((v) =>
        String(v.embeds[0]?.description).includes(`Approved by discord:${BOB.userId}: run #5 is queued.`),
      ),
    );
    expect(decided.embeds[0]?.title).toBe('Approval #1: retrain (run #5) · approved');
    expect(decided.components).toEqual([]);
    expect(decided.via).toBe('channel');

    // The retrain ends with its comparison; Alice deploys from the card's button, Bob approves that too.
    const comparison = await titled(
      'the comparison card in the channel',
      channelId,
      /Run #5 · retrain ssd_resnet18: retrained \(pth 0\.1\) vs unpruned/,
    );
    // The approval message became the retrain's status card: its thread holds the comparison too.
    await titled('the comparison in the run thread', card.id, /Run #5 · retrain ssd_resnet18: retrained/);
    expect(buttons(card)).toEqual([]);
    expect(read.description(comparison)).toMatch(
      /mAP dropped -?\d\.\d{4}, within the accepted 0\.05: ready to deploy/,
    );
    expect(buttons(comparison).map((b) => [b.custom_id, b.label])).toEqual([
      ['taobot:deploy:5:jetson', 'Deploy to jetson'],
    ]);
    await click(comparison, 'taobot:deploy:5:jetson', ALICE);
    const deployCard = await titled(
      'the deploy approval card',
      channelId,
      /Approval needed #2: deploy \(run #6\)/,
    );
    expect(read.description(deployCard)).toMatch(/Deploy run #5, epoch \d+, to jetson as FP16\./);
    const bobDeploys = await click(deployCard, 'taobot:approve:2', BOB);
    expect(await privateAnswer(bobDeploys)).toMatch(/^Approved: run #6 is queued\./);
    // A client that still shows the old card sends Alice's Reject after Bob decided: refused, and audited.
    const late = await click(deployCard, 'taobot:reject:2', ALICE, true);
    expect(await privateAnswer(late)).toMatch(
      new RegExp(`^/reject 2: refused: this request was already approved by discord:${BOB.userId}`),
    );

    // The benchmark lands in the deploy's thread (started on its approval message) and in the channel.
    const benchmark = /Run #6 · deploy ssd_resnet18: jetson runs at \d+\.\d FPS$/;
    const inThread = await titled('the deployment card in the thread', deployCard.id, benchmark);
    await titled('the deployment card in the channel', channelId, benchmark);
    expect(state.channels.get(deployCard.id)).toMatchObject({ type: 11, parentId: channelId });
    const fields = state.latest(inThread).embeds[0]?.fields as Array<{ name: string; value: string }>;
    expect(fields.find((f) => f.name === 'Throughput')?.value).toMatch(/^\d+\.\d FPS$/);
    expect(read.description(inThread)).toMatch(/Run #5, epoch \d+, as a FP16 TensorRT engine on jetson\./);
    expect(embedText(inThread)).not.toMatch(/refused/);

    // The database holds the lineage, the deployment and every click, allowed or refused.
    const runs = await waitFor('the deploy run to succeed', async () => {
      const all = await listRuns(db, { limit: 10 });
      return all.find((r) => r.id === 6)?.state === 'succeeded' ? all : undefined;
    });
    const alice = `discord:${ALICE.userId}`;
    expect(
      runs.map((r) => [r.id, r.kind, r.state, r.parentRunId, r.platform, r.requestedBy]).reverse(),
    ).toEqual([
      [1, 'train', 'succeeded', null, 'discord', alice],
      [2, 'prune', 'succeeded', 1, 'discord', alice],
      [3, 'prune', 'succeeded', 1, 'discord', alice],
      [4, 'prune', 'succeeded', 1, 'discord', alice],
      [5, 'retrain', 'succeeded', 2, 'discord', alice],
      [6, 'deploy', 'succeeded', 5, 'discord', alice],
    ]);
    const [deployment] = await latestDeployments(db);
    expect(deployment).toMatchObject({ device: 'jetson', precision: 'fp16', sourceRunId: 5 });
    expect(deployment?.throughputQps).toBeGreaterThan(0);
    expect(deployment?.enginePath && existsSync(deployment.enginePath)).toBe(true);
    expect(read.title(inThread)).toContain(`${deployment?.throughputQps?.toFixed(1)} FPS`);
    const trail = async (target: string) =>
      (await listAudit(db, target)).map((a) => [a.actor, a.action, a.allowed]);
    expect(await trail('approval:1')).toEqual([
      [alice, 'request retrain', true],
      [alice, 'approve', false],
      [`discord:${CAROL.userId}`, 'approve', false],
      [`discord:${BOB.userId}`, 'approve', true],
    ]);
    expect(await trail('approval:2')).toEqual([
      [alice, 'request deploy', true],
      [`discord:${BOB.userId}`, 'approve', true],
      [alice, 'reject', false],
    ]);
    // No refusal was ever shown in public, and Discord refused no call but the probes for threads not yet made.
    const publicMessages = [...state.messages.values()].filter((m) => m.flags !== 64);
    expect(publicMessages.filter((m) => /refused/.test(embedText(m)))).toEqual([]);
    const threadProbe = (r: { method: string; path: string; status: number }) =>
      r.method === 'GET' && r.status === 404 && /\/channels\/\d+$/.test(r.path);
    expect(state.requests.filter((r) => r.status >= 400 && !threadProbe(r))).toEqual([]);
  }, 90_000);
});
