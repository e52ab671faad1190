import { afterEach, describe, expect, it } from 'vitest';
import type { Taobot } from '../../../../src/main.js';
import { type DiscordEmulator, startDiscordEmulator } from '../../../emulators/discord/emulator.js';
import { makeDiscordHome, messages, startDiscordTaobot } from './discord-taobot.js';

let emulator: DiscordEmulator | undefined;
let taobot: Taobot | undefined;

afterEach(async () => {
  await taobot?.stop();
  await emulator?.close();
  taobot = undefined;
  emulator = undefined;
});

describe('taobot on Discord', () => {
  it('runs /train from the deferred command to a live status message, a chart, the best checkpoint and a click', async () => {
    const discord = await startDiscordEmulator();
    emulator = discord;
    const { state } = discord;
    const read = messages(discord);
    taobot = await startDiscordTaobot(makeDiscordHome(discord, { epochMs: 500 }));

    const train = discord.injectSlashCommand({
      name: 'train',
      options: { model: 'ssd_resnet18', epochs: 6 },
    });
    const deferred = await state.until('the defer', () => train.callbacks[0]);
    expect(deferred.type).toBe(5);
    expect(deferred.data?.flags).toBe(64);
    expect(deferred.at - train.injectedAt).toBeLessThan(3000);

    // The status message is a bot channel message; the private reply only points at it.
    const status = await state.until('the status message', () => read.status(discord.channelId, 1));
    expect(read.title(status)).toMatch(/^\[SIMULATED\] Run #1 · train ssd_resnet18 · /);
    expect(status.versions[0]?.via).toBe('channel');
    const pointer = await state.until('the pointer', () => {
      const original = train.originalId ? state.messages.get(train.originalId) : undefined;
      return original && state.latest(original).content.includes(status.id) ? original : undefined;
    });
    expect(state.latest(pointer).content).toMatch(
      new RegExp(
        `Run #1 · train ssd_resnet18 · \\w+ → https://discord.com/channels/${discord.guildId}/${discord.channelId}/${status.id}$`,
      ),
    );
    expect(pointer.flags).toBe(64);

    await state.until(
      'the final status',
      () => (/· succeeded$/.test(read.title(status)) ? true : undefined),
      60_000,
    );
    const edits = status.versions.slice(1);
    expect(edits.every((v) => v.via === 'channel')).toBe(true);
    const shown = read.epochs(status);
    expect(shown[shown.length - 1]).toBe(6);
    expect(shown.some((e) => e > 0 && e < 6)).toBe(true);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    // Epochs end every 0.5 s, but edits are coalesced to one a second per channel (with slack for jitter).
    const gaps = edits.slice(1).map((v, i) => v.at - (edits[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThan(800);

    // The run's thread is started on the status message and carries the charts and the final card.
    const thread = state.channels.get(status.id);
    expect(thread).toMatchObject({
      type: 11,
      parentId: discord.channelId,
      name: '[SIMULATED] Run #1 · train ssd_resnet18',
    });
    const inThread = state.channelMessages(status.id);
    const charts = inThread.filter((m) => state.latest(m).attachments.length > 0);
    expect(charts.length).toBeGreaterThanOrEqual(1);
    const png = state.latest(charts[0] as (typeof charts)[number]).attachments[0];
    expect(png?.contentType).toBe('image/png');
    expect(png?.data.subarray(1, 4).toString()).toBe('PNG');
    expect(state.latest(charts[0] as (typeof charts)[number]).embeds[0]?.image).toMatchObject({
      url: png?.url,
    });

    const finalInThread = await state.until(
      'the best checkpoint in the thread',
      () => read.titled(status.id, /Run #1 · train ssd_resnet18 finished$/)[0],
    );
    const finalInChannel = await state.until(
      'the best checkpoint in the channel',
      () => read.titled(discord.channelId, /Run #1 · train ssd_resnet18 finished$/)[0],
    );
    expect(read.description(finalInThread)).toMatch(/Best checkpoint: epoch \d, mAP 0\.\d{4}/);
    expect(read.description(finalInThread)).toMatch(/```\nepoch\s+mAP\s+checkpoint/);
    const buttonsOf = (message: typeof finalInChannel) =>
      state
        .latest(message)
        .components.map((row) => row.components as Array<{ custom_id: string; label: string }>);
    for (const final of [finalInThread, finalInChannel]) {
      const rows = buttonsOf(final);
      expect(rows.every((row) => row.length >= 1 && row.length <= 5)).toBe(true);
      const ids = rows.flat().map((b) => b.custom_id);
      expect(ids).toContain('taobot:prune:1');
      expect(ids).toContain('taobot:run:1');
      expect(ids.every((id) => /^taobot:[a-z][\w-]*:[\w.:-]+$/.test(id) && id.length <= 100)).toBe(true);
    }

    // Someone else clicks "Run details": the core answers in the channel; the message shows who clicked.
    const details = buttonsOf(finalInChannel)
      .flat()
      .find((b) => b.custom_id === 'taobot:run:1');
    expect(details?.label).toBe('Run details');
    const click = discord.injectButtonClick({
      messageId: finalInChannel.id,
      customId: 'taobot:run:1',
      userId: '400000000000000002',
      userName: 'bob',
    });
    const ack = await state.until('the click ack', () => click.callbacks[0]);
    expect(ack.type).toBe(6);
    expect(ack.at - click.injectedAt).toBeLessThan(3000);
    const answer = await state.until('the run details', () =>
      read
        .titled(discord.channelId, /^\[SIMULATED\] Run #1 · train ssd_resnet18 · succeeded$/)
        .find((m) => m.id !== status.id),
    );
    const fields = state.latest(answer).embeds[0]?.fields as Array<{ name: string; value: string }>;
    expect(fields.find((f) => f.name === 'Requested by')?.value).toBe(`discord:${discord.userId}`);
    await state.until('the click note', () =>
      state.latest(finalInChannel).content === 'Run details — clicked by <@400000000000000002>'
        ? true
        : undefined,
    );
    expect(state.latest(finalInChannel).via).toBe('webhook');
    // The note changes the content only: the card keeps its embed.
    expect(state.latest(finalInChannel).embeds).toEqual(finalInChannel.versions[0]?.embeds);
    // A forged button (no such command) is acked, and only the clicker hears why nothing happened.
    const forged = discord.injectButtonClick({
      messageId: finalInChannel.id,
      customId: 'taobot:launch:1',
      forge: true,
    });
    const warning = await state.until('the private warning', () =>
      [...state.messages.values()].find((m) => m.interactionId === forged.id),
    );
    expect(forged.callbacks.map((c) => c.type)).toEqual([6]);
    expect(warning.flags).toBe(64);
    expect(state.latest(warning).embeds[0]?.title).toBe('Unknown command /launch');
    // No refused call, but the one probe for a thread before it was started.
    const threadProbe = (r: { method: string; path: string; status: number }) =>
      r.method === 'GET' && r.status === 404 && r.path.endsWith(`/channels/${status.id}`);
    expect(state.requests.filter((r) => r.status >= 400 && !threadProbe(r))).toEqual([]);
    expect(state.requests.filter(threadProbe)).toHaveLength(1);
  }, 90_000);

  it('answers bad input and dry runs privately, starting nothing', async () => {
    const discord = await startDiscordEmulator();
    emulator = discord;
    const { state } = discord;
    taobot = await startDiscordTaobot(makeDiscordHome(discord));
    const answer = async (options: Record<string, string | number | boolean>) => {
      const interaction = discord.injectSlashCommand({ name: 'train', options });
      return state.until('a private answer', () => {
        const original = interaction.originalId ? state.messages.get(interaction.originalId) : undefined;
        return original && !original.deferred ? original : undefined;
      });
    };
    const unknown = await answer({ model: 'yolo' });
    expect(unknown.flags).toBe(64);
    expect(state.latest(unknown).embeds[0]?.title).toMatch(
      /^\/train: unknown model "yolo"; configured models: ssd_resnet18/,
    );
    const dry = await answer({ model: 'ssd_resnet18', epochs: 4, 'dry-run': true });
    expect(state.latest(dry).embeds[0]?.title).toBe('Dry run: /train ssd_resnet18 [SIMULATED server]');
    expect(state.latest(dry).embeds[0]?.footer).toEqual({ text: 'Nothing was started.' });
    const help = discord.injectSlashCommand({ name: 'help', options: {} });
    await state.until('the help table', () => {
      const original = help.originalId ? state.messages.get(help.originalId) : undefined;
      return original && String(state.latest(original).embeds[0]?.description).includes('/train')
        ? true
        : undefined;
    });
    expect(state.channelMessages(discord.channelId).filter((m) => !m.interactionId)).toEqual([]);
  }, 60_000);
});
