import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts one app of a latency benchmark in its own process (so the apps compared never share an event loop) with
 * exactly the environment given, and resolves `ready` when it prints `ready`.
 */
export function startBenchApp(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  label: string,
) {
  const child = execa(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'bench', script), ...args], {
    env,
    extendEnv: false,
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.then((result) => reject(new Error(`${label} exited before it was ready: ${result.stderr}`)));
  });
  return { process: child, ready };
}
