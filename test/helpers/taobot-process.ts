import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { afterAll } from 'vitest';

export const TAOBOT_BIN = fileURLToPath(new URL('../../bin/taobot.js', import.meta.url));
export const SPECS_DIR = fileURLToPath(new URL('../../specs/', import.meta.url));

// Every home made by a test file goes when that file's tests are done (a PGlite folder is ~40 MB).
const homes: string[] = [];
afterAll(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway taobot home: a config on the simulator, with its data and run folders in a temp dir. */
export function makeTaobotHome(
  options: {
    epochMs?: number;
    extraEnv?: Record<string, string>;
    yaml?: string | ((dir: string) => string);
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-e2e-'));
  homes.push(dir);
  mkdirSync(join(dir, 'runs'), { recursive: true });
  const env = { TAOBOT_SIM_EPOCH_MS: String(options.epochMs ?? 60), ...(options.extraEnv ?? {}) };
  const yaml =
    (typeof options.yaml === 'function' ? options.yaml(dir) : options.yaml) ??
    `dataDir: ${join(dir, 'data')}
chat: { shell: true }
servers:
  - name: sim
    executor: local
    tao: builtin:simulator
    taoVersion: 5
    workdir: ${join(dir, 'runs')}
    gpus: 2
    env: ${JSON.stringify(env)}
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    retrainSpec: ${join(SPECS_DIR, 'ssd_retrain_resnet18_kitti.txt')}
    key: test-key
    targetMap: 0.5
pipeline: { reconcileIntervalMs: 100 }
`;
  const configPath = join(dir, 'taobot.yaml');
  writeFileSync(configPath, yaml);
  return { dir, configPath, dataDir: join(dir, 'data'), runsDir: join(dir, 'runs') };
}

/** Starts `taobot start` as a real process with piped stdin/stdout. */
export function startTaobotProcess(
  configPath: string,
  env: Record<string, string> = {},
): ResultPromise<{
  stdin: 'pipe';
  stdout: 'pipe';
  stderr: 'pipe';
  reject: false;
  env: Record<string, string>;
}> {
  return execa(process.execPath, [TAOBOT_BIN, 'start'], {
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
    env: { TAOBOT_CONFIG: configPath, ...env },
  });
}

/** Collects a stream's text and resolves when it contains what is awaited; never a fixed sleep. */
export function watchOutput(stream: NodeJS.ReadableStream) {
  let text = '';
  const waiters: Array<{ test: (t: string) => boolean; resolve: () => void }> = [];
  stream.setEncoding?.('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    for (const waiter of [...waiters]) {
      if (waiter.test(text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  return {
    get text() {
      return text;
    },
    until(test: RegExp | ((t: string) => boolean), timeoutMs = 60_000): Promise<void> {
      const check = typeof test === 'function' ? test : (t: string) => test.test(t);
      if (check(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`timed out waiting for ${String(test)}; output so far:\n${text.slice(-3000)}`)),
          timeoutMs,
        );
        waiters.push({
          test: check,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
