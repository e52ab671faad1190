/**
 * Following runs over ssh, measured on the server: 20 simulated trainings on the loopback GPU sshd, followed for a
 * minute the way the reconciler does (each second, per run: the process status, then incremental reads of
 * status.json, the training CSV and the console log, and the weights listing, all over one shared connection),
 * against a baseline of one `ssh host tail -F console.log csv status.json` per run for a minute. Measured on the
 * server: the CPU time of the sshd process trees serving the benchmark's connections (/proc/<pid>/stat), and the
 * number of those connections (/proc/net/tcp). Both sides follow the same runs, one after the other.
 *
 * Needs `.ci/services/start.sh` (as root); skips with a message otherwise.
 * Run: `node bin/run-ts.js bench/ssh-follow.ts`
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { createDb } from '../src/db/client.js';
import { insertRun } from '../src/db/repositories/runs.js';
import { createSshExecutor } from '../src/pipeline/executors/ssh.js';
import type { ProcessHandle } from '../src/pipeline/executors/types.js';
import { runPaths } from '../src/pipeline/runs/launcher.js';
import { createRunFollower } from '../src/pipeline/runs/run-follower.js';
import { buildTrain } from '../src/pipeline/tao/commands/index.js';
import { readServicesEnv } from '../test/helpers/remote-services.js';
import { measure, report } from './ssh-follow-measure.js';
import { sampleConnections } from './ssh-follow-proc.js';

const RUNS = 20;
/** The minute of the task; shorter for a quick look (`TAOBOT_BENCH_SSH_FOLLOW_MS=10000`). */
const WINDOW_MS = Number(process.env.TAOBOT_BENCH_SSH_FOLLOW_MS ?? 60_000);
const PASS_MS = 1_000;
const EPOCH_MS = 1_500;
const CSV = 'ssd_training_log_resnet18.csv';

