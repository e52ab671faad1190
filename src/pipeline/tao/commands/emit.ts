import type { TaoVersion } from '../types.js';

/**
 * Small pieces the builders assemble argv from. Every value stays one argv element; nothing is quoted, because the
 * argv is spawned directly and never passes through a shell.
 */

/** `model ssd train` / `deploy ssd gen_trt_engine` on TAO 5, `ssd train` on TAO 3/4. */
export function taskWords(
  version: TaoVersion,
  network: string,
  task: string,
  group: 'model' | 'deploy' = 'model',
): string[] {
  return version >= 5 ? [group, network, task] : [network, task];
}

/** `[flag, value]`, or nothing when the value is absent. */
export function option(flag: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [flag, String(value)];
}

/** `[flag, ...values]`, or nothing when there are no values. */
export function listOption(flag: string, values: readonly (string | number)[] | undefined): string[] {
  return values === undefined || values.length === 0 ? [] : [flag, ...values.map(String)];
}

/** A bare switch such as `--use_amp`. */
export function flag(name: string, on: boolean | undefined): string[] {
  return on === true ? [name] : [];
}

/** trtexec's `--name=value` style, or nothing when the value is absent. */
export function assignment(name: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [`--${name}=${value}`];
}
