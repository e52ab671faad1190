import type { Command } from '../services.js';
import { approvalsCommand, approveCommand, rejectCommand } from './approve.js';
import { cancelCommand } from './cancel.js';
import { compareCommand } from './compare.js';
import { continueCommand } from './continue.js';
import { deployCommand } from './deploy.js';
import { evaluateCommand } from './evaluate.js';
import { frontierCommand } from './frontier.js';
import { gpusCommand } from './gpus.js';
import { helpCommand } from './help.js';
import { pruneCommand } from './prune.js';
import { retrainCommand } from './retrain.js';
import { runCommand, runsCommand } from './runs.js';
import { summaryCommand } from './summary.js';
import { trainCommand } from './train.js';

/** Every chat command, in one explicit list (the order is the order of /help). */
export const COMMANDS: readonly Command[] = [
  trainCommand,
  runsCommand,
  runCommand,
  gpusCommand,
  cancelCommand,
  continueCommand,
  evaluateCommand,
  pruneCommand,
  retrainCommand,
  deployCommand,
  approveCommand,
  rejectCommand,
  approvalsCommand,
  summaryCommand,
  compareCommand,
  frontierCommand,
  helpCommand,
];
