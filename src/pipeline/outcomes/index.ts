import type { RunKind } from '../runs/run-state.js';
import { deployOutcome } from './deploy.js';
import { evaluateOutcome } from './evaluate.js';
import { pruneOutcome } from './prune.js';
import { retrainOutcome } from './retrain.js';
import { trainOutcome } from './train.js';
import type { OutcomeHandler } from './types.js';

/** What each kind of run leaves behind when it succeeds, listed in one place. */
export const OUTCOMES: ReadonlyMap<RunKind, OutcomeHandler> = new Map<RunKind, OutcomeHandler>([
  ['train', trainOutcome],
  ['retrain', retrainOutcome],
  ['evaluate', evaluateOutcome],
  ['prune', pruneOutcome],
  ['deploy', deployOutcome],
]);

export type { OutcomeContext, OutcomeHandler } from './types.js';
