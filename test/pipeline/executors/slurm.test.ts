import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSlurmExecutor, type SlurmExecutor } from '../../../src/pipeline/executors/slurm.js';
import type { Executor, ProcessHandle, StartRequest } from '../../../src/pipeline/executors/types.js';
import { localBinDir } from '../../contracts/contract-kit.js';
import { executorContract } from '../../contracts/executor.contract.js';
import { waitFor } from '../../contracts/wait-for.js';
import { repoRoot, slurmServices, sshServices } from '../../helpers/remote-services.js';

const controlDir = await mkdtemp('/tmp/tb-slurm-');
const slurm = await slurmServices();
const ssh = slurm ? await sshServices(controlDir) : null;

const opened: SlurmExecutor[] = [];
const localDirs: string[] = [];
const remoteDirs: Array<[SlurmExecutor, string]> = [];

afterAll(async () => {
  for (const [executor, dir] of remoteDirs) await executor.exec(['rm', '-rf', dir]);
  for (const executor of opened) await executor.close();
  for (const dir of localDirs) await rm(dir, { recursive: true, force: true });
  await rm(controlDir, { recursive: true, force: true });
});

/**
 * A hard kill of the whole job, as the OOM killer or a node failure would: SIGKILL to every process Slurm lists
 * for it, oldest first, from the node. (`scancel --signal=KILL` would be a polite cancel: SIGTERM first.)
 */
const killJob = async (executor: Executor, handle: ProcessHandle) => {
  const script = 'kill -s KILL $(scontrol listpids "$1" | awk \'NR > 1 { print $1 }\')';
  const result = await executor.exec(['/bin/sh', '-c', script, 'kill-job', handle.jobId as string]);
  if (result.exitCode !== 0) throw new Error(`kill of job ${handle.jobId} failed: ${result.stderr}`);
};

