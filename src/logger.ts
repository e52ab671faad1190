import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * pino, writing JSON lines to a file or to stderr. With the terminal chat adapter on, logs go to a file so they
 * do not tear the conversation on the screen.
 */
export function createLogger(options: { level?: string; file?: string } = {}): Logger {
  const destination = options.file
    ? pino.destination({ dest: options.file, mkdir: true, sync: false })
    : pino.destination(2);
  return pino(
    {
      level: options.level ?? 'info',
      // Secrets never reach the logs, whatever object a caller passes.
      redact: {
        paths: ['*.key', '*.token', '*.botToken', '*.appToken', '*.signingSecret', 'config.models.*.key'],
        censor: '***',
      },
    },
    destination,
  );
}

/** A logger that drops everything, for tests and one-shot commands. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
