import { join } from 'node:path/posix';
import { describe, expect, it } from 'vitest';
import { type ContractContext, killHard } from './contract-kit.js';

const never = (c: ContractContext) => join(c.workdir, 'never-created');

export function cancelContract(context: () => ContractContext): void {
  describe('cancel', () => {
    it('ends the program with SIGTERM and records 128+15 when it stops on SIGTERM', async () => {
      const c = context();
      const argv = c.fake('fake-print.mjs', '--out', 'started', '--wait-for', never(c));
      const handle = await c.start(c.request('term', argv));
      await c.waitForText(handle.logFile, 'started');
      await c.executor.cancel(handle, { graceMs: 5_000 });
      expect(await c.executor.status(handle)).toEqual({ state: 'exited', exitCode: 143 });
    });

    it('kills the grandchild too when the program started one', async () => {
      const c = context();
      const pidFile = join(c.workdir, 'grandchild.pid');
      const handle = await c.start(c.request('tree', c.fake('fake-grandchild.mjs', pidFile)));
      const grandchild = Number(await c.waitForText(pidFile, '\n'));
      expect(await c.isAlive(grandchild)).toBe(true);
      await c.executor.cancel(handle, { graceMs: 5_000 });
      expect(await c.isAlive(grandchild)).toBe(false);
      expect(await c.executor.status(handle)).toEqual({ state: 'exited', exitCode: 143 });
    });

    it('resolves only once the group is empty when a grandchild ignores SIGTERM', async () => {
      const c = context();
      const pidFile = join(c.workdir, 'grandchild.pid');
      const handle = await c.start(
        c.request('stubborn', c.fake('fake-grandchild.mjs', pidFile, '--stubborn')),
      );
      const grandchild = Number(await c.waitForText(pidFile, '\n'));
      await c.executor.cancel(handle, { graceMs: 300 });
      expect(await c.isAlive(grandchild)).toBe(false);
      // The program itself stopped on SIGTERM, so its wrapper recorded that before the grandchild was killed.
      expect(await c.executor.status(handle)).toEqual({ state: 'exited', exitCode: 143 });
    });

    it('sends SIGKILL after the grace period when the program ignores SIGTERM', async () => {
      const c = context();
      const handle = await c.start(c.request('ignore', c.fake('fake-ignore-term.mjs')));
      await c.waitForText(handle.logFile, 'ready');
      const begun = Date.now();
      await c.executor.cancel(handle, { graceMs: 300 });
      expect(Date.now() - begun).toBeGreaterThanOrEqual(300);
      expect(await c.readText(handle.logFile)).toContain('SIGTERM ignored');
      const state = await c.executor.status(handle);
      expect(state.state).toBe('lost');
    });

    it('resolves at once and keeps the exit code when the program had already ended', async () => {
      const c = context();
      const handle = await c.start(c.request('done', c.fake('fake-print.mjs', '--code', '2')));
      await c.waitForState(handle, 'exited');
      await c.executor.cancel(handle);
      expect(await c.executor.status(handle)).toEqual({ state: 'exited', exitCode: 2 });
    });
  });

  describe('status after a hard kill', () => {
    it('reports lost with a reason when the whole group was killed before it could write an exit code', async () => {
      const c = context();
      const argv = c.fake('fake-print.mjs', '--out', 'started', '--wait-for', never(c));
      const handle = await c.start(c.request('lost', argv));
      await c.waitForText(handle.logFile, 'started');
      await killHard(c, handle);
      const lost = await c.waitForState(handle, 'lost');
      expect(lost.reason.length).toBeGreaterThan(10);
      expect(await c.readText(handle.exitFile)).toBeNull();
    });
  });
}
