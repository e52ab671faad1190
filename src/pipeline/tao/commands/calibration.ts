import type { CalibrationOptions } from './types.js';
import {
  type Check,
  checkOptionalInteger,
  checkOptionalPath,
  firstProblem,
  type Problem,
  problem,
} from './validate.js';

/** The INT8 calibration fields, in the order their problems are reported. */
export type CalibrationField = keyof CalibrationOptions | 'batchSize' | 'calJsonFile';

type Calibration = CalibrationOptions & { readonly batchSize?: number; readonly calJsonFile?: string };

/** Each calibration field that is present is well formed: paths are paths, batch counts are at least 1. */
export function checkCalibrationValues(o: Calibration): Problem {
  const checks: Check[] = [
    () => checkOptionalPath('calImageDir', o.calImageDir),
    () => checkOptionalPath('calDataFile', o.calDataFile),
    () => checkOptionalPath('calCacheFile', o.calCacheFile),
    () => checkOptionalInteger('batches', o.batches, 1),
    () => checkOptionalInteger('batchSize', o.batchSize, 1),
    () => checkOptionalPath('calJsonFile', o.calJsonFile),
  ];
  return firstProblem(checks);
}

/** INT8 without these fields would build an engine with made-up scales, so they are required together. */
export function checkCalibrationPresent(
  o: Calibration,
  fields: readonly CalibrationField[],
  task: string,
  alternative = '',
): Problem {
  const missing = fields.filter((field) => o[field] === undefined);
  const first = missing[0];
  if (first === undefined) return null;
  const or = alternative === '' ? '' : `, or ${alternative}`;
  return problem(first, `${task} with int8 needs ${fields.join(', ')}; missing ${missing.join(', ')}${or}`);
}

/** Calibration fields on an fp32/fp16 build are a mistake worth reporting, not something to drop silently. */
export function checkCalibrationAbsent(
  o: Calibration,
  fields: readonly CalibrationField[],
  reason: string,
): Problem {
  const given = fields.find((field) => o[field] !== undefined);
  return given === undefined ? null : problem(given, `${given} ${reason}`);
}
