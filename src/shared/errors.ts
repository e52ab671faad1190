/** Unexpected failures are typed exceptions with a code and a chained cause, caught at one boundary. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'SPEC_SYNTAX'
  | 'SPEC_FIELD'
  | 'EXECUTOR_FAILED'
  | 'PLATFORM_ERROR'
  | 'NOT_AUTHORIZED'
  | 'USAGE';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class ConfigError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'CONFIG_INVALID', options);
  }
}

export class UsageError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'USAGE', options);
  }
}

export class ExecutorError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'EXECUTOR_FAILED', options);
  }
}
