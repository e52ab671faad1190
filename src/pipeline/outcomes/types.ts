import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import type { Run } from '../../db/repositories/runs.js';
import type { Executor } from '../executors/types.js';
import type { Notifier } from '../notify/notifier.js';
import type { RunCharts } from '../runs/run-charts.js';
import type { RunMachines } from '../runs/start-run.js';

export interface OutcomeContext {
  db: Db;
  config: Config;
  notifier: Notifier;
  charts: RunCharts;
  logger: Logger;
  /** The executor of a step of the run (server or device). */
  executorOf(machines: RunMachines, step: number): Executor;
  /** The text of a step's log. */
  readStepLog(run: Run, machines: RunMachines, step: number): Promise<string>;
}

/**
 * What happens when a run of a kind succeeds: `record` reads what it produced and stores it (idempotently: it may
 * run again after a restart), `announce` posts the cards (called once, behind a claim).
 */
export interface OutcomeHandler {
  record(context: OutcomeContext, run: Run, machines: RunMachines): Promise<void>;
  announce(context: OutcomeContext, run: Run, machines: RunMachines): Promise<void>;
}
