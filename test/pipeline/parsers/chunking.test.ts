import { describe, expect, it } from 'vitest';
import { createParser, type ParserKind } from '../../../src/pipeline/parsers/index.js';
import { readFixture } from '../../helpers/fixtures.js';
import { feed, seeded, splitAt } from './feed.js';
import {
  KERAS_FILE_EPOCH,
  KITTI_CSV,
  kerasTerminalEpoch,
  OTHER_TASKS_STATUS,
  PREFIXED_LINES,
  RESUMED_CSV,
  SSD_TRAIN_STATUS,
  TRACEBACK,
  TRTEXEC_7,
  TRTEXEC_8,
  VALIDATION_BLOCK,
} from './samples.js';

/** Each parser with a sample that exercises its state: tables, tracebacks, frames, restarts, CRLF. */
const SAMPLES: readonly [ParserKind, string][] = [
  ['training-csv', KITTI_CSV + RESUMED_CSV],
  ['status-json', SSD_TRAIN_STATUS + OTHER_TASKS_STATUS],
  [
    'console',
    [VALIDATION_BLOCK, kerasTerminalEpoch(11, 6, '9.5000'), KERAS_FILE_EPOCH, PREFIXED_LINES, TRACEBACK]
      .join('')
      .replaceAll('Validation loss', '\tValidation loss')
      .replace('Epoch 3/80\n', 'Epoch 3/80\r\n'),
  ],
  ['trtexec', TRTEXEC_8 + TRTEXEC_7],
];

describe('incremental feeding', () => {
  for (const [kind, sample] of SAMPLES) {
    const whole = feed(createParser(kind), [sample]);

    it(`gives ${kind} the same events at every split point as when the sample is fed whole`, () => {
      expect(whole.events.length).toBeGreaterThan(3);
      for (let offset = 0; offset <= sample.length; offset++) {
        const split = feed(createParser(kind), splitAt(sample, [offset]));
        if (JSON.stringify(split) !== JSON.stringify(whole))
          expect({ offset, ...split }).toEqual({ offset, ...whole });
      }
    });

    it(`gives ${kind} the same events when the sample arrives one character at a time`, () => {
      expect(feed(createParser(kind), [...sample])).toEqual(whole);
    });
  }

  it('gives the console parser the same events on the real log when it arrives in random pieces', () => {
    const text = readFixture('tao', 'tlt2_ssd_resnet18_train_console_spoonbobo.txt');
    const whole = feed(createParser('console'), [text]);
    const random = seeded(42);
    for (let round = 0; round < 50; round++) {
      const offsets: number[] = [];
      for (let at = Math.floor(random() * 200); at < text.length; at += 1 + Math.floor(random() * 400))
        offsets.push(at);
      expect(feed(createParser('console'), splitAt(text, offsets))).toEqual(whole);
    }
  });
});
