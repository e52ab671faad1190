/**
 * One side of the Slack ack benchmark, as its own process so each app has an event loop to itself, as it would
 * in production:
 *
 *   node bin/run-ts.js bench/slack-ack-app.ts bare     a Bolt app that only acks (SLACK_BOT_TOKEN,
 *                                                      SLACK_APP_TOKEN, SLACK_API_URL)
 *   node bin/run-ts.js bench/slack-ack-app.ts adapter  taobot's Slack adapter with handlers that do nothing
 *                                                      (same variables): the adapter's own cost
 *   node bin/run-ts.js bench/slack-ack-app.ts taobot   taobot itself on TAOBOT_CONFIG
 *
 * Prints `ready` once connected; stops cleanly on SIGTERM.
 */

import { join } from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import { createSlackAdapter } from '../src/bot/adapters/slack/slack-adapter.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/logger.js';
import { startTaobot } from '../src/main.js';

async function startBare(): Promise<() => Promise<void>> {
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    appToken: process.env.SLACK_APP_TOKEN,
    socketMode: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
  });
  app.command(/^\/[\w-]+$/, async ({ ack }) => {
    await ack();
  });
  await app.start();
  return async () => {
    await app.stop();
  };
}

async function startAdapter(): Promise<() => Promise<void>> {
  const adapter = createSlackAdapter(
    {
      botToken: process.env.SLACK_BOT_TOKEN ?? '',
      appToken: process.env.SLACK_APP_TOKEN,
      apiUrl: process.env.SLACK_API_URL,
      port: 3000,
    },
    createLogger({ level: 'error' }),
  );
  await adapter.start({ command: async () => {}, click: async () => {} });
  return () => adapter.stop();
}

async function startTaobotApp(): Promise<() => Promise<void>> {
  const config = loadConfig();
  const taobot = await startTaobot({
    config,
    logger: createLogger({ file: join(config.dataDir, 'taobot.log') }),
  });
  return () => taobot.stop();
}

const starters: Record<string, () => Promise<() => Promise<void>>> = {
  bare: startBare,
  adapter: startAdapter,
  taobot: startTaobotApp,
};
const start = starters[process.argv[2] ?? ''];
if (!start) {
  process.stderr.write('usage: slack-ack-app.ts bare|adapter|taobot\n');
  process.exit(2);
}
const stop = await start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
