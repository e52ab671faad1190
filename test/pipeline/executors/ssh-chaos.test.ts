import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { getOffsets, listEpochs } from '../../../src/db/repositories/metrics.js';
import { insertRun } from '../../../src/db/repositories/runs.js';
import { HostUnreachableError } from '../../../src/pipeline/executors/backoff.js';
import { createSshExecutor, type SshExecutor } from '../../../src/pipeline/executors/ssh.js';
import type { HostHealth, ProcessState } from '../../../src/pipeline/executors/types.js';
import { createTrainingCsvParser } from '../../../src/pipeline/parsers/training-csv.js';
import { runPaths } from '../../../src/pipeline/runs/launcher.js';
import { createRunFollower, type RunFollower } from '../../../src/pipeline/runs/run-follower.js';
import { buildTrain } from '../../../src/pipeline/tao/commands/index.js';
import { parseSpec, setFields } from '../../../src/pipeline/tao/spec/index.js';
import { fixturePath } from '../../helpers/fixtures.js';
import { sshServices } from '../../helpers/remote-services.js';
import { serviceAvailable } from '../../helpers/services.js';
import { createTestDb } from '../../helpers/test-db.js';

const EPOCHS = 30;
const EPOCH_MS = 1_000;
const OUTAGE_MS = 20_000;

const controlDir = await mkdtemp('/tmp/tb-chaos-');
const services = await sshServices(controlDir);
const canStopSshd =
  services !== null &&
  serviceAvailable('sshd chaos', {
    available: process.getuid?.() === 0,
    hint: 'the chaos test stops and starts the test sshd, which needs root',
  });

afterAll(async () => {
  await rm(controlDir, { recursive: true, force: true });
});

async function specText(): Promise<string> {
  const doc = parseSpec(await readFile(fixturePath('tao', 'ssd_train_resnet18_kitti.txt'), 'utf8'));
  if (!doc.ok) throw new Error(doc.error.message);
  const edited = setFields(doc.value, [
    ['training_config.num_epochs', EPOCHS],
    ['training_config.checkpoint_interval', 5],
    ['eval_config.validation_period_during_training', 5],
  ]);
  if (!edited.ok) throw new Error(edited.error.message);
  return edited.value.text;
}

