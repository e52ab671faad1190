import { existsSync } from 'node:fs';
import type { Precision } from '../../pipeline/tao/types.js';
import { simulatorBanner } from '../banner.js';
import { keyCheck, resolvePath } from '../context.js';
import { engineHeader, writeEngineAtomically } from '../engine-file.js';
import { exitForSignal } from '../io.js';
import { readSimulatedModelHeaderSync } from '../model-file.js';
import { Interrupted, sleep } from '../py-error.js';
import { taskWallMs } from '../timing.js';
import type { ToolEnv } from './tool-env.js';
import { BUILD_FAILURE_LINES } from './trtexec.js';

const USAGE = `usage: ./tao-converter [-h] [-v] [-e ENGINE_FILE_PATH]
\t[-k ENCODE_KEY] [-c CACHE_FILE]
\t[-o OUTPUTS] [-d INPUT_DIMENSIONS]
\t[-b BATCH_SIZE] [-m MAX_BATCH_SIZE]
\t[-w MAX_WORKSPACE_SIZE] [-t DATA_TYPE]
\t[-i INPUT_ORDER] [-s] [-u DLA_CORE] [-p PROFILE]
\tinput_file`;

const VALUED = new Set(['e', 'k', 'c', 'o', 'd', 'b', 'm', 'w', 't', 'i', 'u', 'p']);
const FLAGS = new Set(['h', 'v', 's']);

/** Output node TAO 3/4 export gives each network: `NMS` for (D)SSD, `BatchedNMS` for YOLO and RetinaNet. */
const outputNode = (network: string): string =>
  network === 'ssd' || network === 'dssd' ? 'NMS' : 'BatchedNMS';

/**
 * `tao-converter` (TAO 3/4): decrypts an `.etlt` with the key and builds a TensorRT engine on the device;
 * getopt-style options, TensorRT's `[INFO]`/`[ERROR]` log lines.
 */
export async function runTaoConverter(argv: readonly string[], env: ToolEnv): Promise<number> {
  const out = (line: string): void => {
    env.io.stdout.write(`${line}\n`);
  };
  out(simulatorBanner(['tao-converter', ...argv].join(' ')));
  const opts = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    const flag = /^-([a-zA-Z])$/.exec(token)?.[1];
    if (flag === undefined) {
      positional.push(token);
    } else if (FLAGS.has(flag)) {
      opts.set(flag, true);
    } else if (VALUED.has(flag) && i + 1 < argv.length) {
      i += 1;
      opts.set(flag, argv[i] ?? '');
    } else {
      env.io.stderr.write(
        `tao-converter: ${VALUED.has(flag) ? 'option requires an argument' : 'invalid option'} -- '${flag}'\n${USAGE}\n`,
      );
      return 1;
    }
  }
  const usageError = (message: string): number => {
    env.io.stderr.write(`Error: ${message}\n${USAGE}\n`);
    return 1;
  };
  if (positional.length !== 1)
    return usageError('exactly one input file (the .etlt model) is expected, after the options');
  if (!opts.has('k')) return usageError('the key the model was exported with is required: -k KEY');
  const precision = String(opts.get('t') ?? 'fp32');
  if (!['fp32', 'fp16', 'int8'].includes(precision))
    return usageError(`-t must be fp32, fp16 or int8, not ${precision}`);
  const error = (...lines: string[]): number => {
    for (const line of lines) out(`[ERROR] ${line}`);
    return 1;
  };
  const input = positional[0] ?? '';
  const source = readSimulatedModelHeaderSync(resolvePath(env.io, input));
  if (source?.kind !== 'export' || source.format !== 'etlt')
    return error(`Failed to open the model file: ${input}`);
  if (source.keyCheck !== keyCheck(String(opts.get('k')))) {
    return error(
      'UffParser: Unsupported number of graph 0',
      "Failed to parse the model, please check the encoding key to make sure it's correct",
    );
  }
  const { channels, height, width } = source.input;
  const dims = opts.get('d');
  if (typeof dims === 'string' && dims !== `${channels},${height},${width}`) {
    return error(
      `Input dimensions ${dims} do not match the model's ${channels},${height},${width}: pass -d ${channels},${height},${width}`,
    );
  }
  const outputs = opts.get('o');
  if (typeof outputs === 'string' && !outputs.split(',').includes(outputNode(source.network))) {
    return error(
      `Failed to find output node ${outputs}: the ${source.network} model's output is ${outputNode(source.network)}`,
    );
  }
  const cache = opts.get('c');
  const calibrated = typeof cache === 'string' && existsSync(resolvePath(env.io, cache));
  if (precision === 'int8' && !calibrated && !source.qat) {
    return error(
      `INT8 needs the calibration cache written by export: -c ${typeof cache === 'string' ? `${cache} does not exist` : 'CACHE_FILE'}`,
    );
  }
  out('[INFO] [MemUsageChange] Init CUDA: CPU +203, GPU +0, now: CPU 221, GPU 2805 (MiB)');
  out(`[INFO] Detected input dimensions from the model: (-1, ${channels}, ${height}, ${width})`);
  out('[INFO] Detected 1 inputs and 1 output network tensors.');
  const header = engineHeader(source, {
    precision: precision as Precision,
    calibrated,
    maxBatchSize: Number(opts.get('m') ?? 16),
    optBatchSize: 1,
    writtenBy: 'tao-converter',
  });
  try {
    await sleep(
      taskWallMs(env.settings, 40 * (source.paramCount / source.unprunedParamCount) ** 0.5 + 10),
      env.signal,
    );
  } catch (e) {
    if (e instanceof Interrupted) return exitForSignal(e.signalName);
    throw e;
  }
  const engine = resolvePath(env.io, String(opts.get('e') ?? 'saved.engine'));
  if (!writeEngineAtomically(engine, header, env.settings.failures.engine)) {
    return error(...BUILD_FAILURE_LINES, 'Unable to create engine');
  }
  out(`[INFO] Engine saved to ${opts.get('e') ?? 'saved.engine'}`);
  return 0;
}
