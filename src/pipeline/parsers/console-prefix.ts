/**
 * Python logging prefixes on TAO console lines. TAO 5:
 * `2024-01-31 11:05:27,929 [TAO Toolkit] [INFO] nvidia_tao_tf1.core.hooks.sample_counter_hook 76: msg`;
 * TAO 3/4 and TLT: `2022-01-18 02:39:38,593 [INFO] __main__: msg`.
 */

export interface PrefixedLine {
  readonly level: string;
  readonly logger: string;
  readonly message: string;
}

const TAO5 = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[TAO Toolkit\] \[([A-Z]+)\] (\S+) \d+: ?(.*)$/;
const TAO3 = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[([A-Z]+)\] ([^\s:]+): ?(.*)$/;

/** Splits a trimmed line into level, logger and message; null when it has no logging prefix. */
export function splitPrefix(line: string): PrefixedLine | null {
  // Every prefix starts with a date: looking at two characters spares the regexes on almost every line.
  const first = line.charCodeAt(0);
  if (first < 48 || first > 57 || line.charCodeAt(4) !== 45) return null;
  const match = TAO5.exec(line) ?? TAO3.exec(line);
  if (!match) return null;
  return { level: match[1] as string, logger: match[2] as string, message: (match[3] as string).trim() };
}

const LOUD_LEVELS: ReadonlySet<string> = new Set(['WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL']);

/** Whether a level is one an operator should see even when no parser knows the message. */
export const isLoudLevel = (level: string): boolean => LOUD_LEVELS.has(level);
