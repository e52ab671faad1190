import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/pipeline/executors/local.js';
import { createTrainingCsvParser } from '../../../src/pipeline/parsers/training-csv.js';
import { followFile } from '../../../src/pipeline/runs/file-follower.js';

const HEADER = 'epoch,AP_car,loss,lr,mAP,validation_loss\n';
const row = (epoch: number, map: string) => `${epoch},${map},2.5,0.01,${map},3.1\n`;

describe('followFile', () => {
  it('reads only complete lines and resumes from its offset after a restart, header included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taobot-follow-'));
    const path = join(dir, 'ssd_training_log_resnet18.csv');
    writeFileSync(path, `${HEADER}${row(1, 'nan')}${row(2, '0.5')}2,partial`);
    const executor = createLocalExecutor();
    const first = followFile(executor, path, 0, () => createTrainingCsvParser(), {
      primeWithFirstLine: true,
    });
    const events = await first.poll();
    expect(
      events.filter((e) => e.kind === 'epoch').map((e) => e.kind === 'epoch' && [e.epoch, e.map]),
    ).toEqual([
      [1, null],
      [2, 0.5],
    ]);
    // taobot restarts: a new follower from the stored offset still knows the columns.
    writeFileSync(path, `${HEADER}${row(1, 'nan')}${row(2, '0.5')}`);
    appendFileSync(path, row(3, 'nan') + row(4, '0.7'));
    const resumed = followFile(executor, path, first.offset, () => createTrainingCsvParser(), {
      primeWithFirstLine: true,
    });
    const later = await resumed.poll();
    expect(
      later.filter((e) => e.kind === 'epoch').map((e) => e.kind === 'epoch' && [e.epoch, e.map]),
    ).toEqual([
      [3, null],
      [4, 0.7],
    ]);
  });

  it('starts over when the file was recreated smaller (a resumed TAO run)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taobot-follow-'));
    const path = join(dir, 'log.csv');
    writeFileSync(path, `${HEADER}${row(1, 'nan')}${row(2, '0.5')}${row(3, 'nan')}`);
    const executor = createLocalExecutor();
    const follower = followFile(executor, path, 0, () => createTrainingCsvParser());
    await follower.poll();
    writeFileSync(path, `${HEADER}${row(3, '0.6')}`);
    const events = await follower.poll();
    expect(events.filter((e) => e.kind === 'epoch').map((e) => e.kind === 'epoch' && e.epoch)).toEqual([3]);
  });
});
