import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { listAudit } from '../../src/db/repositories/approvals.js';
import { latestDeployments } from '../../src/db/repositories/results.js';
import { listRuns } from '../../src/db/repositories/runs.js';
import { makeTaobotHome, SPECS_DIR, startTaobotProcess, watchOutput } from '../helpers/taobot-process.js';

/** The whole TAO workflow of the design, typed into the terminal, on the simulator. */
function pipelineHome(taoVersion: 4 | 5) {
  const yaml = (dir: string) => `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - { name: sim, executor: local, tao: "builtin:simulator", taoVersion: ${taoVersion}, workdir: ${join(dir, 'runs')}, gpus: 2, env: { TAOBOT_SIM_EPOCH_MS: "40" } }
devices:
  - { name: jetson, trtexec: "builtin:simulator", taoConverter: "builtin:simulator", workdir: ${join(dir, 'jetson')} }
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    retrainSpec: ${join(SPECS_DIR, 'ssd_retrain_resnet18_kitti.txt')}
    key: test-key
access: { approvers: ["shell:reviewer", "shell:operator"], selfApproval: false }
pipeline: { reconcileIntervalMs: 100, maxMapDrop: 0.05 }
`;
  return makeTaobotHome({ yaml });
}

describe('the TAO workflow in a terminal', () => {
  for (const version of [5, 4] as const) {
    it(`goes from training to a benchmarked engine on TAO ${version}`, { timeout: 180_000 }, async () => {
      const home = pipelineHome(version);
      const child = startTaobotProcess(home.configPath);
      const out = watchOutput(child.stdout);
      // The terminal's `@name` prefix types a line as that person: here an operator, a reviewer and an outsider.
      const type = (line: string) =>
        child.stdin.write(line.startsWith('@') ? `${line}\n` : `@operator ${line}\n`);
      type('/train ssd_resnet18 epochs=8 checkpoint_interval=2 validation_period=2');
      await out.until(/Run #1 · train ssd_resnet18 finished/);
      type('/prune 1 sweep=0.1,0.2,0.3');
      await out.until(/Prune sweep of run #1 \(epoch \d+\)/);
      expect(out.text).toMatch(/Suggested threshold: 0\.1 \(no retrained prune of this model yet/);
      type('/retrain 2 epochs=8');
      await out.until(/Approval needed #1: retrain \(run #5\)/);
      type('/approve 1');
      await out.until(/\/approve 1: refused: you asked for this: someone else must approve it/);
      type('@mallory /approve 1');
      await out.until(/\/approve 1: refused: shell:mallory is not an approver/);
      expect(out.text).toMatch(/In the terminal, type it as an approver: @reviewer \/approve 1/);
      type('@reviewer /approve 1');
      await out.until(/Approved: run #5 is queued\./);
      await out.until(/Run #5 · retrain ssd_resnet18: retrained \(pth 0\.1\) vs unpruned/);
      expect(out.text).toMatch(/mAP dropped -?\d\.\d{4}, within the accepted 0\.05: ready to deploy/);
      type('/deploy 5 jetson precision=fp16');
      await out.until(/Approval needed #2: deploy \(run #6\)/);
      type('@reviewer /approve 2');
      await out.until(/Run #6 · deploy ssd_resnet18: jetson runs at \d+\.\d FPS/);
      child.stdin.end();
      const result = await child;
      expect(result.exitCode, result.stderr).toBe(0);

      const db = await createDb({ dataDir: join(home.dataDir, 'pglite') });
      try {
        const runs = await listRuns(db.db, { limit: 10 });
        expect(runs.map((r) => [r.id, r.kind, r.state, r.parentRunId]).reverse()).toEqual([
          [1, 'train', 'succeeded', null],
          [2, 'prune', 'succeeded', 1],
          [3, 'prune', 'succeeded', 1],
          [4, 'prune', 'succeeded', 1],
          [5, 'retrain', 'succeeded', 2],
          [6, 'deploy', 'succeeded', 5],
        ]);
        const [deployment] = await latestDeployments(db.db);
        expect(deployment).toMatchObject({ device: 'jetson', precision: 'fp16', sourceRunId: 5 });
        expect(deployment?.throughputQps).toBeGreaterThan(0);
        expect(deployment?.enginePath && existsSync(deployment.enginePath)).toBe(true);
        // Nothing half-made is left on the device.
        expect(readdirSync(join(home.dir, 'jetson', '.staging', 'run-6'))).not.toContain('model.engine');
        const audit = await listAudit(db.db, 'approval:1');
        expect(audit.map((a) => [a.actor, a.action, a.allowed])).toEqual([
          ['shell:operator', 'request retrain', true],
          ['shell:operator', 'approve', false],
          ['shell:mallory', 'approve', false],
          ['shell:reviewer', 'approve', true],
        ]);
      } finally {
        await db.close();
      }
    });
  }
});

describe('a failed deploy', () => {
  it('says which step failed, shows its log and leaves no engine on the device', {
    timeout: 120_000,
  }, async () => {
    const home = makeTaobotHome({
      yaml: (dir) => `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - { name: sim, executor: local, tao: "builtin:simulator", taoVersion: 5, workdir: ${join(dir, 'runs')}, gpus: 1, env: { TAOBOT_SIM_EPOCH_MS: "20" } }
devices:
  - { name: jetson, trtexec: "builtin:simulator", workdir: ${join(dir, 'jetson')}, env: { TAOBOT_SIM_FAIL: "engine" } }
models:
  ssd_resnet18: { network: ssd, spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}, key: k }
access: { approvers: ["shell:reviewer"] }
pipeline: { reconcileIntervalMs: 100 }
`,
    });
    const child = startTaobotProcess(home.configPath);
    const out = watchOutput(child.stdout);
    child.stdin.write('/train ssd_resnet18 epochs=2 validation_period=1\n');
    await out.until(/Run #1 · train ssd_resnet18 finished/);
    child.stdin.write('/deploy 1\n');
    await out.until(/Approval needed #1: deploy \(run #2\)/);
    child.stdin.write('@reviewer /approve 1\n');
    await out.until(/Run #2 · deploy ssd_resnet18 failed at step “build engine”/);
    child.stdin.end();
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(out.text).toMatch(/&&&& FAILED TensorRT\.trtexec/);
    expect(out.text).toMatch(/Nothing was installed on jetson; the staging folder was removed\./);
    const left = existsSync(join(home.dir, 'jetson'))
      ? readdirSync(join(home.dir, 'jetson'), { recursive: true }).map(String)
      : [];
    expect(left.filter((f) => f.endsWith('.engine'))).toEqual([]);
    expect(left.filter((f) => f.startsWith('.staging/run-2/'))).toEqual([]);
  });
});
