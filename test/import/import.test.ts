import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { listCheckpoints, listEpochs } from '../../src/db/repositories/metrics.js';
import { listRuns } from '../../src/db/repositories/runs.js';
import { formatScan } from '../../src/import/report.js';
import { scanResultsDir } from '../../src/import/scan-results.js';
import { storeScan } from '../../src/import/store-scan.js';
import { parseSpec, readTrainingSettings } from '../../src/pipeline/tao/spec/index.js';
import { runSimulator } from '../../src/sim/index.js';
import { fixturePath, readFixture } from '../helpers/fixtures.js';
import { TAOBOT_BIN } from '../helpers/taobot-process.js';

/** Runs the simulator in-process on a copy of a fixture spec edited to be short. */
async function simulate(args: (dir: string) => string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-import-'));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  stdout.resume();
  const code = await runSimulator(args(dir), {
    stdout,
    stderr,
    env: { TAOBOT_SIM_EPOCH_MS: '0', ...env },
    cwd: dir,
  });
  expect(code, err).toBe(0);
  return dir;
}

function shortSpec(dir: string, fixture: string, edits: string): string {
  const text = readFixture('tao', fixture)
    .replace('num_epochs: 80', 'num_epochs: 12')
    .replace('validation_period_during_training: 10', 'validation_period_during_training: 4')
    .replace('enable_qat: false', `enable_qat: false\n${edits}`);
  const path = join(dir, 'spec.txt');
  writeFileSync(path, text);
  return path;
}

describe('taobot import of simulated results', () => {
  for (const [dialect, prefix, extension] of [
    ['TAO 5', ['model', 'ssd', 'train'], '.hdf5'],
    ['TAO 3/4', ['ssd', 'train'], '.tlt'],
  ] as const) {
    it(`agrees with the spec for a ${dialect} training run`, async () => {
      const specDir = mkdtempSync(join(tmpdir(), 'taobot-spec-'));
      const spec = shortSpec(specDir, 'ssd_train_resnet18_kitti.txt', '  checkpoint_interval: 3');
      const dir = await simulate((d) => [...prefix, '-e', spec, '-r', join(d, 'results'), '-k', 'key']);
      const scan = await scanResultsDir(join(dir, 'results'));
      const settings = readTrainingSettings(
        (parseSpec(readFileSync(spec, 'utf8')) as { ok: true; value: never }).value,
      );
      if (!settings.ok) throw new Error(settings.error.message);
      expect(settings.value).toMatchObject({ numEpochs: 12, validationPeriod: 4, checkpointInterval: 3 });
      expect(scan.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(scan.epochs.filter((e) => typeof e.map === 'number').map((e) => e.epoch)).toEqual([4, 8, 12]);
      expect(scan.checkpoints.map((c) => c.epoch)).toEqual([3, 6, 9, 12]);
      expect(scan.checkpoints.every((c) => c.path.endsWith(extension))).toBe(true);
      expect(scan.classes).toEqual(settings.value.classes);
      expect(scan.simulated).toBe(true);
      expect(scan.finished).toBe(true);
      // Only epoch 12 is both validated and saved.
      expect(scan.best?.best.epoch).toBe(12);
      expect(formatScan(scan)).toMatch(/\[SIMULATED\] Results in .*\n.*classes car, cyclist, pedestrian/);
    });
  }

  it('stores an import once and updates it when imported again', async () => {
    const specDir = mkdtempSync(join(tmpdir(), 'taobot-spec-'));
    const spec = shortSpec(specDir, 'ssd_train_resnet18_kitti.txt', '  checkpoint_interval: 4');
    const dir = await simulate((d) => ['model', 'ssd', 'train', '-e', spec, '-r', join(d, 'results')]);
    const scan = await scanResultsDir(join(dir, 'results'));
    const db = await createDb({ memory: true });
    try {
      await db.migrate();
      const first = await storeScan(db.db, scan, { model: 'ssd_resnet18', requestedBy: 'shell:test' });
      const second = await storeScan(db.db, scan, { model: 'ssd_resnet18', requestedBy: 'shell:test' });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(await listRuns(db.db)).toHaveLength(1);
      expect((await listEpochs(db.db, first.run.id)).length).toBe(12);
      expect((await listCheckpoints(db.db, first.run.id)).map((c) => c.epoch)).toEqual([4, 8, 12]);
      expect(first.run.simulated).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('reads the real TLT 2 console log given with --log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taobot-empty-results-'));
    const scan = await scanResultsDir(dir, {
      log: fixturePath('tao', 'tlt2_ssd_resnet18_train_console_spoonbobo.txt'),
    });
    expect(scan.epochs.map((e) => e.epoch)).toEqual(expect.arrayContaining([79, 80]));
    expect(scan.missing).toEqual(
      expect.arrayContaining([expect.stringMatching(/training_log/), expect.stringMatching(/status\.json/)]),
    );
  });

  it('explains a folder that does not exist', async () => {
    await expect(scanResultsDir('/nonexistent/results')).rejects.toThrow(
      /is not a folder: give the results folder TAO wrote/,
    );
  });

  it('works as the taobot import command line', async () => {
    const specDir = mkdtempSync(join(tmpdir(), 'taobot-spec-'));
    const spec = shortSpec(specDir, 'ssd_train_resnet18_kitti.txt', '  checkpoint_interval: 6');
    const sim = await execa(
      process.execPath,
      [TAOBOT_BIN, 'tao-sim', 'model', 'ssd', 'train', '-e', spec, '-r', join(specDir, 'r')],
      {
        env: { TAOBOT_SIM_EPOCH_MS: '0' },
      },
    );
    expect(sim.stdout).toMatch(/Execution status: PASS/);
    const home = mkdtempSync(join(tmpdir(), 'taobot-home-'));
    const result = await execa(
      process.execPath,
      [TAOBOT_BIN, 'import', join(specDir, 'r'), '--model', 'ssd_resnet18'],
      {
        cwd: home,
        env: { TAOBOT_CONFIG: '' },
        reject: false,
      },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/epochs 12 \(last 12\) · validated 3: 4, 8, 12/);
    expect(result.stdout).toMatch(/checkpoints 2: 6, 12/);
    expect(result.stdout).toMatch(/best checkpoint: epoch 12/);
    expect(result.stdout).toMatch(/Stored as run #1 \(model ssd_resnet18\)/);
  });
});
