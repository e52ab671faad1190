import type { CommandError, CommandResult, TaoTarget } from '../../../../src/pipeline/tao/commands/index.js';

export const TAO5: TaoTarget = { version: 5, launcher: ['tao'] };
export const TAO4: TaoTarget = { version: 4, launcher: ['tao'] };
export const TAO3: TaoTarget = { version: 3, launcher: ['tao'] };
/** taobot's simulator as the launcher: the builders must prefix it unchanged. */
export const SIMULATOR: TaoTarget = { version: 5, launcher: ['/usr/bin/node', 'bin/taobot.js', 'tao-sim'] };

/** The NVIDIA SSD notebook's folders (TAO-FORMATS §5), with its environment variables expanded. */
export const SPECS = '/workspace/tao-experiments/ssd/specs';
export const EXPERIMENT = '/workspace/tao-experiments/ssd';

/** The argv of a successful build; fails the test with the builder's message otherwise. */
export function argvOf(result: CommandResult): string[] {
  if (!result.ok) throw new Error(`expected an argv, got ${result.error.field}: ${result.error.message}`);
  return result.value;
}

/** The error of a failed build; fails the test with the argv otherwise. */
export function errorOf(result: CommandResult): CommandError {
  if (result.ok) throw new Error(`expected an error, got argv ${JSON.stringify(result.value)}`);
  return result.error;
}
