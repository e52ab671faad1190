import type { Card } from '../../core/types.js';

/** Card → terminal text (pure). Tables are aligned, buttons become the commands that do the same. */
export function renderCardText(card: Card, options: { color?: boolean } = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const toneCode = { info: '36', progress: '34', success: '32', warning: '33', danger: '31' }[
    card.tone ?? 'info'
  ];
  const out: string[] = [paint(`1;${toneCode}`, card.title)];
  for (const line of card.lines ?? []) out.push(`  ${line}`);
  if (card.fields && card.fields.length > 0) {
    const width = Math.max(...card.fields.map((f) => f.label.length));
    for (const field of card.fields) out.push(`  ${field.label.padEnd(width)}  ${field.value}`);
  }
  if (card.table) out.push(...renderTable(card.table).map((line) => `  ${line}`));
  if (card.image) out.push(`  chart: ${card.image.path ?? card.image.url}`);
  if (card.buttons && card.buttons.length > 0) {
    out.push(`  actions: ${card.buttons.map((b) => `[${b.label}] /${b.action} ${b.value}`).join('   ')}`);
  }
  if (card.footer) out.push(paint('2', `  ${card.footer}`));
  return `${out.join('\n')}\n`;
}

export function renderTable(table: NonNullable<Card['table']>): string[] {
  const widths = table.headers.map((header, column) =>
    Math.max(header.length, ...table.rows.map((row) => (row[column] ?? '').length)),
  );
  const cell = (text: string, column: number) =>
    table.align?.[column] === 'right' ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0);
  const line = (cells: string[]) =>
    cells
      .map((text, column) => cell(text, column))
      .join('  ')
      .trimEnd();
  return [line(table.headers), widths.map((w) => '─'.repeat(w)).join('  '), ...table.rows.map(line)];
}

/** One line for a card, for piped output where a card cannot be redrawn in place. */
export function renderCardLine(card: Card): string {
  const first = card.lines?.[0] ?? '';
  const fields = (card.fields ?? [])
    .slice(0, 4)
    .map((f) => `${f.label.toLowerCase()} ${f.value}`)
    .join(' · ');
  return `${card.title} | ${first}${fields ? ` | ${fields}` : ''}\n`;
}
