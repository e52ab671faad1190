import { describe, expect, it } from 'vitest';
import { parseExitCode } from '../../../src/pipeline/executors/exit-file.js';

describe('parseExitCode', () => {
  it.each([
    ['0\n', 0],
    ['3\n', 3],
    ['143\n', 143],
    ['255\n', 255],
    ['7', 7],
  ])('reads %j as %i when it is what the wrapper writes', (text, code) => {
    expect(parseExitCode(text)).toEqual({ ok: true, value: code });
  });

  it.each(['', '\n', 'abc\n', '-1\n', '256\n', '1000\n', ' 3\n', '3\n\n', '3 4\n', '0x10\n'])(
    'returns an error naming the content when the file holds %j',
    (text) => {
      const result = parseExitCode(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(JSON.stringify(text));
    },
  );
});
