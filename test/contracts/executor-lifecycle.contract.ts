import { join } from 'node:path/posix';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-kit.js';

/** Arguments a shell would mangle; the program must receive each one unchanged. */
export const SPECIAL_ARGS = [
  'two words',
  "it's",
  '"double quoted"',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text a shell would expand, sent as is
  '${PATH}',
  '$(id)',
  '`id`',
  'a;b',
  'a && b || c',
  'a | b > c',
  'line one\nline two',
  '',
  '  padded  ',
  '*',
  '~',
  '\\',
  'tab\there',
  'ünïcödé ✓',
  '--not-an-option',
  "'",
  '!',
  '#not a comment',
];

/** Line i of fake-writer.mjs's output (the same rule as in the script). */
const writerLine = (i: number): string => `line ${i} ${'é'.repeat(1 + (i % 5))} ${'x'.repeat(i % 11)} ✓\n`;

export function lifecycleContract(context: () => ContractContext): void {
  describe('start and status', () => {
    it('reports running until the program ends, then exited with its code when it ends', async () => {
      const c = context();
      const release = join(c.workdir, 'release');
      const handle = await c.start(
        c.request('run', c.fake('fake-print.mjs', '--wait-for', release, '--code', '5')),
      );
      expect(handle.logFile).toBe(join(c.workdir, 'run', 'run.log'));
      expect(handle.exitFile).toBe(join(c.workdir, 'run', 'exit-code'));
      expect(Number.isNaN(Date.parse(handle.startedAt))).toBe(false);
      expect(await c.executor.status(handle)).toEqual({ state: 'running' });
      await c.executor.write(release, 'go\n');
      expect(await c.waitForState(handle, 'exited')).toEqual({ state: 'exited', exitCode: 5 });
      expect(await c.readText(handle.exitFile)).toBe('5\n');
    });

    it.each([0, 3])('reports exit code %i when the program exits with it', async (code) => {
      const c = context();
      const handle = await c.start(
        c.request(`code-${code}`, c.fake('fake-print.mjs', '--code', String(code))),
      );
      expect(await c.waitForState(handle, 'exited')).toEqual({ state: 'exited', exitCode: code });
    });

    it('passes every argument verbatim when they hold quotes, $, ;, backticks and newlines', async () => {
      const c = context();
      const out = join(c.workdir, 'argv.json');
      const handle = await c.start(c.request('argv', c.fake('fake-argv.mjs', out, ...SPECIAL_ARGS)));
      expect(await c.waitForState(handle, 'exited')).toEqual({ state: 'exited', exitCode: 0 });
      expect(JSON.parse((await c.readText(out)) ?? 'null')).toEqual(SPECIAL_ARGS);
    });

    it('gives the program the extra environment variables when env is set', async () => {
      const c = context();
      const value = 'two words $HOME `id` ;';
      const argv = c.fake(
        'fake-print.mjs',
        '--env',
        'TAOBOT_CONTRACT_VALUE',
        '--env',
        'TAOBOT_CONTRACT_UNSET',
      );
      const handle = await c.start(c.request('env', argv, { TAOBOT_CONTRACT_VALUE: value }));
      await c.waitForState(handle, 'exited');
      expect(await c.readText(handle.logFile)).toBe(
        `TAOBOT_CONTRACT_VALUE=${value}\nTAOBOT_CONTRACT_UNSET is unset\n`,
      );
    });

    it('appends stdout and stderr to the log file when it already has content', async () => {
      const c = context();
      const request = c.request('log', c.fake('fake-print.mjs', '--out', 'to stdout', '--err', 'to stderr'));
      await c.executor.write(request.logFile, 'earlier line\n');
      const handle = await c.start(request);
      await c.waitForState(handle, 'exited');
      expect(await c.readText(handle.logFile)).toBe('earlier line\nto stdout\nto stderr\n');
    });

    it('runs the program in cwd when the folder did not exist', async () => {
      const c = context();
      const request = c.request('cwd', c.fake('fake-argv.mjs', 'relative.json', 'here'));
      const handle = await c.start(request);
      await c.waitForState(handle, 'exited');
      expect(await c.readText(join(request.cwd, 'relative.json'))).toBe('["here"]');
    });
  });

  describe('reading a growing file', () => {
    it('rebuilds the file exactly from chunks read by offset when the program is still writing', async () => {
      const c = context();
      const file = join(c.workdir, 'growing.txt');
      const count = 60;
      const handle = await c.start(c.request('writer', c.fake('fake-writer.mjs', file, String(count), '4')));
      const chunks: Buffer[] = [];
      let offset = 0;
      let chunksWhileRunning = 0;
      const deadline = Date.now() + 15_000;
      for (;;) {
        const finished = (await c.executor.status(handle)).state !== 'running';
        for (;;) {
          // 7 bytes at a time: reads end inside lines and inside multi-byte characters.
          const chunk = await c.executor.read(file, offset, 7);
          if (chunk === null || chunk.data.length === 0) break;
          expect(chunk.size).toBeGreaterThanOrEqual(offset + chunk.data.length);
          chunks.push(chunk.data);
          offset += chunk.data.length;
          if (!finished) chunksWhileRunning += 1;
        }
        if (finished) break;
        if (Date.now() > deadline) throw new Error('the writer did not finish in 15 s');
        await delay(5);
      }
      expect(await c.executor.status(handle)).toEqual({ state: 'exited', exitCode: 0 });
      const expected = Array.from({ length: count }, (_, i) => writerLine(i)).join('');
      expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
      expect(chunksWhileRunning).toBeGreaterThan(1);
    });
  });
}
