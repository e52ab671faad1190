import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { HostUnreachableError } from '../../../src/pipeline/executors/backoff.js';
import { createSshExecutor, type SshExecutor } from '../../../src/pipeline/executors/ssh.js';
import type { HostHealth, ProcessHandle } from '../../../src/pipeline/executors/types.js';
import { executorContract } from '../../contracts/executor.contract.js';
import { waitFor } from '../../contracts/wait-for.js';
import { sshServices } from '../../helpers/remote-services.js';

/** A port nothing listens on: one the system just handed out and that was closed again. */
const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

// A short folder: ControlMaster sockets live in it, and unix socket paths are limited to about 104 bytes.
const controlDir = await mkdtemp('/tmp/tb-ssh-');
const services = await sshServices(controlDir);

const opened: SshExecutor[] = [];
const remoteDirs: Array<[SshExecutor, string]> = [];

afterAll(async () => {
  for (const [executor, dir] of remoteDirs) await executor.exec(['rm', '-rf', dir]);
  for (const executor of opened) await executor.close();
  await rm(controlDir, { recursive: true, force: true });
});

if (services) {
  const gpu = services.gpu;
  const makeExecutor = () => {
    const executor = createSshExecutor(gpu.options);
    opened.push(executor);
    return executor;
  };
  const freshRemoteDir = async (): Promise<string> => {
    const executor = makeExecutor();
    const made = await executor.exec(['mktemp', '-d', '/tmp/taobot-ssh-test-XXXXXX']);
    if (made.exitCode !== 0) throw new Error(`mktemp failed on the test host: ${made.stderr}`);
    const dir = made.stdout.trim();
    remoteDirs.push([executor, dir]);
    return dir;
  };

  executorContract('ssh (real sshd on 127.0.0.1)', makeExecutor, freshRemoteDir, {
    factoryOptions: { ...gpu.options },
    binDir: services.binDir,
    node: services.node,
  });

  describe('createSshExecutor on a real sshd', () => {
    const fake = (script: string, ...args: string[]) => [
      services.node,
      `${services.binDir}/${script}`,
      ...args,
    ];
    const exited = async (executor: SshExecutor, handle: ProcessHandle) =>
      waitFor('the run to end', async () => {
        const state = await executor.status(handle);
        return state.state === 'running' ? undefined : state;
      });

    it('runs the program as the remote user, as leader of a session of its own', async () => {
      const executor = makeExecutor();
      const dir = await freshRemoteDir();
      const release = `${dir}/release`;
      const handle = await executor.start({
        argv: fake('fake-print.mjs', '--env', 'USER', '--wait-for', release),
        cwd: dir,
        logFile: `${dir}/run.log`,
        exitFile: `${dir}/exit-code`,
      });
      expect(handle).toMatchObject({ executor: 'ssh', host: `${gpu.options.host}:${gpu.port}` });
      const ids = await executor.exec(['ps', '-o', 'sid=,pgid=', '-p', String(handle.pid)]);
      expect(ids.stdout.trim().split(/\s+/).map(Number)).toEqual([handle.pid, handle.pid]);
      await executor.write(release, '');
      expect(await exited(executor, handle)).toEqual({ state: 'exited', exitCode: 0 });
      expect((await executor.read(handle.logFile, 0, 100))?.data.toString()).toBe(`USER=${gpu.user}\n`);
    });

    it('sends every command over one connection, unless the user turns multiplexing off', async () => {
      // The login shell's parent is the sshd process of the connection the command came in on.
      const sshdOf = async (executor: SshExecutor) => {
        const result = await executor.exec(['sh', '-c', 'ps -o ppid= -p "$PPID"']);
        return result.stdout.trim();
      };
      const shared = makeExecutor();
      const viaMaster = new Set<string>();
      for (let i = 0; i < 5; i += 1) viaMaster.add(await sshdOf(shared));
      expect(viaMaster.size).toBe(1);
      const separate = createSshExecutor({
        ...gpu.options,
        sshOptions: ['ControlMaster=no', 'ControlPath=none'],
      });
      opened.push(separate);
      const direct = new Set<string>();
      for (let i = 0; i < 3; i += 1) direct.add(await sshdOf(separate));
      expect(direct.size).toBe(3);
    });

    it('resolves relative paths against the remote home when the request has relative ones', async () => {
      const executor = makeExecutor();
      const dir = await freshRemoteDir();
      const name = dir.split('/').pop() as string;
      const handle = await executor.start({
        argv: fake('fake-argv.mjs', 'argv.json', 'here'),
        cwd: `${dir}/cwd`,
        logFile: `taobot-test-logs/${name}/run.log`,
        exitFile: `taobot-test-logs/${name}/exit-code`,
      });
      expect(await exited(executor, handle)).toEqual({ state: 'exited', exitCode: 0 });
      const home = (await executor.exec(['sh', '-c', 'printf %s "$HOME"'])).stdout;
      expect(
        (await executor.read(`${home}/taobot-test-logs/${name}/exit-code`, 0, 10))?.data.toString(),
      ).toBe('0\n');
      expect((await executor.read(`${dir}/cwd/argv.json`, 0, 100))?.data.toString()).toBe('["here"]');
      await executor.exec(['rm', '-rf', `${home}/taobot-test-logs`]);
    });

    it('returns 124 and ends the command on the host when exec runs past timeoutMs', async () => {
      const executor = makeExecutor();
      const dir = await freshRemoteDir();
      const pidFile = `${dir}/pid`;
      const begun = Date.now();
      const script = 'echo "$$" > "$1"; exec sleep 30';
      const result = await executor.exec(['sh', '-c', script, 'slow', pidFile], { timeoutMs: 300 });
      expect(result.exitCode).toBe(124);
      expect(Date.now() - begun).toBeLessThan(10_000);
      const pid = (await executor.read(pidFile, 0, 20))?.data.toString().trim() ?? '';
      const alive = await executor.exec(fake('proc-tool.mjs', 'alive', pid));
      expect(alive.stdout).toBe('gone\n');
    });

    it('reports the host unreachable once, then fails fast while it backs off, when nothing listens', async () => {
      const changes: HostHealth[] = [];
      const executor = createSshExecutor({
        ...gpu.options,
        port: await closedPort(),
        onHealthChange: (health) => changes.push(health),
      });
      const first = await executor.exec(['true']).catch((error: unknown) => error);
      expect(first).toBeInstanceOf(HostUnreachableError);
      expect((first as HostUnreachableError).message).toMatch(/Connection refused/);
      const second = await executor.exec(['true']).catch((error: unknown) => error);
      expect((second as HostUnreachableError).health.failures).toBe(1);
      expect(changes).toEqual([expect.objectContaining({ state: 'unreachable', failures: 1 })]);
      expect(executor.health().state).toBe('unreachable');
    });

    it("says why when the host refuses the user's key", async () => {
      const executor = createSshExecutor({ ...gpu.options, port: services.jetson.port });
      await expect(executor.list('/tmp')).rejects.toThrow(/Permission denied/);
    });

    it('refuses a handle of another host, so a cancel never signals a stranger', async () => {
      const executor = makeExecutor();
      const handle: ProcessHandle = {
        executor: 'ssh',
        pid: 4242,
        host: 'ml@elsewhere',
        exitFile: '/x',
        logFile: '/y',
        startedAt: '',
      };
      await expect(executor.cancel(handle)).rejects.toThrow(/started on another host/);
    });
  });
} else {
  describe('ssh executor on a real sshd', () => {
    it.skip('needs the test sshd (.ci/services/start.sh)', () => {
      expect(services).not.toBeNull();
    });
  });
}
