import { runPaths } from '../runs/launcher.js';

/**
 * The log and exit files of a run's step on its server or device. Step 0 keeps the names a one-step run has
 * always had (`console.log`, `exit_code`), so a training run's console is where the follower expects it.
 */
export function stepFiles(
  workdir: string,
  runId: number,
  step: number,
): { logFile: string; exitFile: string } {
  const paths = runPaths(workdir, runId);
  if (step === 0) return { logFile: paths.consoleLog, exitFile: paths.exitFile };
  return { logFile: `${paths.root}/step-${step}.log`, exitFile: `${paths.root}/step-${step}.exit` };
}
