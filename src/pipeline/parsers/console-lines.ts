import { readKerasFrame } from './console-keras.js';
import type { ConsoleEvent, ConsolePhase, DatasetEvent } from './console-types.js';
import { parseMetric, parseTimedelta } from './numbers.js';

/**
 * Single-line console messages. Lines are dispatched on their first character so that each line is tried
 * against the one or two patterns that could match, not all of them.
 */

const EPOCH_START = /^Epoch (\d+)\/(\d+)$/;
const EPOCH_SUMMARY = /^Epoch (\d+)\/(\d+): loss: (\S+) learning rate: (\S+) Time taken: (\S+) ETA: (\S+)$/;
const CHECKPOINT = /^Epoch (\d+): saving model to (.+)$/;
const EARLY_STOP = /^Epoch (\d+): early stopping$/;
const EXECUTION = /^Execution status: (PASS|FAIL)$/;
const VALIDATION_LOSS = /^Validation loss: (\S+)$/;
const DATASET = /^Number of (?:images|samples) in the (training|validation|evaluation) dataset:\s*(\d+)$/;
const PRUNE = /^Pruning ratio \(pruned model \/ original model\): (\S+)$/;
const PREDICTING = /^Producing predictions:[^/]*?(\d+)\/(\d+)/;
const EXPORT = /^Saving exported model to (.+)$/;
const EVAL_MODEL = /^Using TLT model for inference, setting batch size to the one in eval_config: (\d+)$/;
const EVAL_ENGINE = /^Using TensorRT engine for inference, setting batch size to (\d+) from eval_config$/;

const PHASES: ReadonlyMap<string, ConsolePhase> = new Map([
  ['Loading pretrained weights. This may take a while...', 'loading-pretrained'],
  ['Loading the model as a pruned model.', 'loading-pruned'],
  ['Initialize optimizer', 'initializing-optimizer'],
  ['Start multi-thread per-image matching', 'matching'],
  ['Start to calculate AP for each class', 'computing-ap'],
  ['Finished evaluation.', 'evaluation-finished'],
]);

const metric = (raw: string): number | null => parseMetric(raw) ?? null;

function readEpochLine(line: string, level: string | null): ConsoleEvent | null {
  let m = EPOCH_START.exec(line);
  if (m) return { kind: 'epoch-start', level, epoch: Number(m[1]), maxEpoch: Number(m[2]) };
  m = CHECKPOINT.exec(line);
  if (m) return { kind: 'checkpoint', level, epoch: Number(m[1]), path: m[2] as string };
  m = EPOCH_SUMMARY.exec(line);
  if (m) {
    return {
      kind: 'epoch-summary',
      level,
      epoch: Number(m[1]),
      maxEpoch: Number(m[2]),
      loss: metric(m[3] as string),
      lr: metric(m[4] as string),
      timeTakenS: parseTimedelta(m[5] as string),
      etaS: parseTimedelta(m[6] as string),
    };
  }
  m = EARLY_STOP.exec(line);
  if (m) return { kind: 'early-stop', level, epoch: Number(m[1]) };
  m = EXECUTION.exec(line);
  return m ? { kind: 'execution-status', level, passed: m[1] === 'PASS' } : null;
}

function readProducing(line: string, level: string | null): ConsoleEvent | null {
  const m = PREDICTING.exec(line);
  if (m) return { kind: 'phase', level, phase: 'predicting', step: Number(m[1]), steps: Number(m[2]) };
  return line.startsWith('Producing predictions') ? phase('predicting', level) : null;
}

const phase = (name: ConsolePhase, level: string | null): ConsoleEvent => ({
  kind: 'phase',
  level,
  phase: name,
  step: null,
  steps: null,
});

/**
 * Reads a trimmed, prefix-free console line that stands on its own; null when it is none of them.
 * `epoch` is the epoch in progress, given to events that belong to it.
 */
export function readConsoleLine(
  line: string,
  level: string | null,
  epoch: number | null,
): ConsoleEvent | null {
  const first = line.charCodeAt(0);
  if (first >= 48 && first <= 57) return readKerasFrame(line, epoch, level);
  let m: RegExpExecArray | null;
  switch (line[0]) {
    case 'E':
      return readEpochLine(line, level);
    case 'V':
      m = VALIDATION_LOSS.exec(line);
      return m ? { kind: 'validation-loss', level, epoch, value: metric(m[1] as string) } : null;
    case 'N':
      m = DATASET.exec(line);
      return m
        ? { kind: 'dataset', level, split: m[1] as DatasetEvent['split'], images: Number(m[2]) }
        : null;
    case 'P':
      m = PRUNE.exec(line);
      return m ? { kind: 'prune', level, ratio: metric(m[1] as string) } : readProducing(line, level);
    case 'S':
      m = EXPORT.exec(line);
      if (m) return { kind: 'export', level, path: m[1] as string };
      break;
    case 'U':
      m = EVAL_MODEL.exec(line) ?? EVAL_ENGINE.exec(line);
      if (m) {
        const engine = line.startsWith('Using TensorRT') ? 'tensorrt' : 'model';
        return { kind: 'evaluate-start', level, engine, batchSize: Number(m[1]) };
      }
      return null;
  }
  const named = PHASES.get(line);
  return named === undefined ? null : phase(named, level);
}
