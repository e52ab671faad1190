import type { Logger } from 'pino';
import type { Config, DeviceConfig, ServerConfig } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { ApprovalDeps } from '../pipeline/approvals/service.js';
import type { Executor } from '../pipeline/executors/types.js';
import type { GpuAvailability } from '../pipeline/gpus/availability.js';
import type { Notifier } from '../pipeline/notify/notifier.js';
import type { RunCharts } from '../pipeline/runs/run-charts.js';
import type { CommandSpec } from './core/command.js';

/** What command handlers may use: given to them by the composition root, never imported as globals. */
export interface Services {
  db: Db;
  config: Config;
  notifier: Notifier;
  executorFor(server: ServerConfig): Executor;
  executorForDevice(device: DeviceConfig): Executor;
  approvals: ApprovalDeps;
  /** GPUs busy with work that is not taobot's, per server, where nvidia-smi says (null: no reading). */
  gpuAvailability: GpuAvailability;
  charts: RunCharts;
  /** Asks the reconciler for a pass soon. */
  kick(): void;
  readSpec(path: string): string;
  logger: Logger;
  /** The command list, for /help. */
  commands(): ReadonlyArray<CommandSpec<Services>>;
}

export type Command = CommandSpec<Services>;
