import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parseSpec, type SpecValue, setFields } from '../../src/pipeline/tao/spec/index.js';
import { runSimulator } from '../../src/sim/index.js';
import { readFixture } from '../helpers/fixtures.js';

const created: string[] = [];

/** A fresh temp dir for one simulated run, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-sim-test-'));
  created.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export interface SimResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SimOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** Called with all stdout so far after every write: lets a test act on a state, without sleeping. */
  readonly onStdout?: (all: string) => void;
}

/** Runs the simulator in-process; epochs take 5 ms unless the test sets TAOBOT_SIM_EPOCH_MS. */
export async function sim(args: readonly string[], options: SimOptions): Promise<SimResult> {
  let stdout = '';
  let stderr = '';
  const code = await runSimulator(args, {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        options.onStdout?.(stdout);
        return true;
      },
    },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
        return true;
      },
    },
    env: { TAOBOT_SIM_EPOCH_MS: '5', ...options.env },
    cwd: options.cwd,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout, stderr };
}

/** Writes one of NVIDIA's SSD specs from the fixtures into `dir`, with fields changed by the spec editor. */
export function writeSpec(
  dir: string,
  edits: ReadonlyArray<readonly [string, SpecValue]>,
  fixture = 'ssd_train_resnet18_kitti.txt',
  name = 'spec.txt',
): string {
  const doc = parseSpec(readFixture('tao', fixture));
  if (!doc.ok) throw new Error(doc.error.message);
  const edited = setFields(doc.value, edits);
  if (!edited.ok) throw new Error(edited.error.message);
  const path = join(dir, name);
  writeFileSync(path, edited.value.text);
  return path;
}

/** The 6-epoch spec most tests use: checkpoints every 2 epochs, validation every 3. */
export const sixEpochSpec = (dir: string, extra: ReadonlyArray<readonly [string, SpecValue]> = []): string =>
  writeSpec(dir, [
    ['training_config.num_epochs', 6],
    ['training_config.checkpoint_interval', 2],
    ['eval_config.validation_period_during_training', 3],
    ...extra,
  ]);

/** status.json lines with their key order; Python's NaN literal is read as null. */
export function statusLines(path: string): { keys: string[]; value: Record<string, unknown> }[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const value = JSON.parse(line.replace(/\bNaN\b/g, 'null')) as Record<string, unknown>;
      return { keys: Object.keys(value), value };
    });
}

/** The CSV's rows (header first), split on the `\r\n` Keras' csv writer uses. */
export function csvRows(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  return text
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

/** True when the file's size is far beyond the disk it uses: a sparse file. */
export function isSparse(path: string): boolean {
  const stat = statSync(path);
  return stat.blocks * 512 < stat.size / 100;
}

export const MIB = 2 ** 20;
