import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText } from '../../../../src/config/index.js';
import { createLogger } from '../../../../src/logger.js';
import { startTaobot, type Taobot } from '../../../../src/main.js';
import { waitFor } from '../../../contracts/wait-for.js';
import type { SlackEmulator } from '../../../emulators/slack/emulator.js';
import { GENERAL } from '../../../emulators/slack/payloads.js';
import { blocksText, currentContent, type StoredMessage } from '../../../emulators/slack/store.js';
import { SPECS_DIR } from '../../../helpers/taobot-process.js';

export const SIGNING_SECRET = 'emulated-signing-secret';

/** A port nobody listens on right now, for Bolt's HTTP receiver (the configuration wants a fixed one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface SlackTaobotHome {
  dir: string;
  configText: string;
}

/** A throwaway taobot home wired to the emulator: Socket Mode, or HTTP mode on `port`; the simulator as GPU server. */
export function makeSlackHome(
  emulator: SlackEmulator,
  options: { mode: 'socket' | 'http'; port?: number; epochMs?: number },
): SlackTaobotHome {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-slack-'));
  mkdirSync(join(dir, 'runs'), { recursive: true });
  const slack =
    options.mode === 'socket'
      ? { botToken: emulator.botToken, appToken: emulator.appToken, apiUrl: emulator.apiUrl }
      : {
          botToken: emulator.botToken,
          signingSecret: SIGNING_SECRET,
          apiUrl: emulator.apiUrl,
          port: options.port,
        };
  const configText = `dataDir: ${join(dir, 'data')}
chat:
  shell: false
  slack: ${JSON.stringify(slack)}
servers:
  - name: sim
    executor: local
    tao: builtin:simulator
    taoVersion: 5
    workdir: ${join(dir, 'runs')}
    gpus: 2
    env: ${JSON.stringify({ TAOBOT_SIM_EPOCH_MS: String(options.epochMs ?? 300) })}
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    key: test-key
    targetMap: 0.5
pipeline: { reconcileIntervalMs: 100 }
`;
  return { dir, configText };
}

/** Starts taobot in this process on a home; its log goes to `taobot-<n>.log` in the home, for post-mortems. */
export async function startSlackTaobot(home: SlackTaobotHome, instance = 1): Promise<Taobot> {
  const config = parseConfigText(home.configText, {
    source: join(home.dir, 'taobot.yaml'),
    baseDir: home.dir,
  });
  const logger = createLogger({ file: join(home.dir, `taobot-${instance}.log`), level: 'debug' });
  return startTaobot({ config, logger });
}

/** The run's status message: the first top-level message in #general whose header names the run. */
export const statusMessage = (emulator: SlackEmulator, runId = 1) =>
  emulator.store.channel(GENERAL.id).find((m) => blocksText(m.blocks).includes(`Run #${runId} · train`));

export const textOf = (message: StoredMessage) => blocksText(currentContent(message).blocks);

/** Every epoch count the status message showed, posted and edited, in order. */
export function epochsShown(message: StoredMessage): number[] {
  return [message.blocks, ...message.edits.map((e) => e.blocks)].map((blocks) => {
    const match = /epoch (\d+)\/\d+/.exec(blocksText(blocks));
    return match ? Number(match[1]) : -1;
  });
}

/** Waits until the run's thread holds the best-checkpoint card and the run's final status is on its message. */
export async function waitForFinishedRun(emulator: SlackEmulator, timeoutMs = 90_000) {
  return waitFor(
    'the best-checkpoint card in the run thread and the final status',
    () => {
      const status = statusMessage(emulator);
      if (!status) return undefined;
      const finished = emulator.store
        .thread(GENERAL.id, status.ts)
        .find((m) => /Run #1 · train ssd_resnet18 finished/.test(blocksText(m.blocks)));
      if (!finished || !/succeeded/.test(textOf(status))) return undefined;
      return { status, finished };
    },
    { timeoutMs, intervalMs: 50 },
  );
}
