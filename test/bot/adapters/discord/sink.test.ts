import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../../src/bot/adapters/discord/discord-adapter.js';
import type { ChatSink } from '../../../../src/bot/core/types.js';
import { silentLogger } from '../../../../src/logger.js';
import { createChartRenderer } from '../../../../src/pipeline/charts/render.js';
import { buildTrainingCurve } from '../../../../src/pipeline/charts/training-curve.js';
import { type DiscordEmulator, startDiscordEmulator } from '../../../emulators/discord/emulator.js';

let emulator: DiscordEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup(): Promise<{ discord: DiscordEmulator; sink: ChatSink }> {
  const discord = await startDiscordEmulator();
  emulator = discord;
  // The sink talks REST only: it works before the gateway is up, as the reconciler may use it then.
  const adapter = createDiscordAdapter(
    { token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl },
    silentLogger(),
    { restRetries: 0 },
  );
  return { discord, sink: adapter.sink };
}

/** A real chart PNG, rendered the way runs render theirs. */
async function chartPng(): Promise<string> {
  const spec = buildTrainingCurve({
    runId: 1,
    model: 'ssd_resnet18',
    simulated: true,
    totalEpochs: 4,
    points: [1, 2, 3, 4].map((epoch) => ({
      epoch,
      loss: 5 - epoch,
      map: epoch % 2 === 0 ? epoch / 10 : null,
      validationLoss: null,
    })),
  });
  if (!spec.ok) throw new Error(String(spec.error));
  const renderer = createChartRenderer({
    renderer: 'local',
    outputDir: mkdtempSync(join(tmpdir(), 'taobot-chart-')),
  });
  const rendered = await renderer.render(spec.value, 'run-1-epoch-0004');
  if (rendered.kind !== 'file') throw new Error('expected a file');
  return rendered.path;
}

describe('the Discord sink', () => {
  it('posts, edits in place, and starts one thread for everything posted under a message', async () => {
    const { discord, sink } = await setup();
    const { state } = discord;
    const ref = await sink.post(discord.channelId, {
      title: 'Run #1 · train ssd_resnet18 · queued',
      lines: ['epoch 0/4'],
    });
    expect(ref).toEqual({
      platform: 'discord',
      channelId: discord.channelId,
      messageRef: expect.stringMatching(/^\d{18,19}$/),
    });
    await sink.update(ref, { title: 'Run #1 · train ssd_resnet18 · running', lines: ['epoch 1/4'] });
    const message = state.messages.get(ref.messageRef);
    expect(message?.versions.map((v) => v.embeds[0]?.title)).toEqual([
      'Run #1 · train ssd_resnet18 · queued',
      'Run #1 · train ssd_resnet18 · running',
    ]);
    const chart = await chartPng();
    // A chart and a card at once: one thread, not two attempts racing.
    const [, posted] = await Promise.all([
      sink.image(discord.channelId, { path: chart, title: 'mAP and loss' }, { threadRef: ref.messageRef }),
      sink.post(discord.channelId, { title: 'Run #1 finished' }, { threadRef: ref.messageRef }),
    ]);
    expect(posted).toMatchObject({ channelId: ref.messageRef, threadRef: ref.messageRef });
    expect(state.channels.get(ref.messageRef)).toMatchObject({
      type: 11,
      parentId: discord.channelId,
      name: 'Run #1 · train ssd_resnet18',
    });
    expect(state.requests.filter((r) => r.path.endsWith('/threads'))).toHaveLength(1);
    const inThread = state.channelMessages(ref.messageRef);
    expect(inThread).toHaveLength(2);
    const upload = inThread.map((m) => state.latest(m)).find((v) => v.attachments.length > 0);
    expect(upload?.attachments[0]).toMatchObject({
      filename: 'run-1-epoch-0004.png',
      contentType: 'image/png',
    });
    expect(upload?.attachments[0]?.data.equals(readFileSync(chart))).toBe(true);
    expect(upload?.embeds[0]).toMatchObject({
      title: 'mAP and loss',
      image: { url: upload?.attachments[0]?.url },
    });
  });

  it('finds the thread again by the message id after a restart', async () => {
    const { discord, sink } = await setup();
    const ref = await sink.post(discord.channelId, { title: 'Run #2 · train · running' });
    await sink.post(discord.channelId, { title: 'first' }, { threadRef: ref.messageRef });
    const again = createDiscordAdapter(
      { token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl },
      silentLogger(),
    ).sink;
    await again.post(discord.channelId, { title: 'second' }, { threadRef: ref.messageRef });
    expect(
      discord.state.channelMessages(ref.messageRef).map((m) => discord.state.latest(m).embeds[0]?.title),
    ).toEqual(['first', 'second']);
    expect(discord.state.requests.filter((r) => r.path.endsWith('/threads'))).toHaveLength(1);
  });

  it('replies to the message in its channel where threads are not allowed', async () => {
    const { discord, sink } = await setup();
    const ref = await sink.post(discord.noThreadsChannelId, { title: 'Run #3 · train · running' });
    const reply = await sink.post(
      discord.noThreadsChannelId,
      { title: 'Run #3 finished' },
      { threadRef: ref.messageRef },
    );
    expect(reply.channelId).toBe(discord.noThreadsChannelId);
    expect(reply.threadRef).toBeUndefined();
    expect(discord.state.messages.get(reply.messageRef)?.replyTo).toBe(ref.messageRef);
    expect(discord.state.channels.has(ref.messageRef)).toBe(false);
  });

  it('waits out a 429 with Retry-After and still lands the edit', async () => {
    const { discord, sink } = await setup();
    const ref = await sink.post(discord.channelId, { title: 'v1' });
    discord.rateLimit('PATCH', /\/channels\/\d+\/messages\/\d+$/, 1, 0.3);
    const started = performance.now();
    await sink.update(ref, { title: 'v2' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(discord.state.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([
      429, 200,
    ]);
    expect(discord.state.latest(discord.state.messages.get(ref.messageRef) as never).embeds[0]?.title).toBe(
      'v2',
    );
  });

  it('sends an ephemeral card outside an interaction as a direct message', async () => {
    const { discord, sink } = await setup();
    await sink.ephemeral(discord.channelId, discord.userId, { title: 'Only for you' });
    const dm = [...discord.state.channels.values()].find((c) => c.type === 1);
    expect(dm?.recipientId).toBe(discord.userId);
    expect(
      discord.state.channelMessages(dm?.id as string).map((m) => discord.state.latest(m).embeds[0]?.title),
    ).toEqual(['Only for you']);
    expect(discord.state.channelMessages(discord.channelId)).toEqual([]);
  });

  it('refuses nothing the renderer makes: buttons and long cards pass Discord’s limits', async () => {
    const { discord, sink } = await setup();
    const ref = await sink.post(discord.channelId, {
      title: 'Approve?',
      lines: ['x'.repeat(5000)],
      buttons: Array.from({ length: 7 }, (_, i) => ({
        action: 'approve',
        value: String(i),
        label: `Approve ${i}`,
      })),
    });
    const rows = discord.state.latest(discord.state.messages.get(ref.messageRef) as never).components;
    expect(rows.map((row) => (row.components as unknown[]).length)).toEqual([5, 2]);
    expect(discord.state.requests.every((r) => r.status < 400)).toBe(true);
  });
});
