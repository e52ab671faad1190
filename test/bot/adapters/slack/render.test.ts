import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../../src/bot/adapters/slack/render.js';
import type { Card } from '../../../../src/bot/core/types.js';
import { blockKitProblems } from '../../../emulators/slack/block-kit.js';

type Block = {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<Record<string, unknown>>;
};

const recorded = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/slack/${name}`, import.meta.url), 'utf8')) as unknown;

const statusCard: Card = {
  title: '[SIMULATED] Run #3 · train ssd_resnet18 · running',
  tone: 'progress',
  progress: { current: 3, total: 6 },
  lines: ['██████████░░░░░░░░░░ 50%  epoch 3/6'],
  fields: [
    { label: 'Epoch time', value: '4.2s last · 4.0s mean' },
    { label: 'ETA', value: '12s' },
    { label: 'Loss', value: '5.1234' },
    { label: 'Last mAP', value: '0.6123 (epoch 3)' },
    { label: 'Server', value: 'sim · 2 GPUs [0,1]' },
  ],
  footer: 'SIMULATED run: taobot’s TAO simulator, no GPU was used',
};

describe('renderCard', () => {
  it('renders a status card as the recorded Block Kit message', () => {
    const message = renderCard(statusCard);
    expect(message).toEqual(recorded('status-card.message.json'));
    expect(blockKitProblems(message.blocks)).toEqual([]);
  });

  it('draws a progress bar only when the card’s lines do not already', () => {
    const blocks = renderCard({ title: 'Export', progress: { current: 1, total: 4 } }).blocks as Block[];
    expect(blocks[1]?.text?.text).toBe('█████░░░░░░░░░░░░░░░ 25%  1/4');
    const once = renderCard(statusCard).blocks as Block[];
    expect(once.filter((b) => b.text?.text.includes('░'))).toHaveLength(1);
  });

  it('renders a table as an escaped monospace code block', () => {
    const blocks = renderCard({
      title: 'Recent runs',
      table: {
        headers: ['run', 'mAP'],
        rows: [
          ['#1', '0.71'],
          ['#12 <qat>', '0.68'],
        ],
        align: ['left', 'right'],
      },
    }).blocks as Block[];
    // Aligned on what Slack displays: `&lt;` shows as one character.
    expect(blocks[1]?.text?.text).toBe(
      ['```', 'run         mAP', '---------  ----', '#1         0.71', '#12 &lt;qat&gt;  0.68', '```'].join(
        '\n',
      ),
    );
  });

  it('gives buttons taobot action ids, unique per block, with only the id as value', () => {
    const blocks = renderCard({
      title: 'Approve?',
      buttons: [
        { action: 'approve', value: '41', label: 'Approve', style: 'primary' },
        { action: 'approve', value: '42', label: 'Approve the other' },
        { action: 'reject', value: '41', label: 'Reject', style: 'danger' },
        { action: 'run', value: '7', label: 'Details', style: 'default' },
      ],
    }).blocks as Block[];
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions?.elements).toEqual([
      {
        type: 'button',
        action_id: 'taobot:approve',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value: '41',
        style: 'primary',
      },
      {
        type: 'button',
        action_id: 'taobot:approve:1',
        text: { type: 'plain_text', text: 'Approve the other', emoji: true },
        value: '42',
      },
      {
        type: 'button',
        action_id: 'taobot:reject',
        text: { type: 'plain_text', text: 'Reject', emoji: true },
        value: '41',
        style: 'danger',
      },
      {
        type: 'button',
        action_id: 'taobot:run',
        text: { type: 'plain_text', text: 'Details', emoji: true },
        value: '7',
      },
    ]);
  });

  it('shows an image given by URL as an image block, and leaves file images to the upload', () => {
    const byUrl = renderCard({
      title: 'Chart',
      image: { url: 'https://qc.example/chart.png', alt: 'mAP per epoch' },
    });
    expect(byUrl.blocks.at(-1)).toEqual({
      type: 'image',
      image_url: 'https://qc.example/chart.png',
      alt_text: 'mAP per epoch',
    });
    const byPath = renderCard({ title: 'Chart', image: { path: '/tmp/chart.png', alt: 'mAP per epoch' } });
    expect(byPath.blocks.map((b) => b.type)).toEqual(['header']);
  });

  it('splits a long table into code blocks sized after escaping, keeping every row', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`#${i}`, '<'.repeat(45)]);
    const { blocks } = renderCard({ title: 'Wide', table: { headers: ['run', 'note'], rows } });
    expect(blockKitProblems(blocks)).toEqual([]);
    const tables = (blocks as Block[]).filter((b) => b.text?.text.startsWith('```'));
    expect(tables.length).toBeGreaterThan(1);
    const shown = tables.flatMap((b) => (b.text?.text ?? '').split('\n')).filter((l) => l.startsWith('#'));
    expect(shown).toHaveLength(60);
  });

  it('keeps every limit on oversized cards and keeps a code block whole across sections', () => {
    const card: Card = {
      title: `Run #9 failed ${'x'.repeat(200)}`,
      tone: 'danger',
      lines: [
        'TAO exited with code 1',
        'Last lines of the log:',
        '```',
        ...Array.from({ length: 120 }, (_, i) => `line ${i} ${'.'.repeat(60)}`),
        '```',
      ],
      fields: Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(2500) })),
      table: { headers: ['epoch', 'mAP'], rows: Array.from({ length: 3000 }, (_, i) => [String(i), '0.5']) },
      buttons: Array.from({ length: 30 }, (_, i) => ({
        action: 'run',
        value: String(i),
        label: `Run ${i} ${'y'.repeat(80)}`,
      })),
    };
    const { text, blocks } = renderCard(card);
    expect(blockKitProblems(blocks)).toEqual([]);
    expect(text.length).toBeLessThanOrEqual(3000);
    const sections = (blocks as Block[])
      .filter((b) => b.type === 'section' && b.text)
      .map((b) => b.text?.text ?? '');
    const logSections = sections.filter((s) => s.includes('line '));
    expect(logSections.length).toBeGreaterThan(1);
    for (const section of logSections) expect((section.match(/```/g) ?? []).length % 2).toBe(0);
    expect(sections.at(-1)).toMatch(/… \d+ more row\(s\)$/);
    expect((blocks as Block[]).filter((b) => b.type === 'actions').map((b) => b.elements?.length)).toEqual([
      25, 5,
    ]);
  });
});
