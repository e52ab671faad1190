import { join } from 'node:path/posix';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type {
  Executor,
  ProcessHandle,
  ProcessState,
  StartRequest,
} from '../../src/pipeline/executors/types.js';
import { waitFor } from './wait-for.js';

export interface ExecutorContractOptions {
  /** Options the restart test's separate process passes to `createExecutor(kind, …)` to build the same executor. */
  factoryOptions?: Record<string, unknown>;
  /** The folder of the fixture programs as the executor's host sees it (default: this repository's). */
  binDir?: string;
  /** Node.js on the executor's host (default: the one running the tests). */
  node?: string;
  /** Kills a run's whole process group with SIGKILL (default: `proc-tool.mjs kill-group <pid>` through exec). */
  killHard?: (executor: Executor, handle: ProcessHandle) => Promise<void>;
}

export type MakeExecutor = () => Executor | Promise<Executor>;
/** A fresh, empty folder on the executor's host for one test. */
export type MakeWorkdir = () => string | Promise<string>;

export const localBinDir = fileURLToPath(new URL('../fixtures/bin/', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What every contract test works with; a new one per test. */
export interface ContractContext {
  executor: Executor;
  workdir: string;
  options: ExecutorContractOptions;
  /** argv running a fixture program of test/fixtures/bin with Node. */
  fake(script: string, ...args: string[]): string[];
  /** A start request whose cwd, log and exit files sit in `<workdir>/<name>/`. */
  request(name: string, argv: string[], env?: Record<string, string>): StartRequest;
  /** Starts a request and remembers the handle so the run is cancelled after the test, whatever happens. */
  start(request: StartRequest): Promise<ProcessHandle>;
  track(handle: ProcessHandle): void;
  waitForState<S extends ProcessState['state']>(
    handle: ProcessHandle,
    state: S,
  ): Promise<Extract<ProcessState, { state: S }>>;
  /** Waits until the file holds `text`, and returns its content. */
  waitForText(path: string, text: string): Promise<string>;
  readText(path: string): Promise<string | null>;
  /** Whether a process of the executor's host is alive (a zombie counts as dead). */
  isAlive(pid: number): Promise<boolean>;
}

const hasState = <S extends ProcessState['state']>(
  value: ProcessState,
  state: S,
): value is Extract<ProcessState, { state: S }> => value.state === state;

/** Registers the hooks that build a context before each test and stop its runs after it. */
export function useContractContext(
  makeExecutor: MakeExecutor,
  makeWorkdir: MakeWorkdir,
  options: ExecutorContractOptions,
): () => ContractContext {
  const binDir = options.binDir ?? localBinDir;
  const node = options.node ?? process.execPath;
  let context: ContractContext | undefined;
  let started: ProcessHandle[] = [];

  beforeEach(async () => {
    const executor = await makeExecutor();
    const workdir = await makeWorkdir();
    const readText = async (path: string) => {
      const chunk = await executor.read(path, 0, 1 << 20);
      return chunk === null ? null : chunk.data.toString('utf8');
    };
    context = {
      executor,
      workdir,
      options,
      fake: (script, ...args) => [node, join(binDir, script), ...args],
      request: (name, argv, env) => ({
        argv,
        cwd: join(workdir, name),
        ...(env ? { env } : {}),
        logFile: join(workdir, name, 'run.log'),
        exitFile: join(workdir, name, 'exit-code'),
      }),
      start: async (request) => {
        const handle = await executor.start(request);
        started.push(handle);
        return handle;
      },
      track: (handle) => {
        started.push(handle);
      },
      waitForState: (handle, state) =>
        waitFor(`state ${state} of pid ${handle.pid ?? handle.jobId}`, async () => {
          const current = await executor.status(handle);
          return hasState(current, state) ? current : undefined;
        }),
      waitForText: (path, text) =>
        waitFor(`"${text}" in ${path}`, async () => {
          const content = await readText(path);
          return content?.includes(text) ? content : undefined;
        }),
      readText,
      isAlive: async (pid) => {
        const result = await executor.exec([node, join(binDir, 'proc-tool.mjs'), 'alive', String(pid)]);
        if (result.exitCode !== 0) throw new Error(`proc-tool failed: ${result.stderr}`);
        return result.stdout.trim() === 'alive';
      },
    };
  });

  afterEach(async () => {
    const executor = context?.executor;
    const handles = started;
    started = [];
    context = undefined;
    for (const handle of handles) await executor?.cancel(handle, { graceMs: 200 });
  });

  return () => {
    if (!context) throw new Error('the contract context exists only inside a test');
    return context;
  };
}

/** Kills the run's group hard, as the OOM killer or a reboot would: no exit file can be written. */
export async function killHard(context: ContractContext, handle: ProcessHandle): Promise<void> {
  if (context.options.killHard) return context.options.killHard(context.executor, handle);
  const result = await context.executor.exec(context.fake('proc-tool.mjs', 'kill-group', String(handle.pid)));
  if (result.exitCode !== 0) throw new Error(`proc-tool kill-group failed: ${result.stderr}`);
}
