import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { csvRows, sixEpochSpec, statusLines, tempDir } from './harness.js';

const TAOBOT = fileURLToPath(new URL('../../bin/taobot.js', import.meta.url));

describe('tao-sim as a process', () => {
  it('trains 6 epochs at the default pace and exits 0 when started as `taobot tao-sim model ssd train`', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    const env = {
      ...process.env,
      TAOBOT_SIM_EPOCH_MS: undefined,
      TAOBOT_SIM_PROFILE: undefined,
      TAOBOT_SIM_FAIL: undefined,
    };
    const result = await execa(
      process.execPath,
      [TAOBOT, 'tao-sim', 'model', 'ssd', 'train', '--gpus', '1', '-e', spec, '-r', 'out'],
      {
        cwd: dir,
        env,
        extendEnv: false,
        reject: false,
      },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^taobot TAO simulator:/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Execution status: PASS');
    expect(csvRows(join(dir, 'out', 'ssd_training_log_resnet18.csv'))).toHaveLength(7);
    expect(readdirSync(join(dir, 'out', 'weights'))).toHaveLength(3);
  });

  it('records the interruption and exits 143 when the process gets SIGTERM', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    const child = execa(
      process.execPath,
      [TAOBOT, 'tao-sim', 'model', 'ssd', 'train', '-e', spec, '-r', 'out'],
      {
        cwd: dir,
        env: { TAOBOT_SIM_EPOCH_MS: '150' },
        reject: false,
      },
    );
    let seen = '';
    let killed = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (!killed && seen.includes('Epoch 2/6')) {
        killed = true;
        child.kill('SIGTERM');
      }
    });
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(statusLines(join(dir, 'out', 'status.json')).at(-1)?.value).toMatchObject({
      status: 'FAILURE',
      message: 'Training was interrupted',
    });
  });
});
