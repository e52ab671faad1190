import type { ExecutorLogger } from '../../../src/pipeline/executors/logger.js';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn';
  fields: unknown;
  message: unknown;
}

/** A logger that keeps what it is given, for asserting on warnings. */
export function capturingLogger(): ExecutorLogger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: LogRecord['level']) =>
    (fields: unknown, message?: unknown): void => {
      records.push({ level, fields, message });
    };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn') };
}
