import { appendRunEvent, getRun, transitionRun } from '../../db/repositories/runs.js';
import type { ProcessHandle } from '../../pipeline/executors/types.js';
import { isTerminal } from '../../pipeline/runs/run-state.js';
import { machinesFor, stepExecutor } from '../../pipeline/runs/start-run.js';
import { identityOf } from '../core/types.js';
import type { Command } from '../services.js';

export const cancelCommand: Command = {
  name: 'cancel',
  description: 'Cancel a queued or running run (stops its TAO process)',
  sideEffects: ['cancel', 'write'],
  options: [
    { name: 'id', type: 'integer', min: 1, positional: true, required: true, description: 'the run number' },
  ],
  async run({ request, options, reply, services }) {
    const id = options.id as number;
    const run = await getRun(services.db, id);
    if (!run) {
      await reply.ephemeral({ title: `/cancel: there is no run #${id}`, tone: 'warning' });
      return;
    }
    if (isTerminal(run.state)) {
      await reply.ephemeral({ title: `/cancel: run #${id} already ended (${run.state})`, tone: 'warning' });
      return;
    }
    // The state moves first (state-guarded): the reconciler then leaves the run alone, and the process it stops
    // cannot turn into a "failed" run.
    const moved = await transitionRun(
      services.db,
      id,
      'cancel',
      { finishedAt: new Date() },
      { by: identityOf(request.user) },
    );
    if (!moved.ok) {
      await reply.ephemeral({ title: `/cancel: ${moved.error}`, tone: 'warning' });
      return;
    }
    const server = services.config.servers.find((s) => s.name === run.server);
    let stopped = 'it had not started yet';
    const handle = run.processHandle as unknown as
      | (ProcessHandle & { step?: number; transfer?: true })
      | null;
    if (handle && server && !handle.transfer) {
      try {
        // The running step may be on the device (a deploy's engine build): stop it where it runs.
        const machines = await machinesFor(services, run);
        const executor = machines.ok
          ? stepExecutor(services, machines.value, handle.step ?? 0)
          : services.executorFor(server);
        await executor.cancel(handle);
        stopped = 'its process was stopped';
      } catch (error) {
        stopped = `stopping its process failed: ${error instanceof Error ? error.message : String(error)}`;
        await appendRunEvent(services.db, id, 'cancel_failed', { error: stopped });
      }
    }
    await reply.post({
      title: `Run #${id} cancelled`,
      tone: 'warning',
      lines: [`Cancelled by ${request.user.name ?? request.user.id}; ${stopped}.`],
    });
    services.kick();
  },
};
