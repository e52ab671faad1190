import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePath, type TaskContext } from '../context.js';
import { markSimulated } from '../model-file.js';
import { Interrupted, PyError } from '../py-error.js';
import { StatusLogger } from '../status-log.js';
import type { TaskOutcome } from './outcome.js';

/**
 * Runs prune or export with TAO's status handling: status.json only when `--results_dir` is given (named
 * `status_<task>_<unix time>.json` when that directory is exactly `/workspace/logs`), and a FAILURE line, or
 * "<Label> was interrupted", when the task raises.
 */
export async function withStatus(
  ctx: TaskContext,
  resultsDirArg: string | undefined,
  task: 'prune' | 'export',
  label: 'Pruning' | 'Export',
  body: (status: StatusLogger) => Promise<TaskOutcome>,
): Promise<TaskOutcome> {
  let status = new StatusLogger(null, ctx.console, ctx.now);
  if (resultsDirArg !== undefined) {
    const dir = resolvePath(ctx, resultsDirArg);
    mkdirSync(dir, { recursive: true });
    markSimulated(dir);
    const name =
      resultsDirArg === '/workspace/logs'
        ? `status_${task}_${Math.floor(ctx.now().getTime() / 1000)}.json`
        : 'status.json';
    status = new StatusLogger(join(dir, name), ctx.console, ctx.now);
  }
  try {
    return await body(status);
  } catch (error) {
    if (error instanceof Interrupted) {
      status.write({ status: 'FAILURE', verbosity: 'INFO', message: `${label} was interrupted` });
    } else if (error instanceof PyError) {
      status.write({ status: 'FAILURE', message: error.message });
    }
    throw error;
  }
}
