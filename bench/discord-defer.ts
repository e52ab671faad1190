/**
 * Interaction defer latency on Discord: taobot against a bare discord.js client that only defers, both connected
 * to the same Discord emulator in the same run, each in its own process. The latency is the emulator's: from
 * handing the INTERACTION_CREATE to the gateway to receiving the deferred callback, which is what Discord's
 * 3-second clock measures. taobot gets a command that does real work after its defer (`/train … dry-run`: read
 * the spec, plan, answer privately), and the next burst waits until taobot answered them all. Bursts of the two
 * bots alternate, so a busy machine slows both alike; read the ratio, not the absolute numbers.
 *
 * Run: `node bin/run-ts.js bench/discord-defer.ts`
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerDiscordCommands } from '../src/bot/adapters/discord/register.js';
import { COMMANDS as TAOBOT_COMMANDS } from '../src/bot/commands/index.js';
import { type DiscordEmulator, startDiscordEmulator } from '../test/emulators/discord/emulator.js';
import type { RecordedInteraction } from '../test/emulators/discord/state.js';
import { startBenchApp } from './bench-app.js';
import { percentile } from './stats.js';

const CONCURRENT = 50;
const ROUNDS = 4;
const COMMAND = { name: 'train', options: { model: 'ssd_resnet18', epochs: 6, 'dry-run': true } };
const BARE = { token: 'emu-bare-baseline-token', applicationId: '100000000000000002' };
const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Bot = 'bare' | 'taobot';

export async function runDiscordDeferBench(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'taobot-discord-bench-'));
  const emulator = await startDiscordEmulator();
  emulator.addBot(BARE.token, BARE.applicationId);
  const children: Array<ReturnType<typeof startBot>> = [];
  try {
    const guild = { apiUrl: emulator.apiUrl, guildId: emulator.guildId };
    await registerDiscordCommands(
      { ...guild, token: emulator.token, applicationId: emulator.applicationId },
      TAOBOT_COMMANDS,
    );
    await registerDiscordCommands({ ...guild, ...BARE }, TAOBOT_COMMANDS);
    children.push(startBot('bare', emulator, home), startBot('taobot', emulator, home));
    await Promise.all(children.map((child) => child.ready));
    const applicationId = (bot: Bot) => (bot === 'bare' ? BARE.applicationId : emulator.applicationId);

    const burst = async (bot: Bot): Promise<number[]> => {
      const sent: RecordedInteraction[] = [];
      for (let i = 0; i < CONCURRENT; i++) {
        sent.push(emulator.injectSlashCommand({ ...COMMAND, applicationId: applicationId(bot) }));
      }
      await emulator.state.until(
        `${bot}: ${CONCURRENT} defers`,
        () => (sent.every((s) => s.callbacks[0]) ? true : undefined),
        60_000,
      );
      // taobot's work after the defers must be done before the other bot's turn, or it would slow the baseline.
      if (bot === 'taobot') {
        await emulator.state.until(
          'taobot: every answer',
          () => (sent.every((s) => answered(emulator, s)) ? true : undefined),
          120_000,
        );
      }
      return sent.map((s) => (s.callbacks[0]?.at ?? Number.NaN) - s.injectedAt);
    };

    for (const bot of ['bare', 'taobot'] as const) await burst(bot);
    const results: Record<Bot, number[]> = { bare: [], taobot: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const bot of ['bare', 'taobot'] as const) results[bot].push(...(await burst(bot)));
    }
    return formatReport(results);
  } finally {
    for (const child of children) child.process.kill('SIGTERM');
    await Promise.all(children.map((child) => child.process.catch(() => undefined)));
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function answered(emulator: DiscordEmulator, interaction: RecordedInteraction): boolean {
  const original = interaction.originalId ? emulator.state.messages.get(interaction.originalId) : undefined;
  return original !== undefined && !original.deferred;
}

function startBot(bot: Bot, emulator: DiscordEmulator, home: string) {
  const env: Record<string, string> = { NODE_ENV: 'production', PATH: process.env.PATH ?? '' };
  if (bot === 'bare') Object.assign(env, { DISCORD_TOKEN: BARE.token, DISCORD_API_URL: emulator.apiUrl });
  else env.TAOBOT_CONFIG = writeTaobotConfig(emulator, home);
  return startBenchApp('discord-defer-app.ts', [bot], env, `${bot} bot`);
}

function writeTaobotConfig(emulator: DiscordEmulator, home: string): string {
  mkdirSync(join(home, 'runs'), { recursive: true });
  const path = join(home, 'taobot.yaml');
  const discord = {
    token: emulator.token,
    applicationId: emulator.applicationId,
    guildId: emulator.guildId,
    apiUrl: emulator.apiUrl,
  };
  writeFileSync(
    path,
    `dataDir: ${join(home, 'data')}
chat:
  shell: false
  discord: ${JSON.stringify(discord)}
servers:
  - { name: sim, executor: local, tao: "builtin:simulator", taoVersion: 5, workdir: ${join(home, 'runs')}, gpus: 2 }
models:
  ssd_resnet18: { network: ssd, spec: ${join(ROOT, 'specs/ssd_train_resnet18_kitti.txt')}, key: bench }
`,
  );
  return path;
}

function formatReport(results: Record<Bot, number[]>): string {
  const ms = (n: number) => n.toFixed(2).padStart(8);
  const lines = [
    'Discord interaction defer latency, gateway, one emulator (ms from INTERACTION_CREATE sent to defer received)',
    `command: /train model:ssd_resnet18 epochs:6 dry-run:True (taobot plans the run and answers privately after its defer)`,
    `${CONCURRENT} interactions sent at once, ${ROUNDS} bursts per bot, alternating`,
    '',
    `${'bot'.padEnd(8)}${'n'.padStart(5)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`,
  ];
  for (const bot of ['bare', 'taobot'] as const) {
    const values = results[bot];
    lines.push(
      `${bot.padEnd(8)}${String(values.length).padStart(5)}${ms(percentile(values, 50))}${ms(percentile(values, 99))}${ms(Math.max(...values))}`,
    );
  }
  const ratio = (p: number) => (percentile(results.taobot, p) / percentile(results.bare, p)).toFixed(2);
  lines.push('', `taobot / bare: p50 ${ratio(50)}x, p99 ${ratio(99)}x (Discord's limit: 3000 ms)`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await runDiscordDeferBench()}\n`);
}
