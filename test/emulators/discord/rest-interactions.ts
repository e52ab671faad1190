import type { ParsedBody } from './body.js';
import { ApiError, asObject, createMessage, type EmulatorContext, editMessage } from './context.js';
import { messageOut, type RestResult } from './rest-channels.js';
import type { RecordedInteraction, RecordedMessage } from './state.js';

/**
 * Interaction callbacks (`/interactions/{id}/{token}/callback`, no Authorization header) and the interaction
 * webhook (`/webhooks/{app}/{token}…`: `@original` and follow-ups), with Discord's clocks: the first answer
 * within 3 s of the event, webhook calls while the token lives (15 minutes).
 */
export function handleInteractions(
  ctx: EmulatorContext,
  method: string,
  parts: string[],
  body: ParsedBody,
  query: URLSearchParams,
): RestResult | undefined {
  if (parts[0] === 'interactions' && parts[3] === 'callback' && method === 'POST') {
    return callback(ctx, parts[1] ?? '', parts[2] ?? '', body, query.get('with_response') === 'true');
  }
  if (parts[0] !== 'webhooks') return undefined;
  const [, applicationId = '', token = '', what, messageId] = parts;
  const interaction = [...ctx.state.interactions.values()].find(
    (i) => i.token === token && i.applicationId === applicationId,
  );
  if (!interaction) throw new ApiError(404, 10015, 'Unknown Webhook');
  if (performance.now() - interaction.injectedAt > ctx.tokenTtlMs) {
    throw new ApiError(401, 50027, 'Invalid Webhook Token');
  }
  if (what === undefined && method === 'POST') return followUp(ctx, interaction, body, query);
  if (what !== 'messages' || messageId === undefined) return undefined;
  const message = webhookMessage(ctx, interaction, messageId);
  switch (method) {
    case 'GET':
      return { status: 200, body: messageOut(ctx, message, interaction.applicationId) };
    case 'PATCH':
      editMessage(ctx, message, asObject(body.json), body.files, 'webhook');
      return { status: 200, body: messageOut(ctx, message, interaction.applicationId) };
    case 'DELETE':
      message.deleted = true;
      ctx.state.changed();
      return { status: 204 };
    default:
      return undefined;
  }
}

function webhookMessage(ctx: EmulatorContext, interaction: RecordedInteraction, id: string): RecordedMessage {
  const messageId = id === '@original' ? interaction.originalId : id;
  const message = messageId ? ctx.state.messages.get(messageId) : undefined;
  const ours = message && (id === '@original' || message.interactionId === interaction.id);
  if (!message || message.deleted || !ours) throw new ApiError(404, 10008, 'Unknown Message');
  return message;
}

function callback(
  ctx: EmulatorContext,
  id: string,
  token: string,
  body: ParsedBody,
  withResponse: boolean,
): RestResult {
  const interaction = ctx.state.interactions.get(id);
  if (!interaction || interaction.token !== token) throw new ApiError(404, 10062, 'Unknown interaction');
  if (interaction.callbacks.length > 0) {
    throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
  }
  if (performance.now() - interaction.injectedAt > ctx.callbackDeadlineMs) {
    throw new ApiError(404, 10062, 'Unknown interaction');
  }
  const json = asObject(body.json);
  const type = Number(json.type);
  const data = json.data === undefined ? undefined : asObject(json.data);
  const component = interaction.type === 3;
  let message: RecordedMessage | undefined;
  switch (type) {
    case 4:
    case 5:
      message = createMessage(ctx, {
        channelId: interaction.channelId,
        body: type === 4 ? (data ?? {}) : { flags: data?.flags ?? 0 },
        files: type === 4 ? body.files : [],
        via: 'callback',
        interactionId: interaction.id,
        deferred: type === 5,
      });
      interaction.originalId = message.id;
      break;
    case 6:
    case 7:
      if (!component)
        throw new ApiError(400, 40004, 'Interaction callback type not valid for this interaction');
      message = interaction.messageId ? ctx.state.messages.get(interaction.messageId) : undefined;
      if (!message) throw new ApiError(404, 10008, 'Unknown Message');
      if (type === 7) editMessage(ctx, message, data ?? {}, body.files, 'callback');
      interaction.originalId = message.id;
      break;
    case 9:
      break;
    default:
      throw new ApiError(400, 50035, 'Invalid Form Body', [`type: ${type} is not a gateway callback type`]);
  }
  interaction.callbacks.push({ at: performance.now(), type, data });
  ctx.state.changed();
  if (!withResponse) return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: { id: interaction.id, type: interaction.type, response_message_id: message?.id ?? null },
      resource: {
        type,
        ...(message ? { message: messageOut(ctx, message, interaction.applicationId) } : {}),
      },
    },
  };
}

function followUp(
  ctx: EmulatorContext,
  interaction: RecordedInteraction,
  body: ParsedBody,
  query: URLSearchParams,
): RestResult {
  if (interaction.callbacks.length === 0) throw new ApiError(404, 10015, 'Unknown Webhook');
  const message = createMessage(ctx, {
    channelId: interaction.channelId,
    body: asObject(body.json),
    files: body.files,
    via: 'webhook',
    interactionId: interaction.id,
  });
  return query.get('wait') === 'true'
    ? { status: 200, body: messageOut(ctx, message, interaction.applicationId) }
    : { status: 204 };
}
