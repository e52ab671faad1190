import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { listEpochs } from '../../src/db/repositories/metrics.js';
import { listRunEvents, listRuns } from '../../src/db/repositories/runs.js';
import { notifications } from '../../src/db/schema.js';
import { makeTaobotHome, startTaobotProcess, watchOutput } from '../helpers/taobot-process.js';

async function withDb<T>(
  dataDir: string,
  use: (db: Awaited<ReturnType<typeof createDb>>) => Promise<T>,
): Promise<T> {
  const handle = await createDb({ dataDir: join(dataDir, 'pglite') });
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

const processAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('taobot runs in a terminal', () => {
  it('finishes a run after taobot is killed mid-run and started again, storing every epoch once', async () => {
    const home = makeTaobotHome({ epochMs: 400 });
    const first = startTaobotProcess(home.configPath);
    const firstOut = watchOutput(first.stdout);
    first.stdin.write('/train ssd_resnet18 epochs=10 checkpoint_interval=2 validation_period=2\n');
    await firstOut.until(/epoch [3-8]\/10/);
    first.kill('SIGKILL');
    await first;
    expect(firstOut.text).not.toMatch(/finished/);

    const second = startTaobotProcess(home.configPath);
    const secondOut = watchOutput(second.stdout);
    second.stdin.end();
    const result = await second;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(secondOut.text).toMatch(/Run #1 · train ssd_resnet18 finished/);
    const finals = `${firstOut.text}${secondOut.text}`.match(/Run #1 · train ssd_resnet18 finished/g) ?? [];
    expect(finals).toHaveLength(1);

    await withDb(home.dataDir, async ({ db }) => {
      const [run] = await listRuns(db);
      expect(run?.state).toBe('succeeded');
      const epochs = await listEpochs(db, run?.id as number);
      expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(epochs.filter((e) => e.map !== null).map((e) => e.epoch)).toEqual([2, 4, 6, 8, 10]);
      const events = await listRunEvents(db, run?.id as number);
      expect(events.filter((e) => e.type === 'started')).toHaveLength(1);
      const notes = await db.select().from(notifications);
      expect(notes.filter((n) => n.key === 'final:1')).toHaveLength(1);
    });
  });

  it('ends a crashed TAO run as failed with the tail of its log', async () => {
    const home = makeTaobotHome({ extraEnv: { TAOBOT_SIM_FAIL: 'crash@3' } });
    const child = startTaobotProcess(home.configPath);
    const out = watchOutput(child.stdout);
    child.stdin.end('/train ssd_resnet18 epochs=6\n');
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(out.text).toMatch(/Run #1 · train ssd_resnet18 failed/);
    expect(out.text).toMatch(/Traceback \(most recent call last\)/);
    expect(out.text).toMatch(/Execution status: FAIL/);
    await withDb(home.dataDir, async ({ db }) => {
      const [run] = await listRuns(db);
      expect(run?.state).toBe('failed');
      expect(run?.exitCode).not.toBe(0);
      expect(run?.error).toBeTruthy();
      expect((await listEpochs(db, run?.id as number)).map((e) => e.epoch)).toEqual([1, 2]);
    });
  });

  it('cancels a running run and stops its TAO process', async () => {
    const home = makeTaobotHome({ epochMs: 1000 });
    const child = startTaobotProcess(home.configPath);
    const out = watchOutput(child.stdout);
    child.stdin.write('/train ssd_resnet18 epochs=50\n');
    await out.until(/train ssd_resnet18 · running/);
    child.stdin.end('/cancel 1\n');
    await out.until(/Run #1 cancelled/);
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(out.text).toMatch(/its process was stopped/);
    await withDb(home.dataDir, async ({ db }) => {
      const [run] = await listRuns(db);
      expect(run?.state).toBe('cancelled');
      const pid = (run?.processHandle as { pid: number } | null)?.pid ?? 0;
      expect(pid).toBeGreaterThan(1);
      expect(processAlive(pid)).toBe(false);
    });
  });

  it('answers bad input with what to fix and starts nothing', async () => {
    const home = makeTaobotHome();
    const child = startTaobotProcess(home.configPath);
    const out = watchOutput(child.stdout);
    child.stdin.end(
      `${[
        '/train yolo',
        '/train ssd_resnet18 server=gpu9',
        '/train ssd_resnet18 epochs=abc',
        '/train ssd_resnet18 gpus=99',
        '/cancel 7',
        '/launch',
      ].join('\n')}\n`,
    );
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(out.text).toMatch(/unknown model "yolo"; configured models: ssd_resnet18/);
    expect(out.text).toMatch(/unknown server "gpu9"; configured servers: sim/);
    expect(out.text).toMatch(/epochs must be a whole number from 1 to 10000 \(got "abc"\)/);
    expect(out.text).toMatch(/gpus must be from 1 to 64 \(got 99\)|gpus=99/);
    expect(out.text).toMatch(/there is no run #7/);
    expect(out.text).toMatch(/Unknown command \/launch/);
    await withDb(home.dataDir, async ({ db }) => expect(await listRuns(db)).toHaveLength(0));
  });

  it('refuses a missing spec file and a malformed config with clear messages', async () => {
    const missingSpec = makeTaobotHome();
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(
      missingSpec.configPath,
      readFileSync(missingSpec.configPath, 'utf8').replace(
        /spec: .*ssd_train_resnet18_kitti\.txt/,
        'spec: /nowhere/spec.txt',
      ),
    );
    const child = startTaobotProcess(missingSpec.configPath);
    const out = watchOutput(child.stdout);
    child.stdin.end('/train ssd_resnet18\n');
    await child;
    expect(out.text).toMatch(
      /the spec of ssd_resnet18 \(\/nowhere\/spec\.txt\) does not exist; fix models\.ssd_resnet18\.spec/,
    );

    const broken = makeTaobotHome({
      yaml: 'servers:\n  - { name: a, executor: ftp, workdir: /x, gpus: 0 }\nmodels: {}\n',
    });
    const bad = await startTaobotProcess(broken.configPath);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/taobot\.yaml has \d problem\(s\)/);
    expect(bad.stderr).toMatch(/servers\[0\]\.executor: expected one of "local"\|"ssh"\|"slurm"/);
    expect(bad.stderr).toMatch(/servers\[0\]\.gpus/);
  });
});
