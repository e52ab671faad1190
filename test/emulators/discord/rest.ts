import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ParsedBody, readBody } from './body.js';
import { ApiError, type EmulatorContext, sendJson } from './context.js';
import { handleChannels, type RestResult } from './rest-channels.js';
import { handleCommands } from './rest-commands.js';
import { handleInteractions } from './rest-interactions.js';

/**
 * The REST half of the emulator: `/api/v10/...` routes with Discord's authentication rule (bot routes need
 * `Authorization: Bot <token>`, interaction routes carry none), percent-decoded path segments (discord.js sends
 * `@original` as `%40original`), Discord's error bodies, and switchable 429 answers with `Retry-After`.
 */
export function createRestHandler(ctx: EmulatorContext) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    const method = request.method ?? 'GET';
    const record = (status: number) => {
      ctx.state.requests.push({ at: performance.now(), method, path: url.pathname, status });
      ctx.state.changed();
    };
    try {
      if (url.pathname.startsWith('/attachments/') && method === 'GET') {
        serveAttachment(ctx, url.pathname, response);
        return;
      }
      if (!url.pathname.startsWith('/api/v10/')) throw new ApiError(404, 0, '404: Not Found');
      const parts = url.pathname.slice('/api/v10/'.length).split('/').map(decodeURIComponent);
      const limited = ctx.rateLimits.find(
        (l) => l.method === method && l.path.test(url.pathname) && l.times > 0,
      );
      if (limited) {
        limited.times -= 1;
        response.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(limited.retryAfterSeconds),
          'x-ratelimit-scope': 'user',
        });
        response.end(
          JSON.stringify({
            message: 'You are being rate limited.',
            retry_after: limited.retryAfterSeconds,
            global: false,
          }),
        );
        record(429);
        return;
      }
      const body = await readBody(request);
      const result = route(ctx, request, method, parts, body, url.searchParams);
      if (!result) throw new ApiError(404, 0, `404: Not Found (${method} ${url.pathname} is not emulated)`);
      sendJson(response, result.status, result.body);
      record(result.status);
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(500, 0, error instanceof Error ? error.message : String(error));
      sendJson(response, apiError.status, {
        message: apiError.message,
        code: apiError.code,
        ...(apiError.errors ? { errors: apiError.errors } : {}),
      });
      record(apiError.status);
    }
  };
}

function route(
  ctx: EmulatorContext,
  request: IncomingMessage,
  method: string,
  parts: string[],
  body: ParsedBody,
  query: URLSearchParams,
): RestResult | undefined {
  if (parts[0] === 'interactions' || parts[0] === 'webhooks') {
    return handleInteractions(ctx, method, parts, body, query);
  }
  const auth = request.headers.authorization ?? '';
  const applicationId = auth.startsWith('Bot ') ? ctx.bots.get(auth.slice(4)) : undefined;
  if (!applicationId) throw new ApiError(401, 0, '401: Unauthorized');
  if (parts[0] === 'gateway' && parts[1] === 'bot' && method === 'GET') {
    return {
      status: 200,
      body: {
        url: `${ctx.baseUrl().replace(/^http/, 'ws')}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      },
    };
  }
  return (
    handleCommands(ctx, method, parts, body, applicationId) ??
    handleChannels(ctx, method, parts, body, applicationId)
  );
}

function serveAttachment(ctx: EmulatorContext, path: string, response: ServerResponse): void {
  const id = path.split('/')[3];
  for (const message of ctx.state.messages.values()) {
    for (const version of message.versions) {
      const file = version.attachments.find((a) => a.id === id);
      if (file) {
        response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.size });
        response.end(file.data);
        return;
      }
    }
  }
  sendJson(response, 404, { message: 'Not Found', code: 0 });
}
