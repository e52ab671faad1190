import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { SshExecutorOptions } from '../../src/pipeline/executors/ssh.js';
import { serviceAvailable } from './services.js';

/**
 * The sshd and Slurm services `.ci/services/start.sh` starts on 127.0.0.1, found through the env file it writes
 * (`$CI_SVC_DIR/env.sh`, by default /tmp/ci-services/env.sh). Each getter returns the connection details, or null
 * after logging why the suite skips (and throws under TAOBOT_TEST_REQUIRE_ALL=1).
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const servicesDir = join(repoRoot, '.ci', 'services');
const START_HINT =
  'start them as root with .ci/services/start.sh (it installs and starts sshd and Slurm on 127.0.0.1)';

/** What the far side of the services sees: the repository, Node.js and the simulator installed as tools. */
export interface RemoteSide {
  /** The repository as the test users can read it. */
  repo: string;
  /** test/fixtures/bin in that repository. */
  binDir: string;
  node: string;
  /** The GPU user's `tao` (the simulator), to configure as a server's `tao`. */
  tao: string;
  /** The Jetson user's `trtexec` (the simulator). */
  trtexec: string;
}

export interface SshHost {
  user: string;
  port: number;
  /** Options for `createSshExecutor` (and `createExecutor('ssh', …)`): plain JSON. */
  options: SshExecutorOptions;
}

export interface SshServices extends RemoteSide {
  gpu: SshHost;
  jetson: SshHost;
  /** The GPU user behind a door of its own, which the chaos test closes and opens again. */
  chaos: SshHost;
  /** Stops or starts an sshd instance (`.ci/services/sshd-ctl.sh`) with the same state folder. */
  sshdCtl(action: 'start' | 'stop', instance: 'gpu' | 'jetson' | 'chaos'): Promise<void>;
}

export interface SlurmServices extends RemoteSide {
  partition: string;
  gpus: number;
  slurmConf: string;
}

function envFilePath(): string {
  return join(process.env.CI_SVC_DIR ?? '/tmp/ci-services', 'env.sh');
}

/** The `export KEY='value'` lines of the env file (values never hold a quote), or null when there is none. */
export function readServicesEnv(path = envFilePath()): Record<string, string> | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export ([A-Z_][A-Z0-9_]*)='([^']*)'$/gm)) {
    env[match[1] as string] = match[2] as string;
  }
  return env;
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

function remoteSide(env: Record<string, string>): RemoteSide {
  const repo = env.CI_REMOTE_REPO as string;
  return {
    repo,
    binDir: `${repo}/test/fixtures/bin`,
    node: env.CI_REMOTE_NODE as string,
    tao: env.CI_TAO_GPU as string,
    trtexec: env.CI_TRTEXEC_JETSON as string,
  };
}

function sshHost(
  env: Record<string, string>,
  which: 'GPU' | 'JETSON' | 'CHAOS',
  controlDir: string,
): SshHost {
  const user = env[`CI_SSH_${which === 'CHAOS' ? 'GPU' : which}_USER`] as string;
  const port = Number(env[`CI_SSH_${which}_PORT`]);
  return {
    user,
    port,
    options: {
      host: `${user}@${env.CI_SSH_HOST}`,
      port,
      identityFile: env.CI_SSH_KEY as string,
      knownHostsFile: env.CI_SSH_KNOWN_HOSTS as string,
      sshOptions: ['StrictHostKeyChecking=yes'],
      controlDir,
    },
  };
}

/** The two sshd instances (GPU server, Jetson), or null with the reason logged. */
export async function sshServices(controlDir: string): Promise<SshServices | null> {
  const env = readServicesEnv();
  const ready =
    env?.CI_SSH === '1' &&
    (await listening(Number(env.CI_SSH_GPU_PORT))) &&
    (await listening(Number(env.CI_SSH_JETSON_PORT)));
  // The chaos sshd (CI_SSH_CHAOS_PORT) is not checked here: the chaos suite stops it for 20 s on purpose, and
  // suites running beside it must not mistake that for missing services.
  if (
    !serviceAvailable('sshd', { available: Boolean(ready), hint: `no test sshd on 127.0.0.1; ${START_HINT}` })
  ) {
    return null;
  }
  const found = env as Record<string, string>;
  return {
    ...remoteSide(found),
    gpu: sshHost(found, 'GPU', controlDir),
    jetson: sshHost(found, 'JETSON', controlDir),
    chaos: sshHost(found, 'CHAOS', controlDir),
    async sshdCtl(action, instance) {
      await execa('bash', [join(servicesDir, 'sshd-ctl.sh'), action, instance], {
        env: found,
        timeout: 30_000,
      });
    },
  };
}

/** The single-node Slurm (with the GPU sshd as its login node), or null with the reason logged. */
export async function slurmServices(): Promise<SlurmServices | null> {
  const env = readServicesEnv();
  const ping =
    env?.CI_SLURM === '1'
      ? await execa('scontrol', ['ping'], {
          reject: false,
          env: { SLURM_CONF: env.SLURM_CONF },
          timeout: 10_000,
        })
      : null;
  const ready = ping !== null && ping.exitCode === 0 && /is UP/.test(String(ping.stdout));
  if (
    !serviceAvailable('Slurm', {
      available: ready,
      hint: `no test Slurm answers scontrol ping; ${START_HINT}`,
    })
  ) {
    return null;
  }
  const found = env as Record<string, string>;
  return {
    ...remoteSide(found),
    partition: found.CI_SLURM_PARTITION as string,
    gpus: Number(found.CI_SLURM_GPUS),
    slurmConf: found.SLURM_CONF as string,
  };
}
