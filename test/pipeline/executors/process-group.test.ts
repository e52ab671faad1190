import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/pipeline/executors/local.js';
import { isGroupAlive, parseProcStat } from '../../../src/pipeline/executors/process-group.js';
import { waitFor } from '../../contracts/wait-for.js';

const onLinux = process.platform === 'linux';

describe('parseProcStat', () => {
  it('reads state, parent and group when the command name holds spaces and parentheses', () => {
    const line = '4242 (python3 (tao) x) Z 1 4200 4200 0 -1 4194564 12 0 0 0 3 1 0 0 20 0 1 0 9999 0 0\n';
    expect(parseProcStat(line)).toEqual({ pid: 4242, state: 'Z', ppid: 1, pgrp: 4200 });
  });

  it.runIf(onLinux)('reads the real stat file of this process when it is on Linux', async () => {
    const stat = parseProcStat(await readFile('/proc/self/stat', 'utf8'));
    expect(stat).toMatchObject({ pid: process.pid, ppid: process.ppid });
    expect(stat?.state).toMatch(/^[RS]$/);
  });

  it.each(['', 'garbage', '12 (x)', 'x (sh) S 1 2', '12 (sh) S one 2', '12 (sh) 7 1 2'])(
    'returns null when the line is %j',
    (line) => {
      expect(parseProcStat(line)).toBeNull();
    },
  );
});

describe('isGroupAlive', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('says gone when the group has ended', async () => {
    const child = await execa('/bin/sh', ['-c', 'echo $$']);
    expect(await isGroupAlive(Number(child.stdout))).toBe(false);
  });

  it.runIf(onLinux)(
    'says gone, and status says lost, when the only member left is an unreaped zombie',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'taobot-zombie-'));
      // The leader of a new session waits for a file and exits; its parent then execs sleep, which never reaps
      // children, so the leader stays a zombie: kill(-pgid, 0) still succeeds for it.
      const wait = 'while [ ! -e "$1" ]; do sleep 0.01; done';
      const script = `setsid /bin/sh -c '${wait}' sh "$1" >/dev/null 2>&1 & echo $!; exec sleep 30`;
      const parent = execa('/bin/sh', ['-c', script, 'sh', join(dir, 'go')], { reject: false });
      cleanups.push(async () => {
        await writeFile(join(dir, 'go'), '');
        parent.kill('SIGKILL');
        await parent;
        await rm(dir, { recursive: true, force: true });
      });
      const leader = await waitFor(
        'the leader pid',
        () =>
          new Promise<number>((resolve) =>
            parent.stdout?.once('data', (data: Buffer) => resolve(Number(data))),
          ),
      );
      // `$!` is known before the child has called setsid(): wait until the new group exists.
      await waitFor('the new process group', async () => ((await isGroupAlive(leader)) ? true : undefined));
      await writeFile(join(dir, 'go'), '');
      await waitFor('the leader to be a zombie', async () => {
        const stat = parseProcStat(await readFile(`/proc/${leader}/stat`, 'utf8'));
        return stat?.state === 'Z' ? stat : undefined;
      });
      expect(() => process.kill(-leader, 0)).not.toThrow();
      expect(await isGroupAlive(leader)).toBe(false);
      const handle = {
        executor: 'local',
        pid: leader,
        exitFile: join(dir, 'exit-code'),
        logFile: join(dir, 'run.log'),
        startedAt: new Date().toISOString(),
      } as const;
      expect(await createLocalExecutor().status(handle)).toMatchObject({ state: 'lost' });
    },
  );
});
