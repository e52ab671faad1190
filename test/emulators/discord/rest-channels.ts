import type { ParsedBody } from './body.js';
import { ApiError, asObject, createMessage, type EmulatorContext, editMessage } from './context.js';
import { channelJson, messageJson } from './payloads.js';
import type { RecordedChannel, RecordedMessage } from './state.js';

/** Channels, bot messages, threads started from a message, and DM channels. */
export interface RestResult {
  status: number;
  body?: unknown;
}

const channelOf = (ctx: EmulatorContext, id: string): RecordedChannel => {
  const channel = ctx.state.channels.get(id);
  if (!channel) throw new ApiError(404, 10003, 'Unknown Channel');
  return channel;
};

const messageOf = (ctx: EmulatorContext, channelId: string, id: string): RecordedMessage => {
  const message = ctx.state.messages.get(id);
  if (!message || message.deleted || message.channelId !== channelId) {
    throw new ApiError(404, 10008, 'Unknown Message');
  }
  return message;
};

export function messageOut(ctx: EmulatorContext, message: RecordedMessage, applicationId: string) {
  const channel = ctx.state.channels.get(message.channelId);
  return messageJson(message, applicationId, channel?.guildId);
}

export function handleChannels(
  ctx: EmulatorContext,
  method: string,
  parts: string[],
  body: ParsedBody,
  applicationId: string,
): RestResult | undefined {
  const [, channelId = '', what, messageId, sub] = parts;
  if (parts[0] === 'users' && parts[1] === '@me' && parts[2] === 'channels' && method === 'POST') {
    return openDm(ctx, String(asObject(body.json).recipient_id ?? ''));
  }
  if (parts[0] !== 'channels') return undefined;
  const channel = channelOf(ctx, channelId);
  if (what === undefined && method === 'GET') return { status: 200, body: channelJson(channel) };
  if (what !== 'messages') return undefined;
  if (messageId === undefined && method === 'POST') {
    const message = createMessage(ctx, {
      channelId,
      body: asObject(body.json),
      files: body.files,
      via: 'channel',
    });
    return { status: 200, body: messageOut(ctx, message, applicationId) };
  }
  if (messageId === undefined) return undefined;
  const message = messageOf(ctx, channelId, messageId);
  if (sub === undefined && method === 'GET')
    return { status: 200, body: messageOut(ctx, message, applicationId) };
  if (sub === undefined && method === 'PATCH') {
    editMessage(ctx, message, asObject(body.json), body.files, 'channel');
    return { status: 200, body: messageOut(ctx, message, applicationId) };
  }
  if (sub === 'threads' && method === 'POST') {
    return startThread(ctx, channel, message, String(asObject(body.json).name ?? ''));
  }
  return undefined;
}

/** A thread started from a message takes the message's id, as in Discord. */
function startThread(
  ctx: EmulatorContext,
  parent: RecordedChannel,
  message: RecordedMessage,
  name: string,
): RestResult {
  if (parent.type !== 0 && parent.type !== 5) {
    throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
  }
  if (!parent.threads) throw new ApiError(403, 50013, 'Missing Permissions');
  if (name.length < 1 || name.length > 100)
    throw new ApiError(400, 50035, 'Invalid Form Body', ['name: 1 to 100']);
  if (ctx.state.channels.has(message.id)) {
    throw new ApiError(400, 160004, 'A thread has already been created for this message');
  }
  const thread: RecordedChannel = {
    id: message.id,
    type: 11,
    name,
    guildId: parent.guildId,
    parentId: parent.id,
    threads: false,
  };
  ctx.state.channels.set(thread.id, thread);
  ctx.state.changed();
  for (const applicationId of new Set(ctx.bots.values())) {
    ctx.gateway.dispatch(applicationId, 'THREAD_CREATE', { ...channelJson(thread), newly_created: true });
  }
  return { status: 201, body: channelJson(thread) };
}

function openDm(ctx: EmulatorContext, recipientId: string): RestResult {
  if (!/^\d{17,20}$/.test(recipientId)) throw new ApiError(400, 50035, 'Invalid Form Body', ['recipient_id']);
  const existing = [...ctx.state.channels.values()].find(
    (c) => c.type === 1 && c.recipientId === recipientId,
  );
  const channel = existing ?? {
    id: ctx.nextId(),
    type: 1,
    name: `dm-${recipientId}`,
    threads: false,
    recipientId,
  };
  if (!existing) {
    ctx.state.channels.set(channel.id, channel);
    ctx.state.changed();
  }
  return { status: 200, body: channelJson(channel) };
}
