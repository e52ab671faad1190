import type { Command } from '../services.js';
import { cancelCommand } from './cancel.js';
import { helpCommand } from './help.js';
import { runCommand, runsCommand } from './runs.js';
import { trainCommand } from './train.js';

/** Every chat command, in one explicit list (the order is the order of /help). */
export const COMMANDS: readonly Command[] = [
  trainCommand,
  runsCommand,
  runCommand,
  cancelCommand,
  helpCommand,
];
