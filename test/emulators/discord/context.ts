import type { ServerResponse } from 'node:http';
import type { ParsedBody } from './body.js';
import type { Gateway } from './gateway.js';
import { messageProblems } from './limits.js';
import type { EmulatorState, MessageVersion, RecordedAttachment, RecordedMessage } from './state.js';

/** What the REST handlers share: the recorded state, the id source, the bots and the emulator's settings. */
export interface EmulatorContext {
  state: EmulatorState;
  nextId: () => string;
  /** token → application id. */
  bots: ReadonlyMap<string, string>;
  guildId: string;
  gateway: Gateway;
  baseUrl: () => string;
  /** Discord's 3 s to answer an interaction. */
  callbackDeadlineMs: number;
  /** Discord's 15 minutes for an interaction token's webhook calls. */
  tokenTtlMs: number;
  rateLimits: Array<{ method: string; path: RegExp; times: number; retryAfterSeconds: number }>;
}

/** An answer Discord gives as an error: `{ message, code }` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: string[],
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(text);
}

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Stores uploaded files and points `attachment://name` embed URLs at them, as Discord's CDN does. */
function attach(ctx: EmulatorContext, channelId: string, files: ParsedBody['files']): RecordedAttachment[] {
  return files.map((file) => {
    const id = ctx.nextId();
    return {
      id,
      filename: file.filename,
      contentType: file.contentType,
      size: file.data.length,
      data: file.data,
      url: `${ctx.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`,
    };
  });
}

function resolveEmbeds(embeds: unknown, attachments: RecordedAttachment[]): Array<Record<string, unknown>> {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((raw) => {
    const embed = { ...asObject(raw) };
    for (const key of ['image', 'thumbnail']) {
      const media = asObject(embed[key]);
      const url = typeof media.url === 'string' ? media.url : undefined;
      if (url?.startsWith('attachment://')) {
        const file = attachments.find((a) => a.filename === url.slice('attachment://'.length));
        embed[key] = { ...media, url: file?.url ?? url, ...(file ? { proxy_url: file.url } : {}) };
      }
    }
    return embed;
  });
}

function version(
  ctx: EmulatorContext,
  channelId: string,
  body: Record<string, unknown>,
  files: ParsedBody['files'],
  via: MessageVersion['via'],
  previous?: MessageVersion,
): MessageVersion {
  const problems = messageProblems(body);
  if (problems.length > 0) throw new ApiError(400, 50035, 'Invalid Form Body', problems);
  const uploaded = attach(ctx, channelId, files);
  let kept = previous?.attachments ?? [];
  if (Array.isArray(body.attachments)) {
    const keep = new Set(body.attachments.map((a) => String(asObject(a).id)));
    kept = kept.filter((a) => keep.has(a.id));
  }
  const attachments = [...kept, ...uploaded];
  return {
    at: performance.now(),
    via,
    content: typeof body.content === 'string' ? body.content : (previous?.content ?? ''),
    embeds: body.embeds !== undefined ? resolveEmbeds(body.embeds, attachments) : (previous?.embeds ?? []),
    components: Array.isArray(body.components)
      ? (body.components as Array<Record<string, unknown>>)
      : (previous?.components ?? []),
    attachments,
  };
}

export function createMessage(
  ctx: EmulatorContext,
  options: {
    channelId: string;
    body: Record<string, unknown>;
    files: ParsedBody['files'];
    via: MessageVersion['via'];
    interactionId?: string;
    deferred?: boolean;
  },
): RecordedMessage {
  const reference = asObject(options.body.message_reference);
  const flags = typeof options.body.flags === 'number' ? options.body.flags : 0;
  const message: RecordedMessage = {
    id: ctx.nextId(),
    channelId: options.channelId,
    interactionId: options.interactionId,
    flags: flags & 64,
    replyTo: typeof reference.message_id === 'string' ? reference.message_id : undefined,
    deferred: options.deferred ?? false,
    timestamp: new Date().toISOString(),
    versions: [version(ctx, options.channelId, options.body, options.files, options.via)],
    deleted: false,
  };
  ctx.state.messages.set(message.id, message);
  ctx.state.changed();
  return message;
}

export function editMessage(
  ctx: EmulatorContext,
  message: RecordedMessage,
  body: Record<string, unknown>,
  files: ParsedBody['files'],
  via: MessageVersion['via'],
): void {
  message.versions.push(version(ctx, message.channelId, body, files, via, ctx.state.latest(message)));
  message.deferred = false;
  ctx.state.changed();
}

export { asObject };
