import type { SimIo } from '../io.js';
import { trtTimestamp } from '../py-format.js';
import type { SimSettings } from '../settings.js';

/** What the device-side tools (trtexec, tao-converter) run with. */
export interface ToolEnv {
  readonly io: SimIo;
  readonly settings: SimSettings;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/** TensorRT's log lines: `[02/26/2024-10:43:06] [I] message` (I, W or E) for trtexec. */
export function trtLogger(env: ToolEnv) {
  const line = (severity: 'I' | 'W' | 'E', message: string): void => {
    env.io.stdout.write(`${trtTimestamp(env.now())} [${severity}] ${message}\n`);
  };
  return {
    info: (message: string) => line('I', message),
    warn: (message: string) => line('W', message),
    error: (message: string) => line('E', message),
    raw: (text: string) => env.io.stdout.write(`${text}\n`),
  };
}

export type TrtLogger = ReturnType<typeof trtLogger>;
