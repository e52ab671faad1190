import { existsSync } from 'node:fs';
import type { Precision } from '../../pipeline/tao/types.js';
import { simulatorBanner } from '../banner.js';
import { resolvePath } from '../context.js';
import { engineHeader, writeEngineAtomically } from '../engine-file.js';
import { exitForSignal } from '../io.js';
import { readSimulatedModelHeaderSync, type SimulatedModelHeader } from '../model-file.js';
import { Interrupted, sleep } from '../py-error.js';
import { taskWallMs } from '../timing.js';
import { benchmark, cppNumber, summaryLines } from '../trt-perf.js';
import { type ToolEnv, type TrtLogger, trtLogger } from './tool-env.js';
import { parseShape, parseTrtexecArgs, type TrtexecArgs } from './trtexec-args.js';

const TRT_VERSION = 'TensorRT v8502';

/** Simulated TensorRT build failure lines (an out-of-memory in the builder, as on a busy Jetson). */
export const BUILD_FAILURE_LINES = [
  '2: [virtualMemoryBuffer.cpp::resizePhysical::145] Error Code 2: OutOfMemory (no further information) (failure injected by TAOBOT_SIM_FAIL=engine)',
  '2: [builder.cpp::buildSerializedNetwork::751] Error Code 2: Internal Error (Assertion engine != nullptr failed. )',
];

/**
 * `trtexec`: builds an engine from an exported ONNX model (`--onnx= --saveEngine=`) or loads one
 * (`--loadEngine=`), then benchmarks it and prints TensorRT 8.5's performance summary.
 */
export async function runTrtexec(argv: readonly string[], env: ToolEnv): Promise<number> {
  const log = trtLogger(env);
  const commandLine = ['trtexec', ...argv].join(' ');
  log.raw(simulatorBanner(commandLine));
  log.raw(`&&&& RUNNING TensorRT.trtexec [${TRT_VERSION}] # ${commandLine}`);
  const failed = (...messages: string[]): number => {
    for (const m of messages) log.error(m);
    log.raw(`&&&& FAILED TensorRT.trtexec [${TRT_VERSION}] # ${commandLine}`);
    return 1;
  };
  const parsed = parseTrtexecArgs(argv);
  if (!parsed.ok) return failed(parsed.error);
  const args = parsed.value;
  try {
    let engine: SimulatedModelHeader;
    const load = args.get('loadEngine');
    if (typeof load === 'string') {
      const found = readSimulatedModelHeaderSync(resolvePath(env.io, load));
      if (found?.kind !== 'engine') {
        return failed(
          `Error opening engine file: ${load}`,
          'Failed to create engine from model or file.',
          'Engine set up failed',
        );
      }
      engine = found;
      log.info(`Engine loaded in ${cppNumber(0.05 + found.sizeBytes / 2 ** 30)} sec.`);
    } else {
      const built = await build(args, env, log);
      if (built === 'build-failed') {
        return failed(
          ...BUILD_FAILURE_LINES,
          'Engine could not be created from network',
          'Building engine failed',
          'Failed to create engine from model or file.',
          'Engine set up failed',
        );
      }
      if ('error' in built)
        return failed(built.error, 'Failed to create engine from model or file.', 'Engine set up failed');
      engine = built;
    }
    const duration = Number(args.get('duration') ?? 3);
    const perf = benchmark(engine, duration, Number(args.get('iterations') ?? 10));
    log.info('Starting inference');
    await sleep(taskWallMs(env.settings, perf.walltimeSeconds), env.signal);
    log.info(`Warmup completed ${Math.ceil(perf.throughput * 0.2)} queries over 200 ms`);
    log.info(`Timing trace has ${perf.queries} queries over ${cppNumber(perf.walltimeSeconds)} s`);
    log.info('');
    for (const line of summaryLines(perf)) log.info(line);
    log.raw(`&&&& PASSED TensorRT.trtexec [${TRT_VERSION}] # ${commandLine}`);
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) return exitForSignal(error.signalName);
    throw error;
  }
}

/** Builds (and saves, with --saveEngine) an engine; a string is an error to report. */
async function build(
  args: TrtexecArgs,
  env: ToolEnv,
  log: TrtLogger,
): Promise<SimulatedModelHeader | { error: string } | 'build-failed'> {
  const onnx = String(args.get('onnx'));
  const precision: Precision = args.has('int8') ? 'int8' : args.has('fp16') ? 'fp16' : 'fp32';
  log.info('=== Model Options ===');
  log.info('Format: ONNX');
  log.info(`Model: ${onnx}`);
  log.info('=== Build Options ===');
  log.info(`Precision: FP32${args.has('fp16') ? '+FP16' : ''}${args.has('int8') ? '+INT8' : ''}`);
  log.info(`Save engine: ${args.get('saveEngine') ?? ''}`);
  log.info('=== Device Information ===');
  log.info("Selected Device: simulated GPU (taobot's TAO simulator)");
  log.info('TensorRT version: 8.5.2');
  log.info('Start parsing network model');
  const source = readSimulatedModelHeaderSync(resolvePath(env.io, onnx));
  if (source?.kind !== 'export' || source.format !== 'onnx') {
    return { error: `[TRT] ModelImporter.cpp:688: Failed to parse ONNX model from file: ${onnx}` };
  }
  log.info('Finish parsing network model');
  const { channels, height, width } = source.input;
  const shapes = ['minShapes', 'optShapes', 'maxShapes'].map((k) =>
    parseShape(args.get(k) as string | undefined),
  );
  const [, opt, max] = shapes;
  for (const shape of shapes) {
    if (shape === 'invalid') return { error: 'Invalid shape: expected --optShapes=Input:BxCxHxW' };
    if (shape && shape.dims.slice(1).join('x') !== `${channels}x${height}x${width}`) {
      return {
        error: `Error[4]: [network.cpp::validate::3011] Error Code 4: Internal Error (Input: dimensions ${shape.dims.join('x')} do not match the model input ?x${channels}x${height}x${width})`,
      };
    }
  }
  if (!opt) {
    log.warn(
      `Dynamic dimensions required for input: Input, but no shapes were provided. Automatically overriding shape to: 1x${channels}x${height}x${width}`,
    );
  }
  const calib = args.get('calib');
  const calibrated = typeof calib === 'string' && existsSync(resolvePath(env.io, calib));
  if (precision === 'int8' && !calibrated && !source.qat) {
    log.warn(
      'Calibration cache not found or not given: INT8 runs with default dynamic ranges and accuracy will suffer',
    );
  }
  const header = engineHeader(source, {
    precision,
    calibrated,
    maxBatchSize: max && max !== 'invalid' ? (max.dims[0] ?? 1) : 1,
    optBatchSize: opt && opt !== 'invalid' ? (opt.dims[0] ?? 1) : 1,
    writtenBy: 'trtexec',
  });
  const buildSeconds =
    10 +
    60 *
      (source.paramCount / source.unprunedParamCount) ** 0.5 *
      { fp32: 1, fp16: 1.4, int8: 2.5 }[precision];
  await sleep(taskWallMs(env.settings, buildSeconds), env.signal);
  const save = args.get('saveEngine');
  const fail = env.settings.failures.engine;
  if (typeof save === 'string') {
    if (!writeEngineAtomically(resolvePath(env.io, save), header, fail)) return 'build-failed';
  } else if (fail) return 'build-failed';
  log.info(`Engine built in ${cppNumber(buildSeconds)} sec.`);
  return header;
}
