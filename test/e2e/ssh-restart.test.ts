import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { listEpochs } from '../../src/db/repositories/metrics.js';
import { listRunEvents, listRuns } from '../../src/db/repositories/runs.js';
import { createSshExecutor } from '../../src/pipeline/executors/ssh.js';
import { type SshHost, sshServices } from '../helpers/remote-services.js';
import { makeTaobotHome, SPECS_DIR, startTaobotProcess, watchOutput } from '../helpers/taobot-process.js';

const controlDir = await mkdtemp('/tmp/tb-restart-');
const services = await sshServices(controlDir);
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  await rm(controlDir, { recursive: true, force: true });
});

const reach = (host: SshHost) =>
  `host: ${host.options.host}, port: ${host.port}, identityFile: ${host.options.identityFile}, ` +
  `sshOptions: [UserKnownHostsFile=${host.options.knownHostsFile}, StrictHostKeyChecking=yes, BatchMode=yes]`;

describe.runIf(services !== null)('taobot killed while it follows a run on an SSH server', () => {
  it('re-attaches after a restart: the run finishes on the server, every epoch stored once', {
    timeout: 180_000,
  }, async () => {
    if (!services) throw new Error('unreachable: guarded by runIf');
    const gpu = createSshExecutor(services.gpu.options);
    cleanup.push(() => gpu.close());
    const made = await gpu.exec(['mktemp', '-d', '/tmp/taobot-e2e-XXXXXX']);
    const serverDir = made.stdout.trim();
    cleanup.push(() => gpu.exec(['rm', '-rf', serverDir]));
    const home = makeTaobotHome({
      yaml: (dir) => `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - { name: gpu1, executor: ssh, ${reach(services.gpu)}, tao: ${services.tao}, taoVersion: 5, workdir: ${serverDir}/runs, gpus: 1, env: { TAOBOT_SIM_EPOCH_MS: "500" } }
models:
  ssd_resnet18: { network: ssd, spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}, key: k }
pipeline: { reconcileIntervalMs: 100 }
`,
    });
    cleanup.push(() => rm(home.dir, { recursive: true, force: true }));

    const first = startTaobotProcess(home.configPath);
    const firstOut = watchOutput(first.stdout);
    first.stdin.write('/train ssd_resnet18 epochs=10 checkpoint_interval=2 validation_period=2\n');
    await firstOut.until(/epoch [3-8]\/10/, 120_000);
    first.kill('SIGKILL');
    await first;

    const second = startTaobotProcess(home.configPath);
    const secondOut = watchOutput(second.stdout);
    second.stdin.end();
    const result = await second;
    expect(result.exitCode, result.stderr).toBe(0);
    const finals = `${firstOut.text}${secondOut.text}`.match(/Run #1 · train ssd_resnet18 finished/g) ?? [];
    expect(finals).toHaveLength(1);

    const db = await createDb({ dataDir: join(home.dataDir, 'pglite') });
    try {
      const [run] = await listRuns(db.db);
      expect(run?.state).toBe('succeeded');
      expect((run?.processHandle as { host?: string } | null)?.host).toBeTruthy();
      const epochs = await listEpochs(db.db, run?.id as number);
      expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(epochs.filter((e) => e.map !== null).map((e) => e.epoch)).toEqual([2, 4, 6, 8, 10]);
      const events = await listRunEvents(db.db, run?.id as number);
      expect(events.filter((e) => e.type === 'started')).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
