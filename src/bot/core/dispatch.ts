import type { Logger } from 'pino';
import type { CommandRegistry } from './command.js';
import { describeUsage, parseText, validateOptions } from './options.js';
import type { CommandRequest, Reply } from './types.js';

/**
 * Parses, validates and runs one inbound command. This is the error boundary of every command: bad input
 * becomes an ephemeral answer that says what to fix, and an unexpected failure is logged with its context and
 * answered with a short apology instead of silence.
 */
export async function dispatch<S>(
  registry: CommandRegistry<S>,
  request: CommandRequest,
  reply: Reply,
  services: S,
  logger: Logger,
): Promise<void> {
  const command = registry.get(request.command);
  if (!command) {
    const names = registry
      .list()
      .map((c) => `/${c.name}`)
      .join(', ');
    await reply.ephemeral({
      title: `Unknown command /${request.command}`,
      tone: 'warning',
      lines: [`Try ${names}.`],
    });
    return;
  }
  let raw: Record<string, string | number | boolean>;
  if ('text' in request.input) {
    const parsed = parseText(request.input.text, command.options);
    if (!parsed.ok) {
      await reply.ephemeral({ title: `/${command.name}: ${parsed.error}`, tone: 'warning' });
      return;
    }
    raw = parsed.value;
  } else {
    raw = request.input.options;
  }
  const options = validateOptions(raw, command.options);
  if (!options.ok) {
    await reply.ephemeral({
      title: `/${command.name}: ${options.error.length === 1 ? options.error[0] : 'the options need fixing'}`,
      tone: 'warning',
      lines: [
        ...(options.error.length > 1 ? options.error.map((p) => `• ${p}`) : []),
        describeUsage(command.options),
      ],
    });
    return;
  }
  const log = logger.child({ command: command.name, user: `${request.platform}:${request.user.id}` });
  try {
    await command.run({ request, options: options.value, reply, services });
  } catch (error) {
    log.error({ err: error }, 'command failed');
    await reply
      .ephemeral({
        title: `/${command.name} failed`,
        tone: 'danger',
        lines: [
          error instanceof Error ? error.message : String(error),
          'Nothing was started. The error is in the log.',
        ],
      })
      .catch((replyError: unknown) => log.error({ err: replyError }, 'could not report a failed command'));
  }
}
