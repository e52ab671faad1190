import type { Logger } from 'pino';

/** The part of a pino logger the executors use; tests pass a capturing object, production a child logger. */
export type ExecutorLogger = Pick<Logger, 'debug' | 'info' | 'warn'>;

/** Used when no logger is given: executors must work silently in scripts and tests. */
export const silentLogger: ExecutorLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
};
