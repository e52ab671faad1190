import { fileURLToPath } from 'node:url';
import { SIMULATOR } from '../../config/defaults.js';

const TAOBOT_BIN = fileURLToPath(new URL('../../../bin/taobot.js', import.meta.url));

/** True when a server's `tao` (or a device's tool) is taobot's built-in simulator. */
export const isSimulator = (command: string): boolean => command === SIMULATOR;

/**
 * The argv prefix that stands for a tool on a server: the simulator runs as `node bin/taobot.js tao-sim [tool]`;
 * a real tool is its command, split on spaces (`/opt/tao/bin/tao`, `docker exec tao tao`).
 */
export function launcherFor(command: string, tool?: 'trtexec' | 'tao-converter'): string[] {
  if (isSimulator(command)) return [process.execPath, TAOBOT_BIN, 'tao-sim', ...(tool ? [tool] : [])];
  return command.split(/\s+/).filter(Boolean);
}

/** Where a run keeps its files on the server: taobot's own next to TAO's `-r` results folder. */
export function runPaths(workdir: string, runId: number) {
  const root = `${workdir.replace(/\/+$/, '')}/run-${runId}`;
  return {
    root,
    spec: `${root}/spec.txt`,
    consoleLog: `${root}/console.log`,
    exitFile: `${root}/exit_code`,
    resultsDir: `${root}/results`,
  };
}
