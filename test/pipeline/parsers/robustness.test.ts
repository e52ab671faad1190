import { describe, expect, it } from 'vitest';
import { createParser, PARSERS } from '../../../src/pipeline/parsers/index.js';
import { createLineParser } from '../../../src/pipeline/parsers/line-parser.js';
import { feed, seeded, splitAt } from './feed.js';

const PIECES = [
  '\n',
  '\r',
  '\r\n',
  '\b\b\b',
  '\t',
  ' ',
  ',',
  '{',
  '}',
  '"',
  ':',
  'nan',
  '0.5',
  '1e-05',
  'NaN',
  '*****',
  'epoch',
  'AP',
  'mAP',
  'Epoch 3/80',
  'Epoch 00003: saving model to ',
  '85/85 [=====] - 18s 210ms/step - loss: ',
  ' 3/85 [>...] - ETA: 1:2',
  'Traceback (most recent call last):\n',
  '  File "x", line 1\n',
  'Error: x',
  '{"status": "RUNNING", "graphical": {"loss": ',
  '"epoch": 1, ',
  '&&&& PASSED TensorRT.trtexec [TensorRT v',
  '[I] Latency: min = ',
  ' ms, ',
  '2024-01-31 11:05:27,929 [TAO Toolkit] [ERROR] x 1: ',
  '\u0000',
  '\uffff',
  '😀',
];

/** Text made of format fragments in random order: close enough to real output to reach deep states. */
function garbage(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

describe('parsers on garbage', () => {
  for (const kind of PARSERS.keys()) {
    it(`never throws and gives ${kind} the same events chunked as whole when the text is garbage`, () => {
      const random = seeded(7);
      for (let round = 0; round < 200; round++) {
        const text = garbage(random, 50 + Math.floor(random() * 600));
        const whole = feed(createParser(kind), [text]);
        const offsets = [Math.floor(random() * text.length), Math.floor(random() * text.length)].sort(
          (a, b) => a - b,
        );
        expect(feed(createParser(kind), splitAt(text, offsets))).toEqual(whole);
        expect(whole.skipped).toBeLessThanOrEqual(whole.lines);
      }
    });

    it(`counts ${kind} lines of noise as skipped when nothing in them is readable`, () => {
      const result = feed(createParser(kind), ['%%% garbage %%%\nmore garbage\n???']);
      expect(result).toEqual({ events: [], lines: 3, skipped: 3 });
    });
  }
});

describe('createLineParser', () => {
  it('counts a line as skipped and drops its partial events when the reader throws', () => {
    const parser = createLineParser<string>({
      line: (text, out) => {
        out.push(text);
        if (text === 'boom') throw new Error('reader bug');
        return true;
      },
    });
    expect(parser.push('a\nboom\nb\n')).toEqual(['a', 'b']);
    expect({ lines: parser.lines, skipped: parser.skipped }).toEqual({ lines: 3, skipped: 1 });
  });
});
