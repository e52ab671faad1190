import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from './argparse.js';
import { simulatorBanner } from './banner.js';
import { optionsFor } from './command-options.js';
import { TaoConsole } from './console.js';
import { resolvePath, type TaskContext } from './context.js';
import { checkEntrypointOptions } from './entrypoint.js';
import { EXIT_TASK_FAILED, EXIT_USAGE, exitForSignal, type SimIo } from './io.js';
import { Interrupted, PyError } from './py-error.js';
import { type Route, routeArgs } from './route.js';
import { readSimSettings } from './settings.js';
import { TAO_TASKS } from './tasks/index.js';
import { runTaoConverter } from './tasks/tao-converter.js';
import type { ToolEnv } from './tasks/tool-env.js';
import { runTrtexec } from './tasks/trtexec.js';

/**
 * taobot's stand-in for the TAO launcher and the device tools: `runSimulator(['model', 'ssd', 'train', …], io)`
 * does what `tao model ssd train …` would, writing TAO's files and console output, without a GPU. Returns the
 * process exit code.
 * @example
 * const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
 * process.exitCode = await runSimulator(['model', 'ssd', 'train', '-e', 'spec.txt', '-r', 'results'], io);
 */
export async function runSimulator(args: readonly string[], io: SimIo): Promise<number> {
  const settings = readSimSettings(io.env);
  if (!settings.ok) {
    io.stderr.write(`tao-sim: error: ${settings.error}\n`);
    return EXIT_USAGE;
  }
  const route = routeArgs(args);
  if (!route.ok) {
    io.stderr.write(`${route.error.usage}\n${route.error.message}\n`);
    return EXIT_USAGE;
  }
  const { signal, dispose } = stopSignal(io);
  try {
    const now = io.now ?? (() => new Date());
    const env = { io, settings: settings.value, signal, now };
    const target = route.value;
    if (target.kind === 'trtexec') return await runTrtexec(target.rest, env);
    if (target.kind === 'tao-converter') return await runTaoConverter(target.rest, env);
    return await runTao(target, env);
  } finally {
    dispose();
  }
}

async function runTao(route: Extract<Route, { kind: 'tao' }>, env: ToolEnv): Promise<number> {
  const { io, settings, signal, now } = env;
  const parsed = parseArgs(route.prog, optionsFor(route.task, route.dialect), route.rest);
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error.usage}\n${parsed.error.message}\n`);
    return EXIT_USAGE;
  }
  const args = parsed.value;
  const launcher = new TaoConsole((text) => io.stdout.write(text), route.dialect, now);
  const banner = simulatorBanner(`tao ${route.command}`);
  launcher.print(banner);
  let console = launcher;
  const logFile = args.str('log_file');
  if (logFile !== undefined) {
    // TAO's entrypoint sends the task's output to --log_file; only its final status line goes to stdout.
    const path = resolvePath(io, logFile);
    mkdirSync(dirname(path), { recursive: true });
    console = new TaoConsole((text) => appendFileSync(path, text), route.dialect, now);
    console.print(banner);
  }
  const entrypointError = checkEntrypointOptions(route.dialect, route.task, args);
  if (entrypointError) {
    launcher.traceback(entrypointError.frames, entrypointError.pyType, entrypointError.message);
    return 1;
  }
  const ctx: TaskContext = {
    dialect: route.dialect,
    network: route.network,
    command: route.command,
    console,
    settings,
    signal,
    now,
    cwd: io.cwd,
  };
  try {
    const outcome = await TAO_TASKS[route.task](ctx, args);
    launcher.print(`Execution status: ${outcome === 'passed' ? 'PASS' : 'FAIL'}`);
    return outcome === 'passed' ? 0 : EXIT_TASK_FAILED;
  } catch (error) {
    if (error instanceof Interrupted) {
      launcher.print('Execution status: FAIL');
      return exitForSignal(error.signalName);
    }
    if (error instanceof PyError) {
      console.traceback(error.frames, error.pyType, error.message);
      launcher.print('Execution status: FAIL');
      return EXIT_TASK_FAILED;
    }
    throw error;
  }
}

/** The caller's abort signal, or one raised by the process's SIGINT/SIGTERM while the simulator runs. */
function stopSignal(io: SimIo): { signal: AbortSignal; dispose: () => void } {
  if (io.signal) return { signal: io.signal, dispose: () => {} };
  const controller = new AbortController();
  const onInt = (): void => controller.abort('SIGINT');
  const onTerm = (): void => controller.abort('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
