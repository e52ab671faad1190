import { appendFileSync, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TaoConsole } from './console.js';
import { LOG } from './log-sources.js';
import { type PyJson, pyJson, statusDateTime } from './py-format.js';

export type StatusLevel = 'SUCCESS' | 'FAILURE' | 'STARTED' | 'RUNNING' | 'SKIPPED';
export type Verbosity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface StatusEntry {
  /** The caller's keys, written first (e.g. epoch, max_epoch, time_per_epoch, eta). */
  readonly data?: Record<string, PyJson>;
  readonly status?: StatusLevel;
  readonly verbosity?: Verbosity;
  readonly message?: string;
}

/**
 * TAO's `StatusLogger` (`cv/common/logging/logging.py`): JSON lines appended to status.json and flushed per line,
 * each message echoed on the console through the root logger. Like TAO's, it keeps `graphical` and `kpi` between
 * writes, so a later line repeats the values an earlier caller set (TAO-FORMATS §2.2); TAO's own parser works
 * around that, and so must ours. Built without a file it is TAO's `BaseLogger`, which writes nothing.
 */
export class StatusLogger {
  graphical: Record<string, PyJson> = {};
  kpi: Record<string, PyJson> = {};
  categorical: Record<string, PyJson> = {};

  constructor(
    private readonly path: string | null,
    private readonly console: TaoConsole,
    private readonly now: () => Date,
  ) {
    if (path === null) return;
    if (existsSync(path)) {
      console.log('INFO', LOG.statusFileExists, `Log file already exists at ${realpathSync(path)}`);
    } else {
      mkdirSync(dirname(path), { recursive: true });
    }
    appendFileSync(path, '');
  }

  write(entry: StatusEntry): void {
    if (this.path === null) return;
    const line: Record<string, PyJson> = { ...entry.data, simulated: true, ...statusDateTime(this.now()) };
    line.status = entry.status ?? 'RUNNING';
    line.verbosity = entry.verbosity ?? 'INFO';
    if (entry.message) line.message = entry.message;
    this.console.log('INFO', LOG.statusEcho, entry.message ?? 'None');
    if (Object.keys(this.categorical).length > 0) line.categorical = this.categorical;
    if (Object.keys(this.graphical).length > 0) line.graphical = this.graphical;
    if (Object.keys(this.kpi).length > 0) line.kpi = this.kpi;
    appendFileSync(this.path, `${pyJson(line)}\n`);
  }
}