export async function runSshFollowBench(): Promise<string> {
  const env = readServicesEnv();
  const listener = Number(
    (await readFile(`${env?.CI_SVC_DIR}/pids/sshd_gpu.pid`, 'utf8').catch(() => '')).trim(),
  );
  const comm = listener ? await readFile(`/proc/${listener}/comm`, 'utf8').catch(() => '') : '';
  if (env?.CI_SSH !== '1' || comm.trim() !== 'sshd') {
    return 'skipped: the loopback GPU sshd is not running (start it as root with .ci/services/start.sh)';
  }
  const port = Number(env.CI_SSH_GPU_PORT);
  // One private folder for the ssh control sockets; the follower's path in it marks the benchmark's own clients.
  const base = await mkdtemp('/tmp/tb-sshf-');
  const marker = `${base}/follow`;
  const connection = (controlDir: string) => ({
    host: `${env.CI_SSH_GPU_USER}@${env.CI_SSH_HOST}`,
    port,
    identityFile: env.CI_SSH_KEY as string,
    knownHostsFile: env.CI_SSH_KNOWN_HOSTS as string,
    sshOptions: ['StrictHostKeyChecking=yes'],
    controlDir,
  });
  const tickS = Number((await execa('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
  const sample = () => sampleConnections(listener, port, marker);
  // The runs are started over a connection of their own, closed before anything is measured.
  const launcher = createSshExecutor(connection(`${base}/launch`));
  const dir = (await launcher.exec(['mktemp', '-d', '/tmp/taobot-bench-XXXXXX'])).stdout.trim();
  const db = await createDb({ memory: true });
  const handles: ProcessHandle[] = [];
  try {
    await db.migrate();
    const spec = (await readFile(new URL('../specs/ssd_train_resnet18_kitti.txt', import.meta.url), 'utf8'))
      .replace('num_epochs: 80', 'num_epochs: 1000')
      .replace('enable_qat: false', 'enable_qat: false\n  checkpoint_interval: 1000');
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      const run = await insertRun(db.db, {
        kind: 'train',
        model: 'bench',
        network: 'ssd',
        server: 'gpu',
        requestedBy: 'bench',
        platform: 'shell',
        channelId: 'bench',
        specSnapshot: spec,
        numEpochs: 1000,
        resultsDir: runPaths(dir, i + 1).resultsDir,
      });
      const paths = runPaths(dir, run.id);
      await launcher.write(paths.spec, spec);
      const argv = buildTrain(
        { version: 5, launcher: [env.CI_TAO_GPU as string] },
        { network: 'ssd', gpus: 1, spec: paths.spec, resultsDir: paths.resultsDir },
      );
      if (!argv.ok) throw new Error(argv.error.message);
      handles.push(
        await launcher.start({
          argv: argv.value,
          cwd: paths.root,
          env: { TAOBOT_SIM_EPOCH_MS: String(EPOCH_MS) },
          logFile: paths.consoleLog,
          exitFile: paths.exitFile,
        }),
      );
      runs.push(run);
    }
    // Every run past its first epoch, so both sides follow runs that write.
    const deadline = Date.now() + 120_000;
    for (const run of runs) {
      while (!(await launcher.read(`${run.resultsDir}/${CSV}`, 0, 0))?.size) {
        if (Date.now() > deadline) throw new Error(`run ${run.id} wrote no training CSV within two minutes`);
        await delay(500);
      }
    }
    await launcher.close();

    const follower = createSshExecutor(connection(marker));
    const followers = await Promise.all(runs.map((run) => createRunFollower(db.db, run, follower, dir)));
    const pass = async () => {
      for (const [i, follow] of followers.entries()) {
        const state = await follower.status(handles[i] as ProcessHandle);
        if (state.state !== 'running') throw new Error(`run ${i + 1} ended early: ${JSON.stringify(state)}`);
        await follow.poll();
      }
    };
    await pass(); // connects and reads the backlog, as the first pass after a start would
    const taobot = await measure('taobot (1 s polls)', sample, tickS, WINDOW_MS, async (stop) => {
      let passes = 0;
      while (!stop.aborted) {
        const started = Date.now();
        await pass();
        passes += 1;
        await delay(Math.max(0, PASS_MS - (Date.now() - started)));
      }
      return `${passes} passes of ${RUNS} runs`;
    });
    await follower.close();

    const tails = runs.map((run) =>
      execa(
        'ssh',
        [
          ...[
            '-p',
            String(port),
            '-i',
            env.CI_SSH_KEY as string,
            '-o',
            'IdentitiesOnly=yes',
            '-o',
            'BatchMode=yes',
          ],
          ...[
            '-o',
            `UserKnownHostsFile=${env.CI_SSH_KNOWN_HOSTS}`,
            '-o',
            'ControlPath=none',
            '-o',
            `SetEnv=TB=${marker}`,
          ],
          `${env.CI_SSH_GPU_USER}@${env.CI_SSH_HOST}`,
          `tail -F ${runPaths(dir, run.id).consoleLog} ${run.resultsDir}/${CSV} ${run.resultsDir}/status.json`,
        ],
        { reject: false, stdin: 'ignore', buffer: false },
      ),
    );
    let bytes = 0;
    await Promise.all(
      tails.map(
        (tail) =>
          new Promise<void>((resolve) => {
            tail.stdout?.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
              resolve();
            });
          }),
      ),
    );
    const baseline = await measure('tail -F per run', sample, tickS, WINDOW_MS, async (stop) => {
      await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
      const received = bytes;
      for (const tail of tails) tail.kill('SIGTERM');
      await Promise.all(tails);
      return `${(received / 1024).toFixed(0)} KiB streamed`;
    });
    return report(RUNS, WINDOW_MS, taobot, baseline);
  } finally {
    const cleaner = createSshExecutor(connection(`${base}/clean`));
    for (const handle of handles) await cleaner.cancel(handle, { graceMs: 2_000 }).catch(() => {});
    await cleaner.exec(['rm', '-rf', dir]).catch(() => {});
    await cleaner.close();
    await db.close();
    await rm(base, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await runSshFollowBench()}\n`);
}
