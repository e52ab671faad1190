import type { Card, Tone } from '../../core/types.js';
import { clip, escapeMrkdwn, SECTION_LIMIT } from './mrkdwn.js';
import { renderTableBlocks } from './render-table.js';

export { escapeMrkdwn } from './mrkdwn.js';

/** A Block Kit block, as plain JSON: the renderer is pure and needs none of the SDK's types. */
export type SlackBlock = Record<string, unknown>;

/** What chat.postMessage / chat.update take: the blocks and the plain-text fallback notifications show. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Buttons carry `taobot:<action>` (plus `:<n>` when a card repeats an action) and the id as their value. */
export const ACTION_PREFIX = 'taobot:';

// Slack's limits (PLATFORMS.md §4): exceeding any of them gets the whole message refused with invalid_blocks.
const LIMITS = {
  header: 150,
  section: SECTION_LIMIT,
  field: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerBlock: 25,
  blocks: 50,
  fallback: 3000,
} as const;

const TONE_EMOJI: Record<Tone, string> = {
  info: ':information_source:',
  progress: ':hourglass_flowing_sand:',
  success: ':white_check_mark:',
  warning: ':warning:',
  danger: ':x:',
};

/** Card → Block Kit (pure): header, text sections, fields, a monospace table, an image, buttons, a footer. */
export function renderCard(card: Card): SlackMessage {
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`${TONE_EMOJI[card.tone ?? 'info']} ${card.title}`, LIMITS.header),
        emoji: true,
      },
    },
  ];
  const lines = [...(card.lines ?? [])];
  // Run cards already draw their bar as a text line; a card that only gives numbers gets one drawn here.
  if (card.progress && !lines.some((line) => /[█░]/.test(line))) {
    lines.unshift(
      `${textBar(card.progress.current, card.progress.total)}  ${card.progress.current}/${card.progress.total}`,
    );
  }
  for (const text of chunkText(lines.map(escapeMrkdwn).join('\n'), LIMITS.section)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  const fields = card.fields ?? [];
  for (let start = 0; start < fields.length; start += LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: fields.slice(start, start + LIMITS.fieldsPerSection).map((field) => ({
        type: 'mrkdwn',
        text: clip(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value || '—')}`, LIMITS.field),
      })),
    });
  }
  for (const text of card.table ? renderTableBlocks(card.table) : []) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  if (card.image?.url) {
    blocks.push({
      type: 'image',
      image_url: card.image.url,
      alt_text: clip(card.image.alt || 'chart', 2000),
    });
  }
  if (card.buttons && card.buttons.length > 0) blocks.push(...renderButtons(card.buttons));
  if (card.footer) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(card.footer), LIMITS.section) }],
    });
  }
  return { text: fallbackText(card), blocks: capBlocks(blocks) };
}

function renderButtons(buttons: NonNullable<Card['buttons']>): SlackBlock[] {
  const seen = new Map<string, number>();
  const elements = buttons.map((button) => {
    const count = seen.get(button.action) ?? 0;
    seen.set(button.action, count + 1);
    // action_ids must be unique within a block: a card with two "approve" buttons numbers the second.
    const actionId = `${ACTION_PREFIX}${button.action}${count === 0 ? '' : `:${count}`}`;
    return {
      type: 'button',
      action_id: actionId,
      text: { type: 'plain_text', text: clip(button.label, LIMITS.buttonText), emoji: true },
      value: button.value.slice(0, LIMITS.buttonValue),
      ...(button.style === 'primary' || button.style === 'danger' ? { style: button.style } : {}),
    };
  });
  const blocks: SlackBlock[] = [];
  for (let start = 0; start < elements.length; start += LIMITS.buttonsPerBlock) {
    blocks.push({ type: 'actions', elements: elements.slice(start, start + LIMITS.buttonsPerBlock) });
  }
  return blocks;
}

/** What a notification or a screen reader shows: the title and the first line. */
function fallbackText(card: Card): string {
  const first = card.lines?.[0];
  return clip(first ? `${card.title}: ${first}` : card.title, LIMITS.fallback);
}

export function textBar(current: number, total: number, width = 20): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, current / total)) : 0;
  const filled = Math.round(fraction * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.floor(fraction * 100)}%`;
}

/**
 * Splits at line breaks so no section passes the limit (a single overlong line is cut). A code block that spans
 * two sections is closed at the end of one and reopened in the next, so both render as code.
 */
function chunkText(text: string, max: number): string[] {
  if (text.trim() === '') return [];
  const FENCE = '```';
  const budget = max - 2 * (FENCE.length + 1);
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = clip(line, budget);
    if (current && current.length + 1 + piece.length > budget) {
      chunks.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current.trim() !== '') chunks.push(current);
  let open = false;
  return chunks.map((chunk) => {
    const opened = open;
    open = (chunk.split(FENCE).length - 1) % 2 === 1 ? !open : open;
    return `${opened ? `${FENCE}\n` : ''}${chunk}${open ? `\n${FENCE}` : ''}`;
  });
}

/** Keeps a message within 50 blocks, keeping the buttons and footer at the end where people look for them. */
function capBlocks(blocks: SlackBlock[]): SlackBlock[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const tail = blocks.filter((b) => b.type === 'actions' || b.type === 'context').slice(-10);
  const head = blocks.filter((b) => !tail.includes(b)).slice(0, LIMITS.blocks - tail.length - 1);
  return [...head, { type: 'context', elements: [{ type: 'mrkdwn', text: '… more in taobot' }] }, ...tail];
}
