import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  jobNameFor,
  parseSacct,
  parseSbatchJobId,
  parseScontrolJob,
  parseSqueueState,
  sbatchArgv,
  wrapScript,
} from '../../../src/pipeline/executors/slurm-commands.js';
import { ok } from '../../../src/shared/result.js';

/** `scontrol show job ID -o` as Slurm 22.05 printed it for a job that exited 3, and for a cancelled one. */
const scontrol = (name: string) =>
  readFileSync(new URL(`../../fixtures/slurm/scontrol-show-job-${name}.txt`, import.meta.url), 'utf8');

describe('sbatchArgv', () => {
  const argv = sbatchArgv({
    jobName: 'taobot-run-7',
    cwd: '/data/runs/run-7',
    logFile: '/data/runs/run-7/console%1.log',
    exitFile: '/data/runs/run-7/exit_code',
    argv: ['tao', 'model', 'ssd', 'train', '-e', 'spec file.txt'],
    gpus: 2,
    partition: 'gpu',
    extra: ['--time=12:00:00'],
  });

  it('queues the run with a parsable id, its GPUs as GRES, its log appended and the extra options', () => {
    expect(argv.slice(0, -1)).toEqual([
      'sbatch',
      '--parsable',
      '--job-name=taobot-run-7',
      '--chdir=/data/runs/run-7',
      '--output=/data/runs/run-7/console%%1.log',
      '--open-mode=append',
      '--gres=gpu:2',
      '--partition=gpu',
      '--time=12:00:00',
    ]);
  });

  it('runs the command under the exit-file wrapper with each argument quoted', () => {
    const wrap = argv.at(-1) as string;
    expect(wrap.startsWith('--wrap=')).toBe(true);
    expect(wrap).toContain("taobot-run /data/runs/run-7/exit_code tao model ssd train -e 'spec file.txt' &");
  });

  it('asks for no GPU when the request has none', () => {
    const none = sbatchArgv({ jobName: 'j', cwd: '/c', logFile: '/l', exitFile: '/e', argv: ['true'] });
    expect(none.some((arg) => arg.startsWith('--gres'))).toBe(false);
  });
});

describe('wrapScript', () => {
  it('exports the extra variables quoted before it starts the run', () => {
    const script = wrapScript('/e', ['true'], { TAOBOT_SIM_EPOCH_MS: '50', NOTE: "it's $HOME" });
    expect(script.split('\n').slice(0, 2)).toEqual([
      'export TAOBOT_SIM_EPOCH_MS=50',
      `export NOTE='it'\\''s $HOME'`,
    ]);
  });
});

describe('jobNameFor', () => {
  it('names the job after the run folder', () => {
    expect(jobNameFor('/data/runs/run-12/')).toBe('taobot-run-12');
    expect(jobNameFor('/data/my run')).toBe('taobot-my_run');
  });
});

describe('Slurm output parsers', () => {
  it('reads the job id whether or not sbatch adds the cluster name', () => {
    expect(parseSbatchJobId('1234\n')).toEqual(ok('1234'));
    expect(parseSbatchJobId('1234;ci\n')).toEqual(ok('1234'));
    expect(parseSbatchJobId('Submitted batch job 1234').ok).toBe(false);
  });

  it('reads the state squeue lists, and null when it lists nothing', () => {
    expect(parseSqueueState('RUNNING\n')).toBe('RUNNING');
    expect(parseSqueueState('')).toBeNull();
  });

  it('reads state, exit code and signal from scontrol when the job failed or was cancelled', () => {
    expect(parseScontrolJob(scontrol('failed'))).toEqual({
      state: 'FAILED',
      exitCode: 3,
      signal: 0,
      reason: 'NonZeroExitCode',
    });
    expect(parseScontrolJob(scontrol('cancelled'))).toEqual({ state: 'CANCELLED', exitCode: 0, signal: 15 });
    expect(parseScontrolJob('slurm_load_jobs error: Invalid job id specified')).toBeNull();
  });

  it('reads sacct lines with and without the canceller', () => {
    expect(parseSacct('FAILED|3:0\n')).toEqual({ state: 'FAILED', exitCode: 3, signal: 0 });
    expect(parseSacct('CANCELLED by 1001|0:0\n')).toEqual({ state: 'CANCELLED', exitCode: 0, signal: 0 });
    expect(parseSacct('')).toBeNull();
  });
});
