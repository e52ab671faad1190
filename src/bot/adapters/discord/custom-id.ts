/**
 * A button's custom_id: `taobot:<action>:<value>`. Discord allows 1 to 100 characters and sends the id back on a
 * click, so it carries the action (a command name) and one id, nothing more.
 */
export const CUSTOM_ID_PREFIX = 'taobot';
export const MAX_CUSTOM_ID = 100;

export function customIdFor(action: string, value: string): string | null {
  const id = `${CUSTOM_ID_PREFIX}:${action}:${value}`;
  return id.length <= MAX_CUSTOM_ID && action.length > 0 && !action.includes(':') ? id : null;
}

/** `taobot:run:42` → `{ action: 'run', value: '42' }`; null for an id taobot did not make. */
export function parseCustomId(customId: string): { action: string; value: string } | null {
  if (!customId.startsWith(`${CUSTOM_ID_PREFIX}:`)) return null;
  const rest = customId.slice(CUSTOM_ID_PREFIX.length + 1);
  const colon = rest.indexOf(':');
  if (colon <= 0) return null;
  // The value may itself hold colons (ids like `sweep:0.1`), so only the first one separates.
  return { action: rest.slice(0, colon), value: rest.slice(colon + 1) };
}
