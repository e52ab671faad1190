/**
 * One side of the Discord defer benchmark, as its own process so each bot has an event loop to itself, as it
 * would in production:
 *
 *   node bin/run-ts.js bench/discord-defer-app.ts bare     a discord.js client that only defers (DISCORD_TOKEN,
 *                                                          DISCORD_API_URL)
 *   node bin/run-ts.js bench/discord-defer-app.ts taobot   taobot itself on TAOBOT_CONFIG
 *
 * Prints `ready` once its gateway session is ready; stops cleanly on SIGTERM.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/logger.js';
import { startTaobot } from '../src/main.js';

async function startBare(): Promise<() => Promise<void>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: process.env.DISCORD_API_URL, retries: 0 },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) {
      // The same ack taobot sends: a private "thinking…".
      interaction.deferReply({ flags: MessageFlags.Ephemeral }).catch(() => undefined);
    }
  });
  const ready = once(client, Events.ClientReady);
  await client.login(process.env.DISCORD_TOKEN);
  await ready;
  return () => client.destroy();
}

async function startTaobotApp(): Promise<() => Promise<void>> {
  const config = loadConfig();
  const taobot = await startTaobot({
    config,
    logger: createLogger({ file: join(config.dataDir, 'taobot.log') }),
  });
  return () => taobot.stop();
}

const mode = process.argv[2];
if (mode !== 'bare' && mode !== 'taobot') {
  process.stderr.write('usage: discord-defer-app.ts bare|taobot\n');
  process.exit(2);
}
const stop = await (mode === 'bare' ? startBare() : startTaobotApp());
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
