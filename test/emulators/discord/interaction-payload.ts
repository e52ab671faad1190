import { PERMISSIONS, userJson } from './payloads.js';
import type { RecordedChannel } from './state.js';

/**
 * The envelope every INTERACTION_CREATE shares, with what discord.js requires (PLATFORMS.md §5.4): `channel`
 * (read instead of `channel_id`), `entitlements` and `authorizing_integration_owners`, or it throws inside its
 * gateway handler.
 */
export function interactionEnvelope(options: {
  id: string;
  token: string;
  applicationId: string;
  type: 2 | 3;
  data: Record<string, unknown>;
  channel: RecordedChannel;
  user: { id: string; name: string };
  message?: Record<string, unknown>;
}) {
  const { channel } = options;
  const inGuild = channel.guildId !== undefined;
  const user = userJson(options.user.id, options.user.name);
  return {
    id: options.id,
    application_id: options.applicationId,
    type: options.type,
    data: options.data,
    ...(inGuild ? { guild_id: channel.guildId } : {}),
    channel_id: channel.id,
    channel: inGuild
      ? {
          id: channel.id,
          type: channel.type,
          guild_id: channel.guildId,
          name: channel.name,
          ...(channel.parentId ? { parent_id: channel.parentId } : {}),
        }
      : { id: channel.id, type: channel.type },
    ...(inGuild
      ? {
          member: {
            user,
            roles: [],
            joined_at: '2026-01-01T00:00:00.000Z',
            deaf: false,
            mute: false,
            flags: 0,
            permissions: PERMISSIONS,
          },
        }
      : { user }),
    token: options.token,
    version: 1,
    app_permissions: PERMISSIONS,
    locale: 'en-US',
    ...(inGuild ? { guild_locale: 'en-US' } : {}),
    entitlements: [],
    authorizing_integration_owners: inGuild ? { '0': channel.guildId } : { '1': options.user.id },
    context: inGuild ? 0 : 1,
    attachment_size_limit: 10_485_760,
    ...(options.message ? { message: options.message } : {}),
  };
}
