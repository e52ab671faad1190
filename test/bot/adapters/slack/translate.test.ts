import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BlockActionFields,
  clickThread,
  toButtonClick,
  toCommandRequest,
} from '../../../../src/bot/adapters/slack/translate.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/slack/${name}`, import.meta.url), 'utf8')) as T;

const slash = fixture<
  Record<string, string> & { command: string; text: string; user_id: string; channel_id: string }
>('slash-command-train.json');
const blockActions = fixture<BlockActionFields & { actions: Array<{ action_id: string; value?: string }> }>(
  'block-actions-button.json',
);

describe('toCommandRequest', () => {
  it('turns a recorded slash command into the core request, text as typed', () => {
    expect(toCommandRequest(slash)).toEqual({
      platform: 'slack',
      command: 'train',
      input: { text: 'ssd_resnet18 epochs=6  checkpoint_interval=2' },
      user: { platform: 'slack', id: 'U2147483697', name: 'steve' },
      channelId: 'C2147483705',
    });
  });

  it('reads the text as typed, undoing the escapes Slack adds', () => {
    expect(toCommandRequest({ ...slash, text: 'a=&lt;b&gt; c=&amp;lt;' }).input).toEqual({
      text: 'a=<b> c=&lt;',
    });
  });

  it('reads /taobot <command> as that command, and a bare /taobot as help', () => {
    expect(toCommandRequest({ ...slash, command: '/taobot', text: 'runs 5' })).toMatchObject({
      command: 'runs',
      input: { text: '5' },
    });
    expect(toCommandRequest({ ...slash, command: '/taobot', text: ' /cancel  3 ' })).toMatchObject({
      command: 'cancel',
      input: { text: '3' },
    });
    expect(toCommandRequest({ ...slash, command: '/taobot', text: '' })).toMatchObject({
      command: 'help',
      input: { text: '' },
    });
  });
});

describe('toButtonClick', () => {
  it('turns a recorded block_actions payload into a ButtonClick carrying only the id', () => {
    const [action] = blockActions.actions;
    expect(toButtonClick(blockActions, action as { action_id: string; value?: string })).toEqual({
      platform: 'slack',
      action: 'prune',
      value: '12.4',
      user: { platform: 'slack', id: 'U2147483697', name: 'steve' },
      channelId: 'C2147483705',
      messageRef: '1700000123.000200',
    });
  });

  it('answers a click in the thread the clicked card is in, or under the card itself', () => {
    expect(clickThread(blockActions)).toBe('1700000100.000100');
    const topLevel = {
      ...blockActions,
      message: { ts: '1700000100.000100' },
      container: { channel_id: 'C1', message_ts: '1700000100.000100' },
    };
    expect(clickThread(topLevel)).toBe('1700000100.000100');
  });

  it('ignores buttons taobot did not make or that carry no id', () => {
    expect(toButtonClick(blockActions, { action_id: 'other-app:prune', value: '1' })).toBeNull();
    expect(toButtonClick(blockActions, { action_id: 'taobot:Prune!', value: '1' })).toBeNull();
    expect(toButtonClick(blockActions, { action_id: 'taobot:prune' })).toBeNull();
    expect(
      toButtonClick(
        { ...blockActions, channel: null, container: {} },
        { action_id: 'taobot:run', value: '1' },
      ),
    ).toBeNull();
  });
});
