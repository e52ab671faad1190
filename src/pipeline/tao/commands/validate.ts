import { NETWORKS, type TaoVersion } from '../types.js';
import type { CommandError, TaoTarget } from './types.js';

/**
 * The checks every builder shares. Each returns the problem it finds or null; builders list them as thunks so a
 * later check can rely on the earlier ones having passed, and report only the first problem.
 */
export type Problem = CommandError | null;
export type Check = () => Problem;

const VERSIONS: readonly number[] = [3, 4, 5];
const CONTROL = /[\0\r\n]/;

export const problem = (field: string, message: string): CommandError => ({ field, message });

/** Runs the checks in order and returns the first problem. */
export function firstProblem(checks: readonly Check[]): Problem {
  for (const check of checks) {
    const found = check();
    if (found) return found;
  }
  return null;
}

/** Renders a rejected value for a message: strings quoted so stray spaces and empty strings show. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The version must be 3, 4 or 5 and the launcher a non-empty list of plain argv elements. */
export function checkTarget(target: TaoTarget): Problem {
  if (!VERSIONS.includes(target.version)) {
    return problem('version', `TAO version must be 3, 4 or 5 (got ${shown(target.version)})`);
  }
  if (!Array.isArray(target.launcher) || target.launcher.length === 0) {
    return problem('launcher', "launcher must name the command to run, e.g. ['tao']");
  }
  for (const part of target.launcher) {
    if (typeof part !== 'string' || part === '' || CONTROL.test(part)) {
      return problem('launcher', `launcher elements must be non-empty and on one line (got ${shown(part)})`);
    }
  }
  return null;
}

/** The network must be one of TAO's TF1 detectors that taobot drives. */
export function checkNetwork(network: string): Problem {
  if ((NETWORKS as readonly string[]).includes(network)) return null;
  return problem('network', `network must be one of ${NETWORKS.join(', ')} (got ${shown(network)})`);
}

/**
 * A path becomes one argv element: it must be non-empty, on one line, free of `..` segments (paths come from chat
 * and must stay inside the folders they name), and must not start with `-`, which TAO's argparse reads as a flag.
 */
export function checkPath(field: string, value: string | undefined): Problem {
  if (value === undefined || value === '') return problem(field, `${field} is required: give a path`);
  if (typeof value !== 'string') return problem(field, `${field} must be a path (got ${shown(value)})`);
  if (CONTROL.test(value)) {
    return problem(field, `${field} must not contain a newline or NUL character (got ${shown(value)})`);
  }
  if (value.split(/[/\\]/).includes('..')) {
    return problem(
      field,
      `${field} must not contain a ".." segment (got ${shown(value)}); give the full path`,
    );
  }
  if (value.startsWith('-')) {
    return problem(
      field,
      `${field} must not start with "-" (got ${shown(value)}); TAO would read it as a flag`,
    );
  }
  return null;
}

export function checkOptionalPath(field: string, value: string | undefined): Problem {
  return value === undefined ? null : checkPath(field, value);
}

/** The path's file name must end in `extension` and have a name before it. */
export function checkExtension(field: string, value: string, extension: string, why: string): Problem {
  const base = value.slice(value.lastIndexOf('/') + 1);
  if (base.endsWith(extension) && base.length > extension.length) return null;
  return problem(field, `${field} must be a file name ending in ${extension} (got ${shown(value)}); ${why}`);
}

/** A whole number of at least `min`; `hint` is appended to the message (e.g. TAO's default). */
export function checkInteger(field: string, value: number | undefined, min: number, hint = ''): Problem {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return null;
  const suffix = hint === '' ? '' : `; ${hint}`;
  return problem(field, `${field} must be a whole number of at least ${min} (got ${shown(value)})${suffix}`);
}

export function checkOptionalInteger(
  field: string,
  value: number | undefined,
  min: number,
  hint = '',
): Problem {
  return value === undefined ? null : checkInteger(field, value, min, hint);
}

/** One of `allowed`, exactly; a case-only mismatch gets a "did you mean", otherwise `hint` if given. */
export function checkEnum(
  field: string,
  value: string | undefined,
  allowed: readonly string[],
  hint = '',
): Problem {
  if (typeof value === 'string' && allowed.includes(value)) return null;
  const near =
    typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  const suffix = near !== undefined ? `; did you mean ${near}?` : hint === '' ? '' : `; ${hint}`;
  return problem(field, `${field} must be one of ${allowed.join(', ')} (got ${shown(value)})${suffix}`);
}

/**
 * The encryption key: required on TAO 3/4, where every `.tlt`/`.etlt` is encrypted with it; optional on TAO 5.
 * When given it must be one argv element that argparse will not mistake for a flag.
 */
export function checkKey(version: TaoVersion, key: string | undefined): Problem {
  if (key === undefined) {
    if (version >= 5) return null;
    return problem(
      'key',
      `key is required on TAO ${version}: its models are encrypted with it; set the model's key`,
    );
  }
  if (typeof key !== 'string' || key === '') {
    return problem('key', 'key must not be empty; leave it out on TAO 5 when the model has none');
  }
  if (CONTROL.test(key)) return problem('key', 'key must not contain a newline or NUL character');
  if (key.startsWith('-')) return problem('key', 'key must not start with "-": TAO would read it as a flag');
  return null;
}

export function checkGpuIndex(value: number | undefined): Problem {
  return checkOptionalInteger('gpuIndex', value, 0);
}

/** `--gpu_index` for training: distinct indexes, one per GPU. */
export function checkGpuIndexes(gpus: number, indexes: readonly number[] | undefined): Problem {
  if (indexes === undefined) return null;
  if (!Array.isArray(indexes) || indexes.length !== gpus) {
    const got = Array.isArray(indexes) ? indexes.length : shown(indexes);
    return problem(
      'gpuIndexes',
      `gpuIndexes must list ${gpus} GPU index(es), one per GPU (got ${got}); or leave it out`,
    );
  }
  const seen = new Set<number>();
  for (const index of indexes) {
    const bad = checkInteger('gpuIndexes', index, 0);
    if (bad) return bad;
    if (seen.has(index)) return problem('gpuIndexes', `gpuIndexes must be distinct (${index} appears twice)`);
    seen.add(index);
  }
  return null;
}

/** Rejects an option the other dialect's command does not have, instead of dropping it silently. */
export function checkAbsentOn(
  version: TaoVersion,
  task: string,
  field: string,
  value: unknown,
  instead: string,
): Problem {
  if (value === undefined || value === false) return null;
  return problem(field, `${field} is not an option of TAO ${version} ${task}; ${instead}`);
}

/** Two paths that must differ, e.g. a prune output that would overwrite its input. */
export function checkDistinct(field: string, value: string, otherField: string, other: string): Problem {
  if (value !== other) return null;
  return problem(field, `${field} must differ from ${otherField} (both are ${shown(value)})`);
}
