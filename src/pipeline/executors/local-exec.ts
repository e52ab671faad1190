import { constants } from 'node:os';
import { execa } from 'execa';
import { ExecutorError } from '../../shared/errors.js';
import { checkArgv } from './wrapper.js';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** timeout(1)'s code for a command stopped at its time limit, so callers see one convention on every executor. */
export const TIMED_OUT_EXIT_CODE = 124;

/**
 * Runs a short command to completion and reports it as data, with the codes a shell would give: the program's
 * own exit code, 128+N when signal N ended it, 124 when it ran past `timeoutMs` (then killed), 127 when the
 * program does not exist and 126 when it may not be executed. Output is returned verbatim (final newline kept),
 * since parsers of tools such as nvidia-smi expect it. Aborting the signal kills the command and rejects.
 */
export async function execLocal(
  argv: readonly string[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ExecResult> {
  const checked = checkArgv(argv);
  if (!checked.ok) throw new ExecutorError(`Cannot run the command: ${checked.error}`);
  const { signal, timeoutMs } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new ExecutorError(`exec timeoutMs ${timeoutMs} must be a positive number of milliseconds`);
  }
  signal?.throwIfAborted();
  const [program, ...args] = checked.value as [string, ...string[]];
  const result = await execa(program, args, {
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
    ...(signal === undefined ? {} : { cancelSignal: signal }),
  });
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const stderr = typeof result.stderr === 'string' ? result.stderr : '';
  if (result.isCanceled) signal?.throwIfAborted();
  if (result.timedOut) return { exitCode: TIMED_OUT_EXIT_CODE, stdout, stderr };
  if (typeof result.exitCode === 'number') return { exitCode: result.exitCode, stdout, stderr };
  if (result.signal !== undefined)
    return { exitCode: 128 + constants.signals[result.signal], stdout, stderr };
  const code = 'code' in result ? result.code : undefined;
  if (code === 'ENOENT') return { exitCode: 127, stdout, stderr: `${program}: command not found\n` };
  if (code === 'EACCES') return { exitCode: 126, stdout, stderr: `${program}: permission denied\n` };
  throw new ExecutorError(`Cannot run ${program}: ${result.shortMessage}`, { cause: result });
}
