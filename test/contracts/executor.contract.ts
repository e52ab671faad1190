import { describe } from 'vitest';
import {
  type ExecutorContractOptions,
  type MakeExecutor,
  type MakeWorkdir,
  useContractContext,
} from './contract-kit.js';
import { cancelContract } from './executor-cancel.contract.js';
import { filesContract } from './executor-files.contract.js';
import { lifecycleContract } from './executor-lifecycle.contract.js';
import { restartContract } from './executor-restart.contract.js';

export type { ExecutorContractOptions, MakeExecutor, MakeWorkdir } from './contract-kit.js';

/**
 * The behaviour every executor (local, SSH, Slurm) must show, run against real processes started from the
 * fixture programs in test/fixtures/bin: start and status, exit codes, argv and env passed verbatim, the log file,
 * following a growing file by offsets, cancel with SIGTERM then SIGKILL down to grandchildren, a hard kill seen
 * as `lost`, runs outliving the process that started them, and the file operations.
 *
 * @param name shown in the test names
 * @param makeExecutor builds the executor under test (once per test)
 * @param makeWorkdir gives a fresh, empty folder on the executor's host (once per test)
 */
export function executorContract(
  name: string,
  makeExecutor: MakeExecutor,
  makeWorkdir: MakeWorkdir,
  options: ExecutorContractOptions = {},
): void {
  describe(`executor contract: ${name}`, () => {
    const context = useContractContext(makeExecutor, makeWorkdir, options);
    lifecycleContract(context);
    cancelContract(context);
    restartContract(context);
    filesContract(context);
  });
}
