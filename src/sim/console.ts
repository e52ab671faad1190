import type { TaoDialect } from '../pipeline/tao/types.js';
import { logTimestamp } from './py-format.js';

/** A Python logger as TAO's console shows it: `name lineno` on TAO 5, just the name on TAO 3/4. */
export interface LogSource {
  readonly name: string;
  readonly line: number;
  /** The logger name TAO 3/4 printed, when it differs. */
  readonly legacyName?: string;
}

export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';

/** One frame of a Python traceback. */
export interface PyFrame {
  readonly file: string;
  readonly line: number;
  readonly func: string;
  readonly code: string;
}

/**
 * The console of a TAO task: Python `print` output, Python logging lines in TAO's format, tracebacks. Writes go
 * straight to the sink (no buffering), so a reader tailing the output sees each line as it happens.
 */
export class TaoConsole {
  private midLine = false;

  constructor(
    private readonly sink: (text: string) => void,
    private readonly dialect: TaoDialect,
    private readonly now: () => Date,
  ) {}

  /** Raw text, as `sys.stdout.write` would write it. */
  write(text: string): void {
    if (text.length === 0) return;
    this.sink(text);
    this.midLine = !text.endsWith('\n');
  }

  /** Python's `print(*parts)`. */
  print(...parts: string[]): void {
    this.write(`${parts.join(' ')}\n`);
  }

  /**
   * A logging line: `2024-01-31 11:05:27,929 [TAO Toolkit] [INFO] root 168: message` on TAO 5,
   * `2022-01-18 02:39:38,593 [INFO] __main__: message` on TAO 3/4.
   */
  log(level: LogLevel, source: LogSource, message: string): void {
    this.breakLine();
    const stamp = logTimestamp(this.now());
    const prefix =
      this.dialect === 'tao5'
        ? `${stamp} [TAO Toolkit] [${level}] ${source.name} ${source.line}:`
        : `${stamp} [${level}] ${source.legacyName ?? source.name}:`;
    this.write(`${prefix} ${message}\n`);
  }

  /** A Python traceback for an uncaught exception, e.g. `OSError: [Errno 28] No space left on device`. */
  traceback(frames: readonly PyFrame[], exception: string, message: string): void {
    this.breakLine();
    this.write('Traceback (most recent call last):\n');
    for (const frame of frames) {
      this.write(`  File "${frame.file}", line ${frame.line}, in ${frame.func}\n    ${frame.code}\n`);
    }
    this.write(`${exception}: ${message}\n`);
  }

  /**
   * Ends a line left open by a progress frame. TAO's log lines share the stream with Keras' progress bar and
   * would start mid-line; starting them on a new line keeps the tail that taobot posts to chat readable.
   */
  breakLine(): void {
    if (this.midLine) this.write('\n');
  }
}
