import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createSshExecutor, type SshExecutor } from '../../../src/pipeline/executors/ssh.js';
import { parseTrtexecOutput } from '../../../src/pipeline/parsers/index.js';
import { buildExport, buildTrain, buildTrtexec } from '../../../src/pipeline/tao/commands/index.js';
import { parseSpec, setFields } from '../../../src/pipeline/tao/spec/index.js';
import { waitFor } from '../../contracts/wait-for.js';
import { fixturePath } from '../../helpers/fixtures.js';
import { sshServices } from '../../helpers/remote-services.js';

const controlDir = await mkdtemp('/tmp/tb-jetson-');
const services = await sshServices(controlDir);
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await rm(controlDir, { recursive: true, force: true });
});

const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

async function tempDir(executor: SshExecutor): Promise<string> {
  const made = await executor.exec(['mktemp', '-d', '/tmp/taobot-deploy-XXXXXX']);
  const dir = made.stdout.trim();
  cleanup.push(() => executor.exec(['rm', '-rf', dir]));
  return dir;
}

describe.runIf(services !== null)('ssh executors on a GPU server and a Jetson', () => {
  it('trains and exports on the server, copies the model to the device and builds and benchmarks an engine there', async () => {
    if (!services) throw new Error('unreachable: guarded by runIf');
    const gpu = createSshExecutor(services.gpu.options);
    const jetson = createSshExecutor(services.jetson.options);
    cleanup.push(
      () => gpu.close(),
      () => jetson.close(),
    );
    const server = await tempDir(gpu);
    const spec = ok(
      setFields(ok(parseSpec(await readFile(fixturePath('tao', 'ssd_train_resnet18_kitti.txt'), 'utf8'))), [
        ['training_config.num_epochs', 2],
        ['training_config.checkpoint_interval', 1],
      ]),
    ).text;
    await gpu.write(`${server}/spec.txt`, spec);
    const tao = { version: 5 as const, launcher: [services.tao] };
    const train = ok(
      buildTrain(tao, {
        network: 'ssd',
        gpus: 1,
        spec: `${server}/spec.txt`,
        resultsDir: `${server}/results`,
      }),
    );
    const handle = await gpu.start({
      argv: train,
      cwd: server,
      env: { TAOBOT_SIM_EPOCH_MS: '5' },
      logFile: `${server}/console.log`,
      exitFile: `${server}/exit_code`,
    });
    const trained = await waitFor('training', async () => {
      const state = await gpu.status(handle);
      return state.state === 'running' ? undefined : state;
    });
    expect(trained).toEqual({ state: 'exited', exitCode: 0 });
    const onnx = `${server}/export/ssd_resnet18.onnx`;
    const exported = await gpu.exec(
      ok(
        buildExport(tao, {
          network: 'ssd',
          model: `${server}/results/weights/ssd_resnet18_epoch_002.hdf5`,
          output: onnx,
          spec: `${server}/spec.txt`,
          resultsDir: `${server}/export`,
        }),
      ),
    );
    expect(exported.exitCode, exported.stdout + exported.stderr).toBe(0);

    // The copy goes through taobot, as a deploy does: read from the server, written on the device.
    const size = (await gpu.read(onnx, 0, 0))?.size ?? 0;
    const model = await gpu.read(onnx, 0, size);
    expect(model?.data.length).toBe(size);
    const device = await tempDir(jetson);
    await jetson.write(`${device}/model.onnx`, model?.data ?? Buffer.alloc(0));
    expect(await jetson.list(device)).toEqual([{ name: 'model.onnx', size }]);

    const built = await jetson.exec(
      ok(
        buildTrtexec(
          { version: 5, launcher: [services.trtexec] },
          { onnx: `${device}/model.onnx`, saveEngine: `${device}/model.engine`, precision: 'fp16' },
        ),
      ),
    );
    expect(built.exitCode, built.stdout).toBe(0);
    expect(parseTrtexecOutput(built.stdout).throughputQps).toBeGreaterThan(0);
    expect((await jetson.list(device)).map((file) => file.name)).toEqual(['model.engine', 'model.onnx']);
  }, 60_000);
});
