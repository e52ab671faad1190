import type { Platform } from '../bot/core/types.js';

const PLATFORMS: readonly Platform[] = ['shell', 'slack', 'discord'];

/**
 * `slack:C0123` → `{ platform: 'slack', channelId: 'C0123' }`; null for anything else. The configuration's
 * `summaries[].channel` uses this form.
 */
export function parseChannel(channel: string): { platform: Platform; channelId: string } | null {
  const colon = channel.indexOf(':');
  const platform = channel.slice(0, colon) as Platform;
  const channelId = channel.slice(colon + 1);
  if (colon <= 0 || !PLATFORMS.includes(platform) || channelId === '') return null;
  return { platform, channelId };
}
