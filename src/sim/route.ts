import { NETWORKS, type Network, type TaoDialect } from '../pipeline/tao/types.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UsageFailure } from './argparse.js';
import { DEPLOY_TASKS, MODEL_TASKS, type TaoTask } from './command-options.js';

/** What the arguments after `tao-sim` ask for. */
export type Route =
  | {
      readonly kind: 'tao';
      readonly dialect: TaoDialect;
      readonly network: Network;
      readonly task: TaoTask;
      /** The command as typed after `tao`, e.g. `model ssd train`. */
      readonly command: string;
      /** argparse's program name for usage messages, e.g. `ssd train`. */
      readonly prog: string;
      readonly rest: readonly string[];
    }
  | { readonly kind: 'trtexec'; readonly rest: readonly string[] }
  | { readonly kind: 'tao-converter'; readonly rest: readonly string[] };

const GROUPS = ['model', 'deploy', ...NETWORKS, 'trtexec', 'tao-converter'];

function invalid(
  prog: string,
  what: string,
  value: string | undefined,
  choices: readonly string[],
): Result<never, UsageFailure> {
  const listed = choices.map((c) => `'${c}'`).join(', ');
  return err({
    usage: `usage: ${prog} [-h] {${choices.join(',')}} ...`,
    message:
      value === undefined
        ? `${prog}: error: the following arguments are required: ${what}`
        : `${prog}: error: argument ${what}: invalid choice: '${value}' (choose from ${listed})`,
  });
}

const isNetwork = (s: string | undefined): s is Network => (NETWORKS as readonly string[]).includes(s ?? '');

/**
 * Routes the arguments: `model <net> <task> …` and `deploy <net> gen_trt_engine …` are TAO 5, `<net> <task> …`
 * is TAO 3/4, `trtexec …` and `tao-converter …` are the device-side tools.
 */
export function routeArgs(argv: readonly string[]): Result<Route, UsageFailure> {
  const [group, second, third, ...rest] = argv;
  if (group === 'trtexec') return ok({ kind: 'trtexec', rest: argv.slice(1) });
  if (group === 'tao-converter') return ok({ kind: 'tao-converter', rest: argv.slice(1) });
  if (group === 'model' || group === 'deploy') {
    if (!isNetwork(second)) return invalid(`tao ${group}`, 'network', second, NETWORKS);
    const tasks = group === 'model' ? MODEL_TASKS : DEPLOY_TASKS;
    const task = tasks.find((t) => t === third);
    if (!task) return invalid(second, 'task', third, tasks);
    return ok({
      kind: 'tao',
      dialect: 'tao5',
      network: second,
      task,
      command: `${group} ${second} ${task}`,
      prog: `${second} ${task}`,
      rest,
    });
  }
  if (isNetwork(group)) {
    const task = MODEL_TASKS.find((t) => t === second);
    if (!task) return invalid(group, 'task', second, MODEL_TASKS);
    return ok({
      kind: 'tao',
      dialect: 'tao4',
      network: group,
      task,
      command: `${group} ${task}`,
      prog: `${group} ${task}`,
      rest: argv.slice(2),
    });
  }
  return invalid('tao-sim', 'command', group, GROUPS);
}
