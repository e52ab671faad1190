import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { latestDeployments } from '../../src/db/repositories/results.js';
import { listRuns } from '../../src/db/repositories/runs.js';
import { createSshExecutor, type SshExecutor } from '../../src/pipeline/executors/ssh.js';
import { type SshHost, sshServices } from '../helpers/remote-services.js';
import { makeTaobotHome, SPECS_DIR, startTaobotProcess, watchOutput } from '../helpers/taobot-process.js';

const controlDir = await mkdtemp('/tmp/tb-deploy-');
const services = await sshServices(controlDir);
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  await rm(controlDir, { recursive: true, force: true });
});

/** A fresh folder of the host's user, removed at the end. */
async function remoteDir(executor: SshExecutor): Promise<string> {
  const made = await executor.exec(['mktemp', '-d', '/tmp/taobot-e2e-XXXXXX']);
  const dir = made.stdout.trim();
  cleanup.push(() => executor.exec(['rm', '-rf', dir]));
  return dir;
}

/** The connection keys of a server or device entry for one of the loopback sshd instances. */
const reach = (host: SshHost) =>
  `host: ${host.options.host}, port: ${host.port}, identityFile: ${host.options.identityFile}, ` +
  `sshOptions: [UserKnownHostsFile=${host.options.knownHostsFile}, StrictHostKeyChecking=yes, BatchMode=yes]`;

describe.runIf(services !== null)('a deploy from a GPU server to a Jetson, both over ssh', () => {
  it('trains on the server, copies the model through taobot, builds and installs the engine on the device', {
    timeout: 180_000,
  }, async () => {
    if (!services) throw new Error('unreachable: guarded by runIf');
    const gpu = createSshExecutor(services.gpu.options);
    const jetson = createSshExecutor(services.jetson.options);
    cleanup.push(
      () => gpu.close(),
      () => jetson.close(),
    );
    const serverDir = await remoteDir(gpu);
    const deviceDir = await remoteDir(jetson);
    const home = makeTaobotHome({
      yaml: (dir) => `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - { name: gpu1, executor: ssh, ${reach(services.gpu)}, tao: ${services.tao}, taoVersion: 5, workdir: ${serverDir}/runs, gpus: 2, env: { TAOBOT_SIM_EPOCH_MS: "40" } }
devices:
  - { name: nano, ${reach(services.jetson)}, trtexec: ${services.trtexec}, workdir: ${deviceDir}/nano }
  - { name: broken, ${reach(services.jetson)}, trtexec: ${services.trtexec}, workdir: ${deviceDir}/broken, env: { TAOBOT_SIM_FAIL: engine } }
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    key: test-key
    calibrationImages: /data/kitti/calibration
access: { approvers: ["shell:reviewer"], selfApproval: false }
pipeline: { reconcileIntervalMs: 100 }
`,
    });
    cleanup.push(() => rm(home.dir, { recursive: true, force: true }));
    const child = startTaobotProcess(home.configPath);
    const out = watchOutput(child.stdout);
    const type = (line: string) =>
      child.stdin.write(line.startsWith('@') ? `${line}\n` : `@operator ${line}\n`);

    type('/train ssd_resnet18 epochs=4 checkpoint_interval=2 validation_period=2');
    await out.until(/Run #1 · train ssd_resnet18 finished/, 90_000);
    type('/deploy 1 nano precision=int8');
    await out.until(/Approval needed #1: deploy \(run #2\)/);
    type('/approve 1');
    await out.until(/\/approve 1: refused: shell:operator is not an approver/);
    type('@reviewer /approve 1');
    await out.until(/Run #2 · deploy ssd_resnet18: nano runs at \d+\.\d FPS/, 90_000);

    // The same model to a device whose engine build fails: nothing is installed and the staging folder goes.
    type('/deploy 1 broken');
    await out.until(/Approval needed #2: deploy \(run #3\)/);
    type('@reviewer /approve 2');
    await out.until(/Run #3 · deploy ssd_resnet18 failed at step “build engine”/, 90_000);
    await out.until(/Nothing was installed on broken; the staging folder was removed\./);
    child.stdin.end();
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);

    // On the device: the installed engine, and the copied model and calibration cache in staging, whole.
    const exported = await gpu.list(`${serverDir}/runs/run-2`);
    const onnx = exported.find((f) => f.name === 'model.onnx');
    const cache = exported.find((f) => f.name === 'cal.bin');
    expect(onnx?.size).toBeGreaterThan(1_000_000);
    expect(cache?.size).toBeGreaterThan(0);
    const staged = await jetson.list(`${deviceDir}/nano/.staging/run-2`);
    expect(staged).toEqual([
      { name: 'cal.bin', size: cache?.size },
      { name: 'model.onnx', size: onnx?.size },
    ]);
    const installed = (await jetson.list(`${deviceDir}/nano`)).map((f) => f.name);
    expect(installed).toEqual(['ssd_resnet18_run1_epoch004_int8.engine']);
    const copyLog = await jetson.read(`${deviceDir}/nano/run-2/step-2.log`, 0, 4096);
    expect(copyLog?.data.toString('utf8')).toMatch(/copied .*model\.onnx to .*model\.onnx: \d+ bytes/);
    expect(await jetson.list(`${deviceDir}/broken`)).toEqual([]);
    expect(await jetson.list(`${deviceDir}/broken/.staging/run-3`)).toEqual([]);

    const db = await createDb({ dataDir: join(home.dataDir, 'pglite') });
    try {
      const runs = await listRuns(db.db, { limit: 10 });
      expect(runs.map((r) => [r.id, r.kind, r.state]).reverse()).toEqual([
        [1, 'train', 'succeeded'],
        [2, 'deploy', 'succeeded'],
        [3, 'deploy', 'failed'],
      ]);
      const [deployment] = await latestDeployments(db.db);
      expect(deployment).toMatchObject({ device: 'nano', precision: 'int8', sourceRunId: 1 });
      expect(deployment?.enginePath).toBe(`${deviceDir}/nano/ssd_resnet18_run1_epoch004_int8.engine`);
      expect(deployment?.throughputQps).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
