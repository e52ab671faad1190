/** Pure argv builders for every TAO step, in both command dialects (TAO 3/4 and TAO 5). */
export { type DeviceTool, deviceToolFor } from './device-tool.js';
export { buildEvaluate } from './evaluate.js';
export { buildExport } from './export.js';
export { buildGenTrtEngine } from './gen-trt-engine.js';
export { buildInference } from './inference.js';
export { buildPrune, PRUNE_DEFAULTS } from './prune.js';
export { formatArgv, quoteArg, REDACTED, redactArgv } from './redact.js';
export { buildTaoConverter, outputNodeFor } from './tao-converter.js';
export { buildTrain } from './train.js';
export { buildTrtexec, buildTrtexecBenchmark } from './trtexec.js';
export * from './types.js';
