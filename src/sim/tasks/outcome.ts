import type { ParsedArgs } from '../argparse.js';
import type { TaskContext } from '../context.js';

/**
 * How a TAO task ended when it did not raise: TAO's entrypoint then prints `Execution status: PASS` or `FAIL`.
 * Raised failures are `PyError` (traceback, FAIL) and `Interrupted` (signal).
 */
export type TaskOutcome = 'passed' | 'failed';

export type TaoTaskRunner = (ctx: TaskContext, args: ParsedArgs) => Promise<TaskOutcome>;
