import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createShellAdapter, parseShellLine } from '../../../../src/bot/adapters/shell/shell-adapter.js';
import type { Card } from '../../../../src/bot/core/types.js';

function terminal(isTTY: boolean) {
  const output = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  output.on('data', (chunk) => {
    text += chunk;
  });
  const adapter = createShellAdapter({ input: new PassThrough(), output, user: 'alice' });
  return { adapter, text: () => text };
}

const card = (epoch: number): Card => ({
  title: `Run #1 · train`,
  lines: [`epoch ${epoch}/6`],
  fields: [{ label: 'Loss', value: '2.5' }],
});

describe('the terminal adapter', () => {
  it('redraws the live status message in place on a TTY while it is the last thing on screen', async () => {
    const { adapter, text } = terminal(true);
    const ref = await adapter.sink.post('terminal', card(1));
    await adapter.sink.update(ref, card(2));
    // Three lines up (title, line, field), clear to the end, then the new rendering.
    expect(text()).toContain('\u001b[3F\u001b[J');
    expect(text().lastIndexOf('epoch 2/6')).toBeGreaterThan(text().indexOf('\u001b[3F'));
    // Once something else was printed, an update is printed anew instead of overwriting it.
    await adapter.sink.post('terminal', { title: 'something else' });
    const before = text().length;
    await adapter.sink.update(ref, card(3));
    expect(text().slice(before)).not.toContain('\u001b[3F');
    expect(text().slice(before)).toContain('epoch 3/6');
  });

  it('prints each update of a piped run as one new line', async () => {
    const { adapter, text } = terminal(false);
    const ref = await adapter.sink.post('terminal', card(1));
    await adapter.sink.update(ref, card(2));
    expect(text()).not.toContain('\u001b[');
    expect(text().trimEnd().split('\n').at(-1)).toBe('Run #1 · train | epoch 2/6 | loss 2.5');
  });
});

describe('parseShellLine', () => {
  it('reads a command with or without its slash, and ignores blanks and comments', () => {
    expect(parseShellLine('/train ssd_resnet18 epochs=6', 'alice')).toMatchObject({
      command: 'train',
      input: { text: 'ssd_resnet18 epochs=6' },
      user: { platform: 'shell', id: 'alice' },
    });
    expect(parseShellLine('runs', 'alice')?.command).toBe('runs');
    expect(parseShellLine('   ', 'alice')).toBeNull();
    expect(parseShellLine('# a note', 'alice')).toBeNull();
  });

  it('types a line as someone else with @name', () => {
    expect(parseShellLine('@reviewer /approve 3', 'alice')).toMatchObject({
      command: 'approve',
      input: { text: '3' },
      user: { id: 'reviewer' },
    });
  });
});
