import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { join as hostJoin } from 'node:path/posix';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { ProcessHandle } from '../../src/pipeline/executors/types.js';
import { type ContractContext, localBinDir, repoRoot } from './contract-kit.js';

/**
 * Starts a run from a separate, short-lived Node process (the starter), as taobot does before it crashes or is
 * restarted, and returns the handle the starter wrote. The starter always runs on this machine: it plays taobot.
 */
async function startFromAnotherProcess(
  c: ContractContext,
  name: string,
  argv: string[],
  ending: 'exit' | 'kill',
): Promise<ProcessHandle> {
  const scratch = await mkdtemp(join(tmpdir(), 'taobot-starter-'));
  const handleFile = join(scratch, 'handle.json');
  const starter = await execa(
    process.execPath,
    [
      '--import',
      'tsx',
      join(localBinDir, 'start-detached.ts'),
      c.executor.kind,
      JSON.stringify(c.options.factoryOptions ?? {}),
      JSON.stringify(c.request(name, argv)),
      handleFile,
      ending,
    ],
    { cwd: repoRoot, reject: false, timeout: 20_000 },
  );
  const text = await readFile(handleFile, 'utf8').finally(() =>
    rm(scratch, { recursive: true, force: true }),
  );
  const handle = JSON.parse(text) as ProcessHandle;
  c.track(handle);
  // The starter must have ended by itself (not by the timeout), or with the SIGKILL it sent itself.
  expect(starter.timedOut).toBe(false);
  if (ending === 'exit') expect(starter.exitCode, starter.stderr).toBe(0);
  else expect(starter.signal).toBe('SIGKILL');
  return handle;
}

export function restartContract(context: () => ContractContext): void {
  describe('a run outlives the process that started it', () => {
    it.each(['exit', 'kill'] as const)(
      'keeps running, then reports its exit code when the starter process ends by %s',
      async (ending) => {
        const c = context();
        const release = hostJoin(c.workdir, 'release');
        const argv = c.fake('fake-print.mjs', '--out', 'started', '--wait-for', release, '--code', '7');
        const handle = await startFromAnotherProcess(c, `outlive-${ending}`, argv, ending);
        await c.waitForText(handle.logFile, 'started');
        expect(await c.executor.status(handle)).toEqual({ state: 'running' });
        await c.executor.write(release, 'go\n');
        expect(await c.waitForState(handle, 'exited')).toEqual({ state: 'exited', exitCode: 7 });
      },
    );
  });
}
