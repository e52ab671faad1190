import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackConfig } from '../../../../src/bot/adapters/slack/slack-adapter.js';
import type {
  ButtonClick,
  ChatAdapter,
  CommandRequest,
  InboundHandlers,
} from '../../../../src/bot/core/types.js';
import { silentLogger } from '../../../../src/logger.js';
import { waitFor } from '../../../contracts/wait-for.js';
import { type SlackEmulator, startSlackEmulator } from '../../../emulators/slack/emulator.js';
import { BOB, GENERAL } from '../../../emulators/slack/payloads.js';
import { blocksText, currentContent } from '../../../emulators/slack/store.js';
import { freePort, SIGNING_SECRET } from './slack-taobot.js';

/** The adapter alone, on the emulator, with handlers that record what reached the core and answer simply. */
describe('the Slack adapter', () => {
  let emulator: SlackEmulator | undefined;
  let adapter: ChatAdapter | undefined;
  const clicks: ButtonClick[] = [];
  const commands: CommandRequest[] = [];
  const handlers: InboundHandlers = {
    async command(request, reply) {
      commands.push(request);
      await reply.ephemeral({ title: `only for ${request.user.name}` });
    },
    async click(click, reply) {
      clicks.push(click);
      await reply.post({ title: `Run #${click.value} details` });
    },
  };

  afterEach(async () => {
    await adapter?.stop();
    await emulator?.close();
    adapter = undefined;
    emulator = undefined;
    clicks.length = 0;
    commands.length = 0;
  });

  const start = async (mode: 'socket' | 'http', overrides: Partial<SlackConfig> = {}) => {
    emulator = await startSlackEmulator();
    const port = await freePort();
    const config: SlackConfig =
      mode === 'socket'
        ? {
            botToken: emulator.botToken,
            appToken: emulator.appToken,
            apiUrl: emulator.apiUrl,
            port,
            ...overrides,
          }
        : {
            botToken: emulator.botToken,
            signingSecret: SIGNING_SECRET,
            apiUrl: emulator.apiUrl,
            port,
            ...overrides,
          };
    adapter = createSlackAdapter(config, silentLogger(), { retryConfig: { retries: 0 } });
    await adapter.start(handlers);
    if (mode === 'socket') await emulator.socket.waitForConnection();
    return { emulator, adapter, url: `http://127.0.0.1:${port}/slack/events` };
  };

  const runCard = {
    title: 'Run #7 finished',
    buttons: [
      { action: 'run', value: '7', label: 'Run details' },
      { action: 'run', value: '8', label: 'Run 8 details' },
      { action: 'cancel', value: '7', label: 'Cancel', style: 'danger' as const },
    ],
  };

  it('turns a button click into a ButtonClick, answers in the card’s thread and notes who clicked', async () => {
    const { emulator, adapter } = await start('socket');
    const ref = await adapter.sink.post(GENERAL.id, runCard);
    const message = emulator.store.find(GENERAL.id, ref.messageRef);
    if (!message) throw new Error('the card was not stored');

    const ack = await emulator.clickButton(message, 'taobot:run:1', BOB);
    expect(ack.latencyMs).toBeLessThan(3000);
    const click = await waitFor('the click in the core', () => clicks[0]);
    expect(click).toEqual({
      platform: 'slack',
      action: 'run',
      value: '8',
      user: { platform: 'slack', id: BOB.id, name: BOB.name },
      channelId: GENERAL.id,
      messageRef: ref.messageRef,
    });
    const answer = await waitFor(
      'the answer in the thread',
      () => emulator.store.thread(GENERAL.id, ref.messageRef)[0],
    );
    expect(blocksText(answer.blocks)).toContain('Run #8 details');
    await waitFor('the note on the card', () => (message.edits.length > 0 ? true : undefined));
    const edited = currentContent(message);
    expect(blocksText(edited.blocks)).toContain(`Run 8 details — clicked by <@${BOB.id}>`);
    // The card itself is intact: title and buttons stay.
    expect(blocksText(edited.blocks)).toContain('Run #7 finished');
    expect(edited.blocks.filter((b) => (b as { type: string }).type === 'actions')).toHaveLength(1);
  });

  it('takes signed clicks and commands in HTTP mode', async () => {
    const { emulator, adapter, url } = await start('http');
    const slack = emulator.http(url, SIGNING_SECRET);
    const ref = await adapter.sink.post(GENERAL.id, runCard);
    const message = emulator.store.find(GENERAL.id, ref.messageRef);
    if (!message) throw new Error('the card was not stored');

    const delivery = await slack.clickButton(message, 'taobot:cancel');
    expect(delivery.status).toBe(200);
    expect((await waitFor('the click', () => clicks[0])).action).toBe('cancel');

    const command = await slack.slashCommand({ command: '/taobot', text: 'runs 5' });
    expect(command.status).toBe(200);
    expect(await waitFor('the command', () => commands[0])).toMatchObject({
      command: 'runs',
      input: { text: '5' },
      user: { platform: 'slack', id: 'U0ALICE' },
    });
  });

  it('answers ephemerally through the response_url where taobot cannot post', async () => {
    const { emulator } = await start('socket');
    emulator.hiddenChannels.add('C0SECRET');
    await emulator.slashCommand({ command: '/runs', channel: { id: 'C0SECRET', name: 'secret' } });
    const response = await waitFor('the response_url answer', () => emulator.responses[0]);
    expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(response.body.text)).toContain('only for alice');
    expect(emulator.calls.find((c) => c.method === 'chat.postEphemeral')?.error).toBe('channel_not_found');
  });

  it('lands the newest edit last when a 429 holds back an older one', async () => {
    const { emulator, adapter } = await start('socket');
    const ref = await adapter.sink.post(GENERAL.id, { title: 'Run #1 · epoch 0/3' });
    emulator.rateLimits.failNext('chat.update', 1, 1);
    const first = adapter.sink.update(ref, { title: 'Run #1 · epoch 1/3' });
    await waitFor('the first edit to be refused', () => emulator.rateLimits.refused[0]);
    // While edit 1 waits out its Retry-After, two newer ones arrive.
    const rest = [2, 3].map((epoch) => adapter.sink.update(ref, { title: `Run #1 · epoch ${epoch}/3` }));
    await Promise.all([first, ...rest]);
    const message = emulator.store.find(GENERAL.id, ref.messageRef);
    expect(blocksText(currentContent(message as NonNullable<typeof message>).blocks)).toContain('epoch 3/3');
    expect(emulator.rateLimits.refused).toHaveLength(1);
    expect(emulator.rateLimits.violations).toEqual([]);
    // Edit 2, overtaken while edit 1 waited, was dropped: nothing older lands after edit 3.
    expect(message?.edits.map((e) => /epoch (\d)/.exec(blocksText(e.blocks))?.[1])).toEqual(['1', '3']);
  });

  it('posts a chart given by URL as an image block in the thread', async () => {
    const { emulator, adapter } = await start('socket');
    const ref = await adapter.sink.post(GENERAL.id, { title: 'Run #2' });
    await adapter.sink.image(
      GENERAL.id,
      { url: 'https://charts.example/c.png', title: 'mAP' },
      { threadRef: ref.messageRef },
    );
    const [reply] = emulator.store.thread(GENERAL.id, ref.messageRef);
    expect(reply?.blocks).toEqual([
      {
        type: 'image',
        image_url: 'https://charts.example/c.png',
        alt_text: 'mAP',
        title: { type: 'plain_text', text: 'mAP' },
      },
    ]);
  });

  it('fails to start with the setting to fix when Slack refuses a token', async () => {
    await expect(start('socket', { botToken: 'xoxb-wrong' })).rejects.toThrow(
      /SLACK_BOT_TOKEN\): invalid_auth/,
    );
    await adapter?.stop();
    await emulator?.close();
    await expect(start('socket', { appToken: 'xapp-wrong' })).rejects.toThrow(
      /SLACK_APP_TOKEN.*invalid_auth/,
    );
  });
});