if (slurm) {
  const partition = slurm.partition;
  const local = () => {
    const executor = createSlurmExecutor({ partition });
    opened.push(executor);
    return executor;
  };
  executorContract(
    'slurm, local (real slurmctld and slurmd)',
    local,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'taobot-slurm-'));
      localDirs.push(dir);
      return dir;
    },
    { factoryOptions: { partition }, killHard: killJob },
  );

  if (ssh) {
    const options = { ...ssh.gpu.options, partition };
    const overSsh = () => {
      const executor = createSlurmExecutor(options);
      opened.push(executor);
      return executor;
    };
    executorContract(
      'slurm over ssh to the login node (real sshd, slurmctld and slurmd)',
      overSsh,
      async () => {
        const executor = overSsh();
        const made = await executor.exec(['mktemp', '-d', '/tmp/taobot-slurm-ssh-XXXXXX']);
        if (made.exitCode !== 0) throw new Error(`mktemp failed on the login node: ${made.stderr}`);
        const dir = made.stdout.trim();
        remoteDirs.push([executor, dir]);
        return dir;
      },
      { factoryOptions: options, binDir: ssh.binDir, node: ssh.node, killHard: killJob },
    );
  }
  describe('createSlurmExecutor on a real Slurm', () => {
    const fake = (script: string, ...args: string[]) => [
      process.execPath,
      join(localBinDir, script),
      ...args,
    ];
    const fresh = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'taobot-slurm-'));
      localDirs.push(dir);
      return dir;
    };
    const request = (dir: string, argv: string[], gpus?: number): StartRequest => ({
      argv,
      cwd: dir,
      logFile: join(dir, 'run.log'),
      exitFile: join(dir, 'exit-code'),
      ...(gpus === undefined ? {} : { gpus }),
    });
    const ended = (executor: Executor, handle: ProcessHandle, timeoutMs = 10_000) =>
      waitFor(
        'the job to end',
        async () => {
          const state = await executor.status(handle);
          return state.state === 'running' ? undefined : state;
        },
        { timeoutMs },
      );
    const jobState = async (executor: Executor, handle: ProcessHandle) =>
      (
        await executor.exec(['squeue', '-h', '-t', 'all', '-j', handle.jobId as string, '-o', '%T %j'])
      ).stdout.trim();

    it('gives the job the GPUs it asks for as GRES and names it after the run folder', async () => {
      const executor = local();
      const dir = join(await fresh(), 'run-12');
      const handle = await executor.start(
        request(dir, fake('fake-print.mjs', '--env', 'CUDA_VISIBLE_DEVICES'), 2),
      );
      expect(handle).toMatchObject({ executor: 'slurm', jobId: expect.stringMatching(/^\d+$/) });
      expect(await ended(executor, handle)).toEqual({ state: 'exited', exitCode: 0 });
      expect((await executor.read(handle.logFile, 0, 100))?.data.toString()).toBe(
        'CUDA_VISIBLE_DEVICES=0,1\n',
      );
      // The exit file is there a moment before Slurm has finished the job.
      const finished = await waitFor('Slurm to finish the job', async () => {
        const state = await jobState(executor, handle);
        return state.startsWith('RUNNING') || state.startsWith('COMPLETING') ? undefined : state;
      });
      expect(finished).toBe('COMPLETED taobot-run-12');
      expect(executor.health?.()).toEqual({ state: 'reachable' });
    });

    it("refuses a job that asks for more GPUs than the cluster has, with Slurm's reason", async () => {
      const executor = local();
      const dir = await fresh();
      await expect(executor.start(request(dir, ['true'], slurm.gpus + 1))).rejects.toThrow(
        /Slurm refused the job: .*Requested node configuration is not available/,
      );
    });

    it('cancels a queued job before it starts and reports it lost, when the GPUs are taken', async () => {
      const executor = local();
      const dir = await fresh();
      const release = join(dir, 'release');
      const holder = await executor.start(
        request(
          join(dir, 'holder'),
          fake('fake-print.mjs', '--out', 'holding', '--wait-for', release),
          slurm.gpus,
        ),
      );
      const queued = await executor.start(
        request(join(dir, 'queued'), fake('fake-print.mjs', '--out', 'ran'), 1),
      );
      try {
        await waitFor('the holder to run', async () =>
          (await jobState(executor, holder)).startsWith('RUNNING') ? true : undefined,
        );
        expect(await jobState(executor, queued)).toMatch(/^PENDING /);
        expect(await executor.status(queued)).toEqual({ state: 'running' });
        await executor.cancel(queued);
        const state = await executor.status(queued);
        expect(state).toEqual({ state: 'lost', reason: expect.stringMatching(/ended CANCELLED/) });
        expect((await executor.read(queued.logFile, 0, 100))?.data.toString()).toBe('');
      } finally {
        await executor.write(release, '');
        await executor.cancel(holder, { graceMs: 200 });
      }
    });

    if (ssh) {
      it('runs the TAO simulator as a job submitted over ssh, with its files read on the login node', async () => {
        const executor = createSlurmExecutor({ ...ssh.gpu.options, partition });
        opened.push(executor);
        const dir = (await executor.exec(['mktemp', '-d', '/tmp/taobot-slurm-tao-XXXXXX'])).stdout.trim();
        remoteDirs.push([executor, dir]);
        await executor.write(
          `${dir}/spec.txt`,
          await readFile(join(repoRoot, 'specs', 'ssd_train_resnet18_kitti.txt'), 'utf8'),
        );
        const argv = [
          'model',
          'ssd',
          'train',
          '--gpus',
          '1',
          '-e',
          `${dir}/spec.txt`,
          '-r',
          `${dir}/results`,
        ];
        const handle = await executor.start({
          ...request(dir, [ssh.tao, ...argv], 1),
          env: { TAOBOT_SIM_EPOCH_MS: '2' },
        });
        expect(handle.host).toBe(`${ssh.gpu.options.host}:${ssh.gpu.port}`);
        expect(await ended(executor, handle, 60_000)).toEqual({ state: 'exited', exitCode: 0 });
        const files = (await executor.list(`${dir}/results`)).map((file) => file.name);
        expect(files).toContain('ssd_training_log_resnet18.csv');
        expect(files).toContain('status.json');
      }, 90_000);
    }
  });
} else {
  describe('slurm executor on a real Slurm', () => {
    it.skip('needs the test Slurm (.ci/services/start.sh)', () => {
      expect(slurm).not.toBeNull();
    });
  });
}
