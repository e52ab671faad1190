import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorContext } from './context.js';
import { createGateway } from './gateway.js';
import { createSnowflakes, EMU } from './ids.js';
import { type ClickInput, createInjector, type SlashInput } from './inject.js';
import { createRestHandler } from './rest.js';
import { EmulatorState, type RecordedInteraction } from './state.js';

/**
 * A local Discord (REST + gateway) on 127.0.0.1, so the real discord.js runs unchanged in tests: point a client's
 * `rest.api` at `apiUrl`, log in with `token`, then inject slash commands and button clicks and wait on the
 * recorded state (messages with their edit history and attachments, interaction callbacks with their timing,
 * registered commands).
 *
 * @example
 * const discord = await startDiscordEmulator();
 * const click = discord.injectSlashCommand({ name: 'runs' });
 * await discord.state.until('a defer', () => click.callbacks[0]);
 */
export interface DiscordEmulator {
  /** The REST base for discord.js's `rest.api` and taobot's `chat.discord.apiUrl`. */
  apiUrl: string;
  token: string;
  applicationId: string;
  guildId: string;
  /** A text channel where threads may be started. */
  channelId: string;
  /** A text channel where the bot lacks the permission to start threads. */
  noThreadsChannelId: string;
  userId: string;
  state: EmulatorState;
  /** Adds another bot (its own token and application) that may connect to the same emulator. */
  addBot(token: string, applicationId: string): void;
  /** Types a registered slash command (its options are typed and checked against the registration). */
  injectSlashCommand(options: SlashInput): RecordedInteraction;
  /** Clicks a button of a message: Discord only sends custom ids that are on the message, unless forged. */
  injectButtonClick(options: ClickInput): RecordedInteraction;
  /** Closes the bots' gateway sockets (close code 4000 by default, which discord.js answers with a RESUME). */
  dropGateway(options?: { code?: number; abrupt?: boolean }): void;
  gatewayConnected(applicationId?: string): boolean;
  /** The next `times` requests matching method and path get 429 with `Retry-After`. */
  rateLimit(method: string, path: RegExp, times: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

export async function startDiscordEmulator(
  options: { callbackDeadlineMs?: number; tokenTtlMs?: number; heartbeatIntervalMs?: number } = {},
): Promise<DiscordEmulator> {
  const state = new EmulatorState();
  const nextId = createSnowflakes();
  const token = `emu-token-${randomBytes(6).toString('hex')}`;
  const bots = new Map<string, string>([[token, EMU.applicationId]]);
  for (const [id, name, threads] of [
    [EMU.channelId, 'general', true],
    [EMU.noThreadsChannelId, 'no-threads', false],
  ] as const) {
    state.channels.set(id, { id, type: 0, name, guildId: EMU.guildId, threads });
  }
  let baseUrl = '';
  const server = createServer();
  const gateway = createGateway({
    server,
    state,
    bots,
    guildId: EMU.guildId,
    url: () => `${baseUrl.replace(/^http/, 'ws')}/gateway`,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
  });
  const ctx: EmulatorContext = {
    state,
    nextId,
    bots,
    guildId: EMU.guildId,
    gateway,
    baseUrl: () => baseUrl,
    callbackDeadlineMs: options.callbackDeadlineMs ?? 3000,
    tokenTtlMs: options.tokenTtlMs ?? 15 * 60_000,
    rateLimits: [],
  };
  const handle = createRestHandler(ctx);
  server.on('request', (request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const inject = createInjector(ctx);

  return {
    apiUrl: `${baseUrl}/api`,
    token,
    applicationId: EMU.applicationId,
    guildId: EMU.guildId,
    channelId: EMU.channelId,
    noThreadsChannelId: EMU.noThreadsChannelId,
    userId: EMU.userId,
    state,
    addBot(botToken, applicationId) {
      bots.set(botToken, applicationId);
    },
    injectSlashCommand: (slash) => inject.slash(slash),
    injectButtonClick: (click) => inject.click(click),
    dropGateway: (drop) => gateway.drop(drop),
    gatewayConnected: (applicationId = EMU.applicationId) => gateway.connected(applicationId),
    rateLimit(method, path, times, retryAfterSeconds) {
      ctx.rateLimits.push({ method, path, times, retryAfterSeconds });
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
