import { renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import type { Precision } from '../pipeline/tao/types.js';
import { type SimulatedModelHeader, writeSimulatedModel } from './model-file.js';
import { engineFileBytes } from './model-size.js';

/** Accuracy TensorRT loses at each precision; INT8 without calibration (or QAT scales) loses a lot. */
function precisionDrop(precision: Precision, calibrated: boolean, qat: boolean): number {
  if (precision === 'fp32') return 0;
  if (precision === 'fp16') return 0.0005;
  if (qat) return 0.001;
  return calibrated ? 0.004 : 0.15;
}

export interface EngineSpec {
  readonly precision: Precision;
  readonly calibrated: boolean;
  readonly maxBatchSize: number;
  readonly optBatchSize: number;
  readonly writtenBy: string;
}

/** The header of an engine built from an exported model. */
export function engineHeader(source: SimulatedModelHeader, spec: EngineSpec): SimulatedModelHeader {
  const drop = precisionDrop(spec.precision, spec.calibrated, source.qat);
  const ap = Object.fromEntries(source.classes.map((c) => [c, Math.max(0, (source.ap[c] ?? 0) - drop)]));
  const values = Object.values(ap);
  return {
    ...source,
    kind: 'engine',
    format: 'engine',
    ap,
    mAP: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
    precision: spec.precision,
    maxBatchSize: spec.maxBatchSize,
    optBatchSize: spec.optBatchSize,
    keyCheck: null,
    sizeBytes: engineFileBytes(source.paramCount, spec.precision),
    writtenBy: spec.writtenBy,
  };
}

/**
 * Writes an engine the way a careful builder does: to a temporary name beside it, renamed into place only once
 * complete, so a failed build never leaves a partial engine under the real name. `fail` simulates a build that
 * dies halfway: the partial temporary file is removed and nothing appears at `path`.
 */
export function writeEngineAtomically(path: string, header: SimulatedModelHeader, fail: boolean): boolean {
  const temporary = `${path}.partial-${process.pid}`;
  try {
    if (fail) {
      writeFileSync(temporary, '');
      truncateSync(temporary, Math.floor(header.sizeBytes / 3));
      return false;
    }
    writeSimulatedModel(temporary, header);
    renameSync(temporary, path);
    return true;
  } finally {
    rmSync(temporary, { force: true });
  }
}
