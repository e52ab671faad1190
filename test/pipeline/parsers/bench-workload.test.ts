import { describe, expect, it } from 'vitest';
import {
  formatBench,
  synthesizeConsole,
  synthesizeCsv,
  synthesizeStatusJson,
} from '../../../bench/parsers.js';
import { parseConsole, parseStatusJson, parseTrainingCsv } from '../../../src/pipeline/parsers/index.js';

const count = <T extends { kind: string }>(events: readonly T[], kind: string) =>
  events.filter((e) => e.kind === kind).length;

describe('the parser benchmark workload', () => {
  it('synthesizes a console log of 1,000 epochs that the console parser reads whole', () => {
    const { events, skipped } = parseConsole(synthesizeConsole());
    expect(count(events, 'epoch-start')).toBe(1000);
    expect(count(events, 'epoch-end')).toBe(1000);
    expect(count(events, 'checkpoint')).toBe(1000);
    expect(count(events, 'ap-table')).toBe(100);
    expect(count(events, 'validation-loss')).toBe(100);
    // Only the file-style epochs print their frames on separate lines.
    expect(count(events, 'progress')).toBe(500 * 84);
    // The samples/sec line of each epoch is the only one without an event.
    expect(skipped).toBe(1000);
  });

  it('synthesizes a CSV and a status.json of the same run that parse without a skipped line', () => {
    const csv = parseTrainingCsv(synthesizeCsv());
    expect(count(csv.events, 'epoch')).toBe(1000);
    expect(csv.skipped).toBe(0);
    const status = parseStatusJson(synthesizeStatusJson(), { network: 'ssd' });
    expect(count(status.events, 'epoch')).toBe(1000);
    expect(count(status.events, 'validation')).toBe(100);
    expect(status.skipped).toBe(0);
  });

  it('formats results as an aligned table with the cost ratio', () => {
    const table = formatBench([
      {
        name: 'console',
        lines: 48_501,
        megabytes: 8.4,
        linesPerSec: 2_500_000,
        baselineLinesPerSec: 17_000_000,
        ratio: 6.8,
        decodeRatio: null,
      },
    ]);
    expect(table.split('\n')).toHaveLength(2);
    expect(table).toContain('6.80x');
    expect(table).toContain('2,500,000');
  });
});
