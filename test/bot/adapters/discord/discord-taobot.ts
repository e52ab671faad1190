import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerDiscordCommands } from '../../../../src/bot/adapters/discord/register.js';
import { COMMANDS } from '../../../../src/bot/commands/index.js';
import { type Config, parseConfigText } from '../../../../src/config/index.js';
import { createLogger } from '../../../../src/logger.js';
import { startTaobot, type Taobot } from '../../../../src/main.js';
import type { DiscordEmulator } from '../../../emulators/discord/emulator.js';
import type { RecordedMessage } from '../../../emulators/discord/state.js';
import { SPECS_DIR } from '../../../helpers/taobot-process.js';

/** A taobot home whose only chat is Discord, on the emulator: temp data dir, the simulator as its GPU server. */
export interface DiscordHome {
  dir: string;
  config: Config;
}

export function makeDiscordHome(emulator: DiscordEmulator, options: { epochMs?: number } = {}): DiscordHome {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-discord-'));
  mkdirSync(join(dir, 'runs'), { recursive: true });
  const yaml = `dataDir: ${join(dir, 'data')}
chat:
  shell: false
  discord:
    token: ${emulator.token}
    applicationId: "${emulator.applicationId}"
    guildId: "${emulator.guildId}"
    apiUrl: ${emulator.apiUrl}
servers:
  - name: sim
    executor: local
    tao: builtin:simulator
    taoVersion: 5
    workdir: ${join(dir, 'runs')}
    gpus: 2
    env: { TAOBOT_SIM_EPOCH_MS: "${options.epochMs ?? 300}" }
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    key: test-key
    targetMap: 0.5
pipeline: { reconcileIntervalMs: 100 }
`;
  return { dir, config: parseConfigText(yaml, { env: {}, source: join(dir, 'taobot.yaml'), baseDir: dir }) };
}

/** Registers the commands (as `taobot discord-register` does) and starts taobot in this process. */
export async function startDiscordTaobot(home: DiscordHome): Promise<Taobot> {
  await registerDiscordCommands(home.config.chat.discord as NonNullable<Config['chat']['discord']>, COMMANDS);
  // The log goes to the home folder: a failing test's story is there.
  const logger = createLogger({ file: join(home.dir, 'taobot.log'), level: 'debug' });
  return startTaobot({ config: home.config, logger });
}

/** Readers of the emulator's recorded messages. */
export function messages(emulator: DiscordEmulator) {
  const { state } = emulator;
  const title = (m: RecordedMessage) => String(state.latest(m).embeds[0]?.title ?? '');
  const description = (m: RecordedMessage) => String(state.latest(m).embeds[0]?.description ?? '');
  return {
    title,
    description,
    /** Bot messages of a channel whose first embed's title matches. */
    titled(channelId: string, pattern: RegExp) {
      return state.channelMessages(channelId).filter((m) => !m.interactionId && pattern.test(title(m)));
    },
    /** The run's status message: the one whose title is `… Run #N · train … · <state>`. */
    status(channelId: string, runId: number) {
      return this.titled(channelId, new RegExp(`Run #${runId} · train ssd_resnet18 · `))[0];
    },
    /** The epoch shown by each version of a message (`epoch k/N` in its description). */
    epochs(message: RecordedMessage) {
      return message.versions.map((v) =>
        Number(/epoch (\d+)\//.exec(String(v.embeds[0]?.description))?.[1] ?? -1),
      );
    },
  };
}
