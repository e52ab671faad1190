import { describe, expect, it } from 'vitest';
import { customIdFor, parseCustomId } from '../../../../src/bot/adapters/discord/custom-id.js';
import { threadName } from '../../../../src/bot/adapters/discord/threads.js';
import { clickNote, messageLink, toButtonClick } from '../../../../src/bot/adapters/discord/translate.js';

describe('custom ids', () => {
  it('carry an action and one id, and read back', () => {
    expect(customIdFor('approve', '12')).toBe('taobot:approve:12');
    expect(parseCustomId('taobot:approve:12')).toEqual({ action: 'approve', value: '12' });
    expect(parseCustomId('taobot:prune:sweep:0.1')).toEqual({ action: 'prune', value: 'sweep:0.1' });
  });

  it('refuse ids over 100 characters and ids taobot did not make', () => {
    expect(customIdFor('run', '1'.repeat(89))).toHaveLength(100);
    expect(customIdFor('run', '1'.repeat(90))).toBeNull();
    expect(parseCustomId('other:approve:1')).toBeNull();
    expect(parseCustomId('taobot:approve')).toBeNull();
  });
});

describe('toButtonClick', () => {
  it('normalizes a click on a taobot button', () => {
    expect(
      toButtonClick({
        customId: 'taobot:run:7',
        messageId: '500000000000000002',
        user: { id: '400000000000000002', username: 'bob', globalName: null },
        channelId: '300000000000000001',
      }),
    ).toEqual({
      platform: 'discord',
      action: 'run',
      value: '7',
      user: { platform: 'discord', id: '400000000000000002', name: 'bob' },
      channelId: '300000000000000001',
      messageRef: '500000000000000002',
    });
  });
});

describe('clickNote', () => {
  it('appends who clicked and keeps the last five notes', () => {
    let content = '';
    for (let i = 1; i <= 7; i += 1) content = clickNote(content, `Action ${i}`, `40000000000000000${i}`);
    const lines = content.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('Action 3 — clicked by <@400000000000000003>');
    expect(lines[4]).toBe('Action 7 — clicked by <@400000000000000007>');
  });
});

describe('threadName', () => {
  it('leaves the changing state out of a status title', () => {
    expect(threadName('[SIMULATED] Run #1 · train ssd_resnet18 · running')).toBe(
      '[SIMULATED] Run #1 · train ssd_resnet18',
    );
    expect(threadName('Run #1 · train')).toBe('Run #1 · train');
    expect(threadName(undefined)).toBe('taobot');
    expect(threadName('x'.repeat(150))).toHaveLength(100);
  });
});

describe('messageLink', () => {
  it('links guild and DM messages', () => {
    expect(messageLink('2', '3', '5')).toBe('https://discord.com/channels/2/3/5');
    expect(messageLink(null, '3', '5')).toBe('https://discord.com/channels/@me/3/5');
  });
});
