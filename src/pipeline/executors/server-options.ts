import type { DeviceConfig, ServerConfig } from '../../config/index.js';
import type { ExecutorOptions } from './index.js';
import type { ExecutorLogger } from './logger.js';
import type { HostHealth } from './types.js';

export interface ExecutorExtras {
  logger?: ExecutorLogger;
  /** Told when the host becomes unreachable and when it answers again. */
  onHealthChange?: (health: HostHealth, host: string) => void;
  /** Where ssh keeps its ControlMaster sockets (default: a private folder under the system's temp folder). */
  controlDir?: string;
}

/**
 * The options `createExecutor` needs for a configured server or Jetson device: its connection settings (host,
 * port, key, ssh options) and, for Slurm, its partition and sbatch options. A device is always reached over ssh
 * when it has a host.
 *
 * @example
 * createExecutor(server.executor, executorOptionsFor(server, { logger }));
 * createExecutor('ssh', executorOptionsFor(device, { logger }));
 */
export function executorOptionsFor(
  entry: ServerConfig | DeviceConfig,
  extras: ExecutorExtras = {},
): ExecutorOptions {
  const server = 'executor' in entry ? entry : null;
  return {
    ...(extras.logger ? { logger: extras.logger } : {}),
    ...(extras.onHealthChange ? { onHealthChange: extras.onHealthChange } : {}),
    ...(extras.controlDir ? { controlDir: extras.controlDir } : {}),
    ...(entry.host && server?.executor !== 'local' ? { host: entry.host } : {}),
    ...(entry.port !== undefined ? { port: entry.port } : {}),
    ...(entry.identityFile ? { identityFile: entry.identityFile } : {}),
    ...(entry.sshOptions.length > 0 ? { sshOptions: entry.sshOptions } : {}),
    ...(server?.partition ? { partition: server.partition } : {}),
    ...(server && server.sbatchOptions.length > 0 ? { sbatchOptions: server.sbatchOptions } : {}),
  };
}
