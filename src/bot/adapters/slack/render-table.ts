import type { Card } from '../../core/types.js';
import { clip, escapeMrkdwn, SECTION_LIMIT } from './mrkdwn.js';

/**
 * A table as aligned monospace code blocks: as many sections as its rows need (each within the section limit,
 * measured after escaping), up to `maxSections`, then a count of the rows left out.
 */
export function renderTableBlocks(table: NonNullable<Card['table']>, maxSections = 8): string[] {
  const widths = table.headers.map((header, column) =>
    Math.max(header.length, ...table.rows.map((row) => (row[column] ?? '').length)),
  );
  // Inside a code block Slack shows text verbatim: only &, <, > and the fence itself need care.
  const line = (cells: string[]) =>
    escapeMrkdwn(
      cells
        .map((cell, column) =>
          table.align?.[column] === 'right'
            ? cell.padStart(widths[column] ?? 0)
            : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    ).replaceAll('```', "'''");
  const budget = SECTION_LIMIT - 40;
  const fence = (lines: string[]) => `\`\`\`\n${lines.join('\n')}\n\`\`\``;
  const sections: string[] = [];
  let current = [line(table.headers), widths.map((w) => '-'.repeat(w)).join('  ')];
  let shown = 0;
  for (const row of table.rows) {
    const text = clip(line(row), budget);
    if (current.join('\n').length + text.length + 1 > budget) {
      if (sections.length + 1 >= maxSections) break;
      sections.push(fence(current));
      current = [];
    }
    current.push(text);
    shown += 1;
  }
  const rest = table.rows.length - shown;
  sections.push(`${fence(current)}${rest > 0 ? `\n… ${rest} more row(s)` : ''}`);
  return sections;
}
