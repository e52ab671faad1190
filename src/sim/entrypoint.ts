import type { TaoDialect } from '../pipeline/tao/types.js';
import type { ParsedArgs } from './argparse.js';
import type { TaoTask } from './command-options.js';
import { taoSourcePath } from './log-sources.js';
import { PyError } from './py-error.js';

/**
 * The checks TAO's TF1 entrypoint (`cv/common/entrypoint/entrypoint.py: launch_job`) makes on the GPU options
 * before it starts the task; each fails with TAO's own AssertionError message.
 */
export function checkEntrypointOptions(dialect: TaoDialect, task: TaoTask, args: ParsedArgs): PyError | null {
  if (task === 'gen_trt_engine') return null;
  const gpus = args.num('gpus') ?? 1;
  const processes = (args.num('num_processes') ?? -1) < 0 ? gpus : (args.num('num_processes') ?? gpus);
  const fail = (message: string, line: number, code: string): PyError =>
    new PyError('AssertionError', message, [
      { file: taoSourcePath(dialect, 'cv/common/entrypoint/entrypoint.py'), line, func: 'launch_job', code },
    ]);
  if (gpus <= 0)
    return fail(
      'At least 1 GPU required to run any task.',
      283,
      'assert num_gpus > 0, "At least 1 GPU required to run any task."',
    );
  if (gpus > 1 && task !== 'train') {
    return fail(
      `Please use only 1 GPU for the task ${task}. Only the following tasks are supported to run with multiple GPUs, ['train']`,
      307,
      'assert task in MULTIGPU_SUPPORTED_TASKS, (',
    );
  }
  if (processes > 1 && gpus <= 1) {
    return fail(
      'Number of GPUs must be > 1 for data parallelized training(np > 1).',
      316,
      'assert num_gpus > 1, (',
    );
  }
  if (args.flag('use_amp') && task !== 'train') {
    return fail('AMP is currently supported only for training.', 323, 'assert task == "train", (');
  }
  const indexes = args.list('gpu_index').map(Number);
  if (indexes.length > 0) {
    const ids = [...new Set(indexes)].sort((a, b) => a - b);
    if (Math.min(...ids) < 0) return fail('GPU ids cannot be negative.', 201, 'assert min(gpu_ids) >= 0, (');
    if (ids.length !== gpus) {
      // TAO's message swaps the two values; kept as TAO prints it.
      return fail(
        `The number of GPUs ([${ids.join(', ')}]) must be the same as the number of GPU indices (${gpus}) provided.`,
        204,
        'assert len(gpu_ids) == num_gpus, (',
      );
    }
  }
  return null;
}
