import type { Executor } from '../../../src/pipeline/executors/types.js';

type ExecAnswer = { exitCode: number; stdout: string; stderr?: string } | Error;

/**
 * A fake of our own executor port that answers nvidia-smi's two queries with given text (fixture outputs), and
 * records every exec. Only `exec` is implemented: inventory never starts or reads anything.
 */
export function fakeSmiExecutor(answers: { gpu: ExecAnswer; apps: ExecAnswer }) {
  const calls: Array<{ argv: readonly string[]; timeoutMs?: number }> = [];
  const refuse = (): never => {
    throw new Error('the GPU inventory must only exec');
  };
  const executor: Executor = {
    kind: 'local',
    start: refuse,
    status: refuse,
    cancel: refuse,
    read: refuse,
    list: refuse,
    write: refuse,
    append: refuse,
    remove: refuse,
    async exec(argv, options) {
      calls.push({ argv, ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
      const query = argv.find((a) => a.startsWith('--query-'));
      const answer = query?.startsWith('--query-gpu=')
        ? answers.gpu
        : query?.startsWith('--query-compute-apps=')
          ? answers.apps
          : new Error(`unexpected command ${argv.join(' ')}`);
      if (answer instanceof Error) throw answer;
      return { exitCode: answer.exitCode, stdout: answer.stdout, stderr: answer.stderr ?? '' };
    },
  };
  return { executor, calls };
}
