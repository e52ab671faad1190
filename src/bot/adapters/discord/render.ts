import { basename } from 'node:path';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { progressBar } from '../../../pipeline/runs/progress.js';
import type { Card, CardButton, Tone } from '../../core/types.js';
import { renderTable } from '../shell/render.js';
import { customIdFor } from './custom-id.js';

/**
 * Card → one Discord embed plus button rows (pure). Discord's limits are applied here, so every card posts:
 * title 256, description 4096, 25 fields (name 256, value 1024), footer 2048, 6000 characters per embed, at most
 * 5 buttons per row and 5 rows, custom ids of at most 100 characters.
 */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** A local image to upload with the message; the embed shows it through `attachment://<name>`. */
  files: Array<{ path: string; name: string }>;
  /** Buttons that could not be shown (too many, or an id too long), for the caller to log. */
  dropped: CardButton[];
}

const COLORS: Record<Tone, number> = {
  info: 0x3498db,
  progress: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
};
const BUTTON_STYLE = { primary: 1, default: 2, danger: 4 } as const;
const LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, embed: 6000 };

export function renderCard(card: Card): DiscordMessage {
  const embed: APIEmbed = { title: clip(card.title, LIMITS.title), color: COLORS[card.tone ?? 'info'] };
  if (card.footer) embed.footer = { text: clip(card.footer, LIMITS.footer) };
  const files: DiscordMessage['files'] = [];
  if (card.image?.path) {
    const name = safeFileName(basename(card.image.path));
    files.push({ path: card.image.path, name });
    embed.image = { url: `attachment://${name}` };
  } else if (card.image?.url) {
    embed.image = { url: card.image.url };
  }
  // One embed holds 6000 characters: title and footer first, then fields, leaving the description a fair share.
  let room = LIMITS.embed - (embed.title?.length ?? 0) - (embed.footer?.text.length ?? 0);
  const wanted = describe(card, LIMITS.description).length;
  let fieldRoom = room - Math.min(wanted, 2000);
  const fields: NonNullable<APIEmbed['fields']> = [];
  for (const field of (card.fields ?? []).slice(0, 25)) {
    const name = clip(field.label || '\u200b', LIMITS.fieldName);
    const value = clip(field.value || '—', LIMITS.fieldValue);
    if (name.length + value.length > fieldRoom) break;
    fieldRoom -= name.length + value.length;
    room -= name.length + value.length;
    // Short values sit side by side (three to a row); long ones take the full width.
    fields.push({ name, value, inline: value.length <= 40 });
  }
  if (fields.length > 0) embed.fields = fields;
  const description = describe(card, Math.max(0, Math.min(LIMITS.description, room)));
  if (description) embed.description = description;
  const { components, dropped } = buttonRows(card.buttons ?? []);
  return { embeds: [embed], components, files, dropped };
}

/** Lines, then the progress bar if no line shows it yet, then the table as a code block, within `room`. */
function describe(card: Card, room: number): string {
  const lines = [...(card.lines ?? [])];
  if (card.progress) {
    const bar = progressBar(card.progress.current, card.progress.total);
    if (!lines.some((line) => line.includes(bar))) {
      lines.unshift(`${bar}  ${card.progress.current}/${card.progress.total}`);
    }
  }
  const text = lines.join('\n');
  if (!card.table) return fitText(text, room);
  const head = text ? `${text}\n` : '';
  const table = renderTable(card.table);
  const budget = room - head.length - '```\n\n```'.length;
  // Tables lose rows from the bottom, saying how many, before the text around them is cut.
  for (let shown = table.length; shown >= 2; shown -= 1) {
    const hidden = table.length - shown;
    const body = [...table.slice(0, shown), ...(hidden > 0 ? [`… ${hidden} more row(s)`] : [])].join('\n');
    if (body.length <= budget) return `${head}\`\`\`\n${body}\n\`\`\``;
  }
  return fitText(text, room);
}

/** Cuts text to `max` characters with an ellipsis, closing a code block the cut left open. */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 8) return text.slice(0, Math.max(0, max));
  const cut = `${text.slice(0, max - 5)}…`;
  return (cut.match(/```/g)?.length ?? 0) % 2 === 1 ? `${cut.slice(0, max - 4)}\n\`\`\`` : cut;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const safeFileName = (name: string) => name.replace(/[^\w.-]/g, '_') || 'image.png';

function buttonRows(buttons: readonly CardButton[]) {
  const made: APIButtonComponentWithCustomId[] = [];
  const dropped: CardButton[] = [];
  for (const button of buttons) {
    const customId = customIdFor(button.action, button.value);
    if (!customId || made.length >= 25) {
      dropped.push(button);
      continue;
    }
    made.push({
      type: 2,
      style: BUTTON_STYLE[button.style ?? 'default'],
      label: clip(button.label, 80),
      custom_id: customId,
    });
  }
  const components: DiscordMessage['components'] = [];
  for (let i = 0; i < made.length; i += 5) components.push({ type: 1, components: made.slice(i, i + 5) });
  return { components, dropped };
}
