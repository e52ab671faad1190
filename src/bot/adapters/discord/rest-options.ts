import type { RESTOptions } from 'discord.js';
import type { DiscordConfig } from './types.js';

/**
 * discord.js REST options from the configuration. `apiUrl` is the REST base without its version, like
 * discord.js's own default `https://discord.com/api`; a trailing `/v10` is accepted and dropped, since the
 * client adds the version itself.
 */
export function restOptions(config: Pick<DiscordConfig, 'apiUrl'>, retries?: number): Partial<RESTOptions> {
  const api = config.apiUrl?.replace(/\/+$/, '').replace(/\/v\d+$/, '');
  return { ...(api ? { api } : {}), version: '10', ...(retries !== undefined ? { retries } : {}) };
}
