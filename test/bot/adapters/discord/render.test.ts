import { describe, expect, it } from 'vitest';
import { fitText, renderCard } from '../../../../src/bot/adapters/discord/render.js';
import { statusCard } from '../../../../src/bot/cards/run-cards.js';
import type { Card, CardButton } from '../../../../src/bot/core/types.js';
import type { Run } from '../../../../src/db/repositories/runs.js';
import { summarizeProgress } from '../../../../src/pipeline/runs/progress.js';
import { messageProblems } from '../../../emulators/discord/limits.js';

const run = {
  id: 3,
  kind: 'train',
  model: 'ssd_resnet18',
  simulated: true,
  state: 'running',
  server: 'sim',
  gpus: 2,
  gpuIndices: [0, 1],
} as unknown as Run;

const epochs = [1, 2, 3].map((epoch) => ({
  epoch,
  loss: 10 - epoch,
  map: epoch === 2 ? 0.41 : null,
  epochSeconds: 48 + epoch,
}));

const buttons = (count: number, value = '12'): CardButton[] =>
  Array.from({ length: count }, (_, i) => ({
    action: 'approve',
    value: `${value}${i}`,
    label: `Button ${i}`,
  }));

/** The rendered message must pass the limits the emulator enforces as Discord does. */
const assertPostable = (card: Card) => {
  const message = renderCard(card);
  expect(messageProblems({ embeds: message.embeds, components: message.components })).toEqual([]);
  return message;
};

describe('renderCard', () => {
  it('renders a run status card as one embed with its progress line, inline fields and footer', () => {
    const message = assertPostable(statusCard(run, summarizeProgress(epochs, 6)));
    const [embed] = message.embeds;
    expect(embed?.title).toBe('[SIMULATED] Run #3 · train ssd_resnet18 · running');
    expect(embed?.color).toBe(0x5865f2);
    expect(embed?.description).toBe('██████████░░░░░░░░░░ 50%  epoch 3/6');
    expect(embed?.fields?.map((f) => f.name)).toEqual(['Epoch time', 'ETA', 'Loss', 'Last mAP', 'Server']);
    expect(embed?.fields?.find((f) => f.name === 'Last mAP')?.value).toBe('0.4100 (epoch 2)');
    expect(embed?.fields?.every((f) => f.inline)).toBe(true);
    expect(embed?.footer?.text).toMatch(/SIMULATED run/);
    expect(message.components).toEqual([]);
    expect(message.files).toEqual([]);
  });

  it('adds a text progress bar when no line shows one', () => {
    const [embed] = renderCard({
      title: 'Pruning',
      progress: { current: 1, total: 4 },
      lines: ['sweep'],
    }).embeds;
    expect(embed?.description).toBe('█████░░░░░░░░░░░░░░░ 25%  1/4\nsweep');
  });

  it('puts a table in a code block with aligned columns', () => {
    const [embed] = renderCard({
      title: 'Recent runs',
      table: {
        headers: ['run', 'mAP'],
        rows: [
          ['#1', '0.5'],
          ['#12', '0.75'],
        ],
        align: ['left', 'right'],
      },
    }).embeds;
    expect(embed?.description).toBe('```\nrun   mAP\n───  ────\n#1    0.5\n#12  0.75\n```');
  });

  it('drops table rows from the bottom, saying how many, when the table would overflow', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`#${i}`, 'x'.repeat(30)]);
    const message = assertPostable({
      title: 'Runs',
      lines: ['first line'],
      table: { headers: ['run', 'v'], rows },
    });
    const description = message.embeds[0]?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description.startsWith('first line\n```\nrun')).toBe(true);
    expect(description).toMatch(/… \d+ more row\(s\)\n```$/);
    expect(description).toContain('#0 ');
  });

  it('keeps every limit on an oversized card', () => {
    const huge = 'y'.repeat(5000);
    assertPostable({
      title: huge,
      lines: [huge, '```', huge, '```'],
      fields: Array.from({ length: 30 }, (_, i) => ({ label: `${i}${huge}`, value: huge })),
      footer: huge,
      buttons: buttons(40),
    });
  });

  it('lays buttons out five to a row with taobot custom ids and styles', () => {
    const message = assertPostable({
      title: 'Approve retrain?',
      buttons: [
        { action: 'approve', value: '12', label: 'Approve', style: 'primary' },
        { action: 'reject', value: '12', label: 'Reject', style: 'danger' },
        ...buttons(5),
      ],
    });
    expect(message.components.map((row) => row.components.length)).toEqual([5, 2]);
    const [first, second] = message.components[0]?.components ?? [];
    expect(first).toEqual({ type: 2, style: 1, label: 'Approve', custom_id: 'taobot:approve:12' });
    expect(second).toMatchObject({ style: 4, custom_id: 'taobot:reject:12' });
    expect(message.components[0]?.components[2]).toMatchObject({ style: 2, custom_id: 'taobot:approve:120' });
  });

  it('leaves out buttons past 25 and those whose custom id would pass 100 characters', () => {
    const long = { action: 'prune', value: 'v'.repeat(90), label: 'Too long' };
    const message = renderCard({ title: 'Many', buttons: [long, ...buttons(30)] });
    expect(message.components).toHaveLength(5);
    expect(message.components.flatMap((row) => row.components)).toHaveLength(25);
    expect(message.dropped.map((b) => b.label)).toEqual([
      'Too long',
      ...buttons(30)
        .slice(25)
        .map((b) => b.label),
    ]);
    const ids = message.components.flatMap((row) => row.components.map((b) => b.custom_id));
    expect(ids.every((id) => id.length <= 100)).toBe(true);
  });

  it('shows a local chart as an attachment and a URL chart as the embed image', () => {
    const local = renderCard({ title: 'Chart', image: { path: '/tmp/charts/run 1 epoch.png', alt: 'mAP' } });
    expect(local.files).toEqual([{ path: '/tmp/charts/run 1 epoch.png', name: 'run_1_epoch.png' }]);
    expect(local.embeds[0]?.image).toEqual({ url: 'attachment://run_1_epoch.png' });
    const remote = renderCard({
      title: 'Chart',
      image: { url: 'https://quickchart.io/chart?c=1', alt: 'mAP' },
    });
    expect(remote.files).toEqual([]);
    expect(remote.embeds[0]?.image).toEqual({ url: 'https://quickchart.io/chart?c=1' });
  });

  it('colours cards by tone', () => {
    const color = (tone: Card['tone']) => renderCard({ title: 't', tone }).embeds[0]?.color;
    expect([color('success'), color('warning'), color('danger'), color(undefined)]).toEqual([
      0x57f287, 0xfee75c, 0xed4245, 0x3498db,
    ]);
  });
});

describe('fitText', () => {
  it('closes a code block the cut left open', () => {
    const text = `error\n\`\`\`\n${'line\n'.repeat(100)}\`\`\``;
    const fitted = fitText(text, 60);
    expect(fitted.length).toBeLessThanOrEqual(60);
    expect(fitted.endsWith('\n```')).toBe(true);
    expect(fitted.match(/```/g)).toHaveLength(2);
  });

  it('leaves text that fits alone', () => {
    expect(fitText('short', 10)).toBe('short');
  });
});
