import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitProblems } from './block-kit.js';
import { parseApiArguments, parseMultipart, readBody, sendJson } from './http-body.js';
import { createHttpDriver, type HttpDriver } from './http-driver.js';
import {
  blockActionsPayload,
  type ClickInput,
  findButton,
  GENERAL,
  type SlashCommandInput,
  slashCommandPayload,
} from './payloads.js';
import { createRateLimits, type RateLimits } from './rate-limits.js';
import { type AckRecord, attachSocketMode, type SocketModeServer, type Target } from './socket-mode.js';
import { createMessageStore, currentContent, type MessageStore, type StoredMessage } from './store.js';
import { callWebApi } from './web-api.js';

export interface ApiCall {
  method: string;
  at: number;
  args: Record<string, unknown>;
  /** 200, or 429 when the rate-limit injection refused it. */
  status: number;
  ok?: boolean;
  error?: string;
}

export interface SlackEmulator {
  /** The Web API base for `slackApiUrl` / `SLACK_API_URL`, e.g. `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  /** Makes another app known to the workspace (its own Socket Mode connection), e.g. a baseline app. */
  addApp(appToken: string): void;
  readonly store: MessageStore;
  readonly calls: ApiCall[];
  readonly rateLimits: RateLimits;
  readonly socket: SocketModeServer;
  /** Channels the bot is not in: add one to see how the app copes with channel_not_found. */
  readonly hiddenChannels: Set<string>;
  /** JSON bodies POSTed to response_urls, in order. */
  readonly responses: Array<{ id: number; body: Record<string, unknown> }>;
  /** Sends a slash command over Socket Mode (to the default app, or `target`'s); resolves with its ack. */
  slashCommand(input: SlashCommandInput, target?: Target): Promise<AckRecord>;
  /** Clicks a button of a stored message over Socket Mode; resolves with its ack. */
  clickButton(message: StoredMessage, actionId: string, user?: ClickInput['user']): Promise<AckRecord>;
  /** Slack's side of HTTP mode, aimed at the app's request URL. */
  http(
    requestUrl: string,
    signingSecret: string,
  ): HttpDriver & {
    slashCommand(
      input: SlashCommandInput,
      options?: Parameters<HttpDriver['command']>[1],
    ): ReturnType<HttpDriver['command']>;
    clickButton(
      message: StoredMessage,
      actionId: string,
      user?: ClickInput['user'],
    ): ReturnType<HttpDriver['interaction']>;
  };
  newResponseUrl(): string;
  close(): Promise<void>;
}

/**
 * A local Slack for tests: the Web API over HTTP, Socket Mode over WebSocket, upload URLs and response_urls on
 * one 127.0.0.1 port, so the real Bolt runs unchanged against it. Everything the app did is recorded for
 * assertions: messages with their edits, ephemerals, files, every API call and every ack's latency.
 */
export async function startSlackEmulator(
  options: { botToken?: string; appToken?: string } = {},
): Promise<SlackEmulator> {
  const botToken = options.botToken ?? 'xoxb-emulated-bot-token';
  const appToken = options.appToken ?? 'xapp-emulated-app-token';
  const store = createMessageStore();
  const calls: ApiCall[] = [];
  const rateLimits = createRateLimits();
  const responses: SlackEmulator['responses'] = [];
  const hiddenChannels = new Set<string>();
  let base = '';
  let ticket = 0;
  const appTokens = new Set([appToken]);
  const tickets = new Map<string, string>();
  let responseSeq = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', base);
    const body = await readBody(request);
    if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: 'method_not_allowed' });
    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const args = await parseApiArguments(request.headers['content-type'], body);
      const call: ApiCall = { method, at: Date.now(), args, status: 200 };
      calls.push(call);
      const retryAfter = rateLimits.check(method, call.at);
      if (retryAfter !== undefined) {
        call.status = 429;
        return sendJson(
          response,
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(retryAfter) },
        );
      }
      const bearer = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const answer = callWebApi(
        {
          store,
          botToken,
          appTokens,
          socketUrl: (token) => {
            const id = `emu-${++ticket}`;
            tickets.set(id, token);
            return `${base.replace(/^http/, 'ws')}link/?ticket=${id}`;
          },
          uploadUrl: (fileId) => `${base}upload/${fileId}`,
          hiddenChannels,
        },
        method,
        args,
        bearer,
      );
      call.ok = answer.ok;
      if (!answer.ok) call.error = String(answer.error);
      return sendJson(response, 200, answer);
    }
    if (url.pathname.startsWith('/upload/')) {
      const file = store.files.get(url.pathname.slice('/upload/'.length));
      const parts = await parseMultipart(request.headers['content-type'] ?? '', body).catch(() => []);
      const bytes = parts.find(([name]) => name === 'body')?.[1];
      if (!file || !Buffer.isBuffer(bytes))
        return sendJson(response, 400, { ok: false, error: 'bad_upload' });
      file.bytes = bytes;
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
      return;
    }
    if (url.pathname.startsWith('/response_url/')) {
      const json = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      // Slack checks blocks here as everywhere; a refused answer is not recorded as delivered.
      if (blockKitProblems(json.blocks).length > 0) {
        return sendJson(response, 400, { ok: false, error: 'invalid_blocks' });
      }
      responses.push({ id: Number(url.pathname.split('/')[2]), body: json });
      return sendJson(response, 200, { ok: true });
    }
    return sendJson(response, 404, { ok: false, error: 'not_found' });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      sendJson(response, 500, { ok: false, error: String(error) }),
    );
  });
  const socket = attachSocketMode(server, (id) => tickets.get(id));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const newResponseUrl = () => `${base}response_url/${++responseSeq}`;
  const clickInput = (message: StoredMessage, actionId: string, user?: ClickInput['user']): ClickInput => {
    const content = currentContent(message);
    const button = findButton(content.blocks, actionId);
    if (!button) throw new Error(`message ${message.ts} has no button ${actionId}`);
    return {
      channel: message.channel === GENERAL.id ? GENERAL : { id: message.channel, name: message.channel },
      message: { ts: message.ts, text: content.text, blocks: content.blocks, thread_ts: message.threadTs },
      button,
      user,
    };
  };

  return {
    apiUrl: `${base}api/`,
    botToken,
    appToken,
    addApp: (token) => {
      appTokens.add(token);
    },
    store,
    calls,
    rateLimits,
    socket,
    responses,
    hiddenChannels,
    newResponseUrl,
    slashCommand: (input, target) =>
      socket.send('slash_commands', slashCommandPayload(input, newResponseUrl()), target),
    clickButton: (message, actionId, user) =>
      socket.send('interactive', blockActionsPayload(clickInput(message, actionId, user), newResponseUrl())),
    http(requestUrl, signingSecret) {
      const driver = createHttpDriver(requestUrl, signingSecret);
      return {
        ...driver,
        slashCommand: (input, postOptions) =>
          driver.command(slashCommandPayload(input, newResponseUrl()), postOptions),
        clickButton: (message, actionId, user) =>
          driver.interaction(blockActionsPayload(clickInput(message, actionId, user), newResponseUrl())),
      };
    },
    async close() {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
