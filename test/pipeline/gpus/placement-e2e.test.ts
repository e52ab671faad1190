import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client.js';
import { listRuns } from '../../../src/db/repositories/runs.js';
import { fixturePath, readFixture } from '../../helpers/fixtures.js';
import {
  makeTaobotHome,
  SPECS_DIR,
  startTaobotProcess,
  TAOBOT_BIN,
  watchOutput,
} from '../../helpers/taobot-process.js';

const UUID = 'GPU-10cca8ee-0b56-117d-313e-b2cba65021d8';

/**
 * An `nvidia-smi` on PATH that prints captured outputs: the loaded H200 (with its python3 process) as GPU 0, and
 * the idle one as GPU 1 (index and uuid changed: the capture host had one GPU).
 */
function fakeNvidiaSmi(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const gpus = join(dir, 'gpus.csv');
  writeFileSync(
    gpus,
    readFixture('nvidia-smi', 'query-gpu-busy.csv') +
      readFixture('nvidia-smi', 'query-gpu-idle-noheader.csv')
        .replace(/^0, /, '1, ')
        .replace(UUID, 'GPU-second'),
  );
  const script = join(bin, 'nvidia-smi');
  writeFileSync(
    script,
    `#!/bin/sh
case "$1" in
  --query-gpu=*) cat '${gpus}' ;;
  --query-compute-apps=*) cat '${fixturePath('nvidia-smi', 'query-apps-busy.csv')}' ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`,
  );
  chmodSync(script, 0o755);
  return bin;
}

describe('placement around a GPU busy elsewhere, in a terminal', () => {
  it('shows the busy GPU in /gpus and trains on the free one (--gpu_index 1)', {
    timeout: 90_000,
  }, async () => {
    // A server taobot treats as real (its tao is a command, not the built-in simulator) that runs the simulator.
    const home = makeTaobotHome({
      yaml: (dir) => `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - name: box
    executor: local
    tao: "${process.execPath} ${TAOBOT_BIN} tao-sim"
    workdir: ${join(dir, 'runs')}
    gpus: 2
    env: { TAOBOT_SIM_EPOCH_MS: "40" }
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    key: test-key
pipeline: { reconcileIntervalMs: 100 }
`,
    });
    const bin = fakeNvidiaSmi(home.dir);
    const child = startTaobotProcess(home.configPath, { PATH: `${bin}:${process.env.PATH ?? ''}` });
    const out = watchOutput(child.stdout);
    child.stdin.write('/gpus\n');
    await out.until(/GPUs on box/);
    child.stdin.write('/train ssd_resnet18 epochs=2 gpus=1\n');
    await out.until(/Run #1 · train ssd_resnet18 finished/);
    child.stdin.write('/run 1\n');
    await out.until(/Command +\S+/);
    child.stdin.end();
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(out.text).toMatch(
      /0 +NVIDIA H200 +1395 \/ 143771 MiB +100 % +another process: python3 \(pid 504, 1386 MiB\)/,
    );
    expect(out.text).toMatch(/1 +NVIDIA H200 +0 \/ 143771 MiB +0 % +free/);
    expect(out.text).toMatch(/1 of 2 free for taobot/);
    expect(out.text).toMatch(/Server +box · 1 GPU \[1\]/);

    const db = await createDb({ dataDir: join(home.dataDir, 'pglite') });
    try {
      const [run] = await listRuns(db.db);
      expect(run?.state).toBe('succeeded');
      expect(run?.gpuIndices).toEqual([1]);
      expect(run?.argv?.join(' ')).toMatch(/--gpus 1 --gpu_index 1 /);
    } finally {
      await db.close();
    }
  });
});
