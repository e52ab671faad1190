import { err, ok, type Result } from '../../shared/result.js';

/** trtexec's options that the simulator understands (`--name=value` and bare `--flag`). */
const VALUED = new Set([
  'onnx',
  'saveEngine',
  'loadEngine',
  'calib',
  'minShapes',
  'optShapes',
  'maxShapes',
  'shapes',
  'iterations',
  'avgRuns',
  'duration',
  'warmUp',
  'workspace',
  'memPoolSize',
  'device',
  'streams',
  'timingCacheFile',
  'exportTimes',
  'exportProfile',
]);
const FLAGS = new Set([
  'fp16',
  'int8',
  'best',
  'verbose',
  'noTF32',
  'useCudaGraph',
  'useSpinWait',
  'noDataTransfers',
  'separateProfileRun',
  'dumpProfile',
]);
const NUMERIC = new Set(['iterations', 'avgRuns', 'duration', 'warmUp', 'workspace', 'device', 'streams']);

export type TrtexecArgs = ReadonlyMap<string, string | true>;

/** Parses trtexec's argv; an unknown or malformed option is an error message in trtexec's words. */
export function parseTrtexecArgs(argv: readonly string[]): Result<TrtexecArgs, string> {
  const values = new Map<string, string | true>();
  for (const token of argv) {
    const match = /^--([A-Za-z0-9]+)(?:=(.*))?$/.exec(token);
    const name = match?.[1] ?? '';
    const value = match?.[2];
    if (!match || (!VALUED.has(name) && !FLAGS.has(name))) return err(`Unknown option: ${token}`);
    if (FLAGS.has(name)) {
      if (value !== undefined) return err(`Unknown option: ${token}`);
      values.set(name, true);
      continue;
    }
    if (value === undefined || value === '') return err(`Option --${name} needs a value: --${name}=<value>`);
    if (NUMERIC.has(name) && !/^\d+(\.\d+)?$/.test(value))
      return err(`Invalid value for --${name}: ${value}`);
    values.set(name, value);
  }
  if (values.has('onnx') === values.has('loadEngine')) {
    return err('Exactly one of --onnx=<model.onnx> and --loadEngine=<engine> must be given');
  }
  return ok(values);
}

export interface ShapeSpec {
  readonly name: string;
  readonly dims: readonly number[];
}

/** `Input:16x3x300x300` (comma-separated for several inputs) → the shape of the first input. */
export function parseShape(spec: string | undefined): ShapeSpec | null | 'invalid' {
  if (spec === undefined) return null;
  const first = spec.split(',')[0] ?? '';
  const match = /^([^:]+):(\d+(?:x\d+)*)$/.exec(first);
  if (!match) return 'invalid';
  return { name: match[1] ?? '', dims: (match[2] ?? '').split('x').map(Number) };
}
