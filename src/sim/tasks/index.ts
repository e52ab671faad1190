import type { TaoTask } from '../command-options.js';
import { runEvaluate } from './evaluate.js';
import { runExport } from './export.js';
import { runGenTrtEngine } from './gen-trt-engine.js';
import { runInference } from './inference.js';
import type { TaoTaskRunner } from './outcome.js';
import { runPrune } from './prune.js';
import { runTrain } from './train.js';

/** The simulated TAO tasks by name. */
export const TAO_TASKS: Record<TaoTask, TaoTaskRunner> = {
  train: runTrain,
  evaluate: runEvaluate,
  prune: runPrune,
  export: runExport,
  inference: runInference,
  gen_trt_engine: runGenTrtEngine,
};
