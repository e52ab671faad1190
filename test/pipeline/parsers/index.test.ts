import { describe, expect, it } from 'vitest';
import { createParser, PARSERS, parserKindForFile } from '../../../src/pipeline/parsers/index.js';

describe('PARSERS', () => {
  it('lists every parser under its own kind', () => {
    expect([...PARSERS.keys()]).toEqual(['training-csv', 'status-json', 'console', 'trtexec']);
    for (const [kind, entry] of PARSERS) expect(entry.kind).toBe(kind);
  });

  it('creates independent parsers when asked twice', () => {
    const first = createParser('training-csv');
    const second = createParser('training-csv');
    first.push('epoch,loss\n');
    expect(second.push('1,2\n')).toEqual([]);
    expect(second.skipped).toBe(1);
  });

  it('passes options through when a parser needs the network', () => {
    const line =
      '{"epoch": 2, "date": "1/5/2024", "time": "1:2:3", "status": "RUNNING", "graphical": {"mean average precision": "0.5"}}\n';
    expect(createParser('status-json', { network: 'ssd' }).push(line)[0]).toMatchObject({ map: null });
    expect(createParser('status-json', { network: 'faster_rcnn' }).push(line)[0]).toMatchObject({ map: 0.5 });
  });
});

describe('parserKindForFile', () => {
  it('picks the parser by the names TAO gives its files', () => {
    expect(parserKindForFile('/r/ssd_training_log_resnet18.csv')).toBe('training-csv');
    expect(parserKindForFile('lprnet_training_log.csv')).toBe('training-csv');
    expect(parserKindForFile('/r/status.json')).toBe('status-json');
    expect(parserKindForFile('/workspace/logs/status_prune_1706700000.json')).toBe('status-json');
  });

  it('falls back to console output when the file is anything else', () => {
    expect(parserKindForFile('/r/train.log')).toBe('console');
    expect(parserKindForFile('/r/status.json.bak')).toBe('console');
  });
});
