import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTrainingCsvParser,
  parseConsole,
  parseStatusJson,
  parseWhole,
} from '../../src/pipeline/parsers/index.js';
import { sim, sixEpochSpec, tempDir } from './harness.js';

describe("simulator output read by taobot's parsers", () => {
  it('parses the console, status.json and CSV of a simulated run without skipping lines', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    const { stdout } = await sim(['model', 'ssd', 'train', '-e', spec, '-r', 'out'], { cwd: dir });

    const consoleEvents = parseConsole(stdout).events;
    const count = (kind: string) => consoleEvents.filter((e) => e.kind === kind).length;
    expect(count('epoch-start')).toBe(6);
    expect(count('epoch-end')).toBe(6);
    expect(count('checkpoint')).toBe(3);
    expect(count('ap-table')).toBe(2);
    expect(consoleEvents.find((e) => e.kind === 'execution-status')).toMatchObject({ passed: true });

    const status = parseStatusJson(readFileSync(join(dir, 'out', 'status.json'), 'utf8'), { network: 'ssd' });
    expect(status.skipped).toBe(0);
    expect(
      status.events.filter((e) => e.kind === 'epoch').map((e) => (e.kind === 'epoch' ? e.epoch : 0)),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    expect(status.events.filter((e) => e.kind === 'validation')).toHaveLength(2);

    const csv = parseWhole(
      createTrainingCsvParser(),
      readFileSync(join(dir, 'out', 'ssd_training_log_resnet18.csv'), 'utf8'),
    );
    expect(csv.skipped).toBe(0);
    const epochs = csv.events.filter((e) => e.kind === 'epoch');
    expect(epochs.map((e) => (e.kind === 'epoch' ? e.map !== null : false))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  });
});
