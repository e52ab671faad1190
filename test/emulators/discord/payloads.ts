import { EMU } from './ids.js';
import type { RecordedChannel, RecordedMessage } from './state.js';

/**
 * The JSON shapes discord.js 14 reads. Fields it requires are all here (PLATFORMS.md §5): numeric snowflakes,
 * `channel` on interactions, `entitlements` and `authorizing_integration_owners`, a full guild on GUILD_CREATE.
 */

export const PERMISSIONS = '2248473465835073';

export const userJson = (id: string, name: string) => ({
  id,
  username: name,
  discriminator: '0',
  global_name: name.charAt(0).toUpperCase() + name.slice(1),
  avatar: null,
});

export const botUserJson = (applicationId: string) => ({
  id: applicationId,
  username: 'emu-bot',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
});

export function channelJson(channel: RecordedChannel) {
  if (channel.type === 1) {
    return {
      id: channel.id,
      type: 1,
      last_message_id: null,
      recipients: [userJson(channel.recipientId ?? EMU.userId, 'alice')],
    };
  }
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: 0,
    permission_overwrites: [],
    parent_id: channel.parentId ?? null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    ...(channel.type === 11
      ? {
          owner_id: EMU.applicationId,
          message_count: 0,
          member_count: 1,
          thread_metadata: {
            archived: false,
            auto_archive_duration: 1440,
            archive_timestamp: new Date().toISOString(),
            locked: false,
          },
        }
      : {}),
  };
}

export function readyJson(options: {
  applicationId: string;
  guildId: string;
  sessionId: string;
  url: string;
}) {
  return {
    v: 10,
    user: botUserJson(options.applicationId),
    guilds: [{ id: options.guildId, unavailable: true }],
    session_id: options.sessionId,
    resume_gateway_url: options.url,
    shard: [0, 1],
    application: { id: options.applicationId, flags: 0 },
  };
}

export function guildCreateJson(guildId: string, channels: RecordedChannel[]) {
  return {
    id: guildId,
    name: 'Emu Guild',
    icon: null,
    owner_id: EMU.userId,
    unavailable: false,
    joined_at: '2026-01-01T00:00:00.000Z',
    member_count: 2,
    large: false,
    features: [],
    roles: [
      {
        id: guildId,
        name: '@everyone',
        permissions: PERMISSIONS,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    members: [],
    presences: [],
    voice_states: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    channels: channels.filter((c) => c.guildId === guildId && c.type !== 11).map(channelJson),
  };
}

/** A stored message as the API returns it. */
export function messageJson(message: RecordedMessage, applicationId: string, guildId?: string) {
  const version = message.versions[message.versions.length - 1];
  return {
    id: message.id,
    channel_id: message.channelId,
    ...(guildId ? { guild_id: guildId } : {}),
    author: botUserJson(applicationId),
    content: version?.content ?? '',
    timestamp: message.timestamp,
    edited_timestamp: message.versions.length > 1 ? new Date().toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: (version?.attachments ?? []).map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      url: a.url,
      proxy_url: a.url,
      content_type: a.contentType,
    })),
    embeds: version?.embeds ?? [],
    components: version?.components ?? [],
    pinned: false,
    type: message.replyTo ? 19 : message.interactionId ? 20 : 0,
    flags: message.flags,
    ...(message.interactionId ? { application_id: applicationId, webhook_id: applicationId } : {}),
    ...(message.replyTo
      ? { message_reference: { type: 0, message_id: message.replyTo, channel_id: message.channelId } }
      : {}),
  };
}
