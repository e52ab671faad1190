import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, REST } from 'discord.js';
import type { Logger } from 'pino';
import type { ChatAdapter } from '../../core/types.js';
import { createAckGate } from './ack-gate.js';
import { handleInteraction } from './interactions.js';
import { restOptions } from './rest-options.js';
import { createDiscordSink } from './sink.js';
import type { DiscordAdapterOptions, DiscordConfig } from './types.js';

/**
 * The Discord adapter on discord.js 14: slash commands and button clicks arrive over the gateway and are deferred
 * at once; cards go out over REST. The sink has its own REST client, usable before the gateway is up and after
 * it closes, so the reconciler's edits never wait on the gateway. Only the Guilds intent is asked for:
 * interactions need no privileged intent.
 *
 * @example
 * const adapter = createDiscordAdapter(config.chat.discord, logger.child({ component: 'discord' }));
 * await adapter.start(handlers);
 */
export function createDiscordAdapter(
  config: DiscordConfig,
  logger: Logger,
  options: DiscordAdapterOptions = {},
): ChatAdapter {
  const rest = new REST(restOptions(config, options.restRetries)).setToken(config.token);
  const sink = createDiscordSink(rest, logger);
  const inFlight = new Set<Promise<void>>();
  const acks = createAckGate();
  let client: Client | null = null;

  return {
    platform: 'discord',
    sink,
    async start(handlers) {
      const discord = new Client({
        intents: [GatewayIntentBits.Guilds],
        rest: restOptions(config, options.restRetries),
      });
      client = discord;
      discord.rest.on('rateLimited', (info) => options.onRateLimitWait?.(info.retryAfter / 1000));
      discord.on(Events.InteractionCreate, (interaction) => {
        const task = handleInteraction(interaction, { handlers, sink, logger, acks }).finally(() =>
          inFlight.delete(task),
        );
        inFlight.add(task);
      });
      discord.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
      discord.on(Events.ShardDisconnect, (event) =>
        logger.warn({ code: event.code }, 'gateway disconnected'),
      );
      discord.on(Events.ShardResume, (_shard, replayed) => logger.info({ replayed }, 'gateway resumed'));
      const ready = once(discord, Events.ClientReady);
      await discord.login(config.token);
      await ready;
      logger.info({ user: discord.user?.tag, guilds: discord.guilds.cache.size }, 'discord ready');
    },
    async stop() {
      // Commands already deferred finish their answer before the client goes, within a bound.
      const timer = new AbortController();
      const timeout = delay(options.drainTimeoutMs ?? 10_000, 'timeout' as const, {
        signal: timer.signal,
      }).catch(() => 'drained' as const);
      const drained = await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      timer.abort();
      if (drained === 'timeout')
        logger.warn({ pending: inFlight.size }, 'stopping with interactions still being handled');
      await client?.destroy();
      client = null;
    },
  };
}