describe.runIf(canStopSshd)('ssh executor when the server goes away mid-run (chaos)', () => {
  it('follows the run to its end with every epoch stored once when sshd is stopped for 20 s and started again', async () => {
    if (!services) throw new Error('unreachable: guarded by runIf');
    const changes: HostHealth[] = [];
    const executor: SshExecutor = createSshExecutor({
      ...services.chaos.options,
      // Short pauses keep the test bounded: the host is tried again at most 2 s after sshd is back.
      backoff: { initialMs: 250, maxMs: 2_000 },
      onHealthChange: (health) => changes.push(health),
    });
    const db = await createTestDb('pglite');
    const workdir = (await executor.exec(['mktemp', '-d', '/tmp/taobot-chaos-XXXXXX'])).stdout.trim();
    try {
      const spec = await specText();
      const run = await insertRun(db.db, {
        kind: 'train',
        model: 'ssd_resnet18',
        network: 'ssd',
        server: 'chaos',
        requestedBy: 'shell:chaos',
        platform: 'shell',
        channelId: 'terminal',
        specSnapshot: spec,
        numEpochs: EPOCHS,
      });
      const paths = runPaths(workdir, run.id);
      await executor.write(paths.spec, spec);
      const argv = buildTrain(
        { version: 5, launcher: [services.tao] },
        { network: 'ssd', gpus: 1, spec: paths.spec, resultsDir: paths.resultsDir },
      );
      if (!argv.ok) throw new Error(argv.error.message);
      const handle = await executor.start({
        argv: argv.value,
        cwd: paths.root,
        env: { TAOBOT_SIM_EPOCH_MS: String(EPOCH_MS), TAOBOT_SIM_SEED: '7' },
        logFile: paths.consoleLog,
        exitFile: paths.exitFile,
      });

      // The follower loop, as the reconciler runs it: status, then read what is new; a failure leaves the run
      // alone until the next pass, and the follower is rebuilt from the offsets in the database.
      const offsets: Array<Map<string, number>> = [];
      let follower: RunFollower | null = null;
      let final: ProcessState | null = null;
      let unreachable = 0;
      const follow = (async () => {
        const deadline = Date.now() + 150_000;
        while (final === null && Date.now() < deadline) {
          try {
            follower ??= await createRunFollower(
              db.db,
              { ...run, resultsDir: paths.resultsDir },
              executor,
              workdir,
            );
            const state = await executor.status(handle);
            await follower.poll({ final: state.state !== 'running' });
            offsets.push(await getOffsets(db.db, run.id));
            if (state.state !== 'running') final = state;
          } catch (error) {
            if (!(error instanceof HostUnreachableError)) throw error;
            unreachable += 1;
            follower = null;
          }
          await delay(200);
        }
      })();

      // The loop ending first (an unexpected error) must fail the test at once, not leave it waiting.
      const loopEnded = follow.then(() => {
        throw new Error(`the follower loop ended early (final state ${JSON.stringify(final)})`);
      });
      const stored = async (count: number) => {
        while ((await listEpochs(db.db, run.id)).length < count) await delay(100);
      };
      await Promise.race([stored(3), loopEnded]);
      await services.sshdCtl('stop', 'chaos');
      const stoppedAt = Date.now();
      const epochsAtStop = (await listEpochs(db.db, run.id)).length;
      await delay(OUTAGE_MS - (Date.now() - stoppedAt));
      const epochsDuringOutage = (await listEpochs(db.db, run.id)).length - epochsAtStop;
      await services.sshdCtl('start', 'chaos');
      await follow;

      expect(final).toEqual({ state: 'exited', exitCode: 0 });
      expect(epochsAtStop).toBeLessThan(EPOCHS / 2);
      expect(epochsDuringOutage).toBe(0);
      expect(unreachable).toBeGreaterThan(0);
      expect(changes.map((change) => change.state)).toEqual(['unreachable', 'reachable']);

      // Every epoch once, with exactly what the whole CSV says, read afresh at the end.
      const csvPath = `${paths.resultsDir}/ssd_training_log_resnet18.csv`;
      const csv = await executor.read(csvPath, 0, 1 << 20);
      const parser = createTrainingCsvParser();
      const rows = [...parser.push(csv?.data.toString('utf8') ?? ''), ...parser.end()].flatMap((event) =>
        event.kind === 'epoch' ? [event] : [],
      );
      const epochs = await listEpochs(db.db, run.id);
      expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
      // status.json rounds the loss to 4 decimals, and whichever file is read last for an epoch fills it in.
      for (const [i, row] of rows.entries()) expect(epochs[i]?.loss).toBeCloseTo(row.loss as number, 4);
      expect(rows.map((row) => row.epoch)).toEqual(epochs.map((e) => e.epoch));
      expect(epochs.filter((e) => e.map !== null).map((e) => e.epoch)).toEqual([5, 10, 15, 20, 25, 30]);
      expect(epochs.every((e) => e.epochSeconds !== null)).toBe(true);

      // Followed by offset: what was stored only moved forward, across the outage, and reached the end of each file.
      for (const file of ['status.json', 'training.csv', 'console.log']) {
        const stored = offsets.map((snapshot) => snapshot.get(file) ?? 0);
        expect(stored, file).toEqual([...stored].sort((a, b) => a - b));
      }
      const last = offsets.at(-1);
      expect(last?.get('training.csv')).toBe(csv?.size);
      expect(last?.get('status.json')).toBe(
        (await executor.read(`${paths.resultsDir}/status.json`, 0, 0))?.size,
      );
    } finally {
      await services.sshdCtl('start', 'chaos');
      await executor.exec(['rm', '-rf', workdir]);
      await executor.close();
      await db.close();
    }
  }, 180_000);
});
