import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from '../../../src/pipeline/executors/shell-quote.js';
import { SPECIAL_ARGS } from '../../contracts/executor-lifecycle.contract.js';

/** Every ASCII character but NUL (no argument can hold one), then multi-byte UTF-8. */
const ALL_CHARACTERS = `${String.fromCharCode(...Array.from({ length: 127 }, (_, i) => i + 1))}é✓\u{1F680}`;

/** What a real POSIX shell makes of a command line: the arguments printf receives, NUL-separated. */
async function parsedBy(shell: string, commandLine: string): Promise<string[]> {
  const result = await execa(shell, ['-c', `printf '%s\\0' ${commandLine}`], { stripFinalNewline: false });
  return result.stdout.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves words of safe characters as they are', () => {
    expect(shellQuote('/data/run-7/results_dir')).toBe('/data/run-7/results_dir');
    expect(shellQuote('--gpus')).toBe('--gpus');
  });

  it('quotes an empty word, a quote, an assignment and a tilde', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('A=1')).toBe("'A=1'");
    expect(shellQuote('~')).toBe("'~'");
  });
});

describe('shellCommand', () => {
  it.each(['/bin/sh', 'bash'])(
    'reaches the program unchanged through %s when words hold shell syntax',
    async (shell) => {
      const words = [
        ...SPECIAL_ARGS,
        ALL_CHARACTERS,
        "''",
        "a'b'c",
        '\\n',
        '$((1+1))',
        '{a,b}',
        '[x]',
        '>out',
      ];
      expect(await parsedBy(shell, shellCommand(words))).toEqual(words);
    },
  );

  it('runs a first word with = as a program, not as an assignment', async () => {
    const result = await execa('/bin/sh', ['-c', shellCommand(['A=1', 'x'])], { reject: false });
    expect(result.exitCode).toBe(127);
  });
});
