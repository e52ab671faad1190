import type { Logger } from 'pino';
import type { CommandRegistry } from './command.js';
import { dispatch } from './dispatch.js';
import type { ButtonClick, Reply } from './types.js';

/**
 * Buttons whose outcome the core writes on their card itself (an approval card shows who decided, and a refused
 * click changes nothing): adapters leave no "clicked by" note on those, which would read as if every clicker decided.
 */
const DECIDED_BY_CORE: ReadonlySet<string> = new Set(['approve', 'reject']);
export const notesClick = (action: string): boolean => !DECIDED_BY_CORE.has(action);

/**
 * A button is a shortcut for a command: its action names the command and its value (an id, never more) is the
 * command's argument. So a click is validated, authorized and handled exactly like the typed command.
 */
export async function dispatchClick<S>(
  registry: CommandRegistry<S>,
  click: ButtonClick,
  reply: Reply,
  services: S,
  logger: Logger,
): Promise<void> {
  if (!/^[a-z][a-z0-9_-]{0,40}$/.test(click.action) || !/^[\w.:-]{1,80}$/.test(click.value)) {
    // Not a button taobot made: ignore rather than guess (a stale or forged payload).
    logger.warn({ action: click.action }, 'ignored a click that taobot cannot read');
    return;
  }
  await dispatch(
    registry,
    {
      platform: click.platform,
      command: click.action,
      input: { text: click.value },
      user: click.user,
      channelId: click.channelId,
    },
    reply,
    services,
    logger,
  );
}
