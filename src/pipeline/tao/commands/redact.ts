/** Stands in for a secret wherever an argv is shown. */
export const REDACTED = '***';

const KEY_FLAGS = new Set(['-k', '--key']);
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A copy of `argv` with the value after `-k`/`--key` (and of `--key=…`) replaced by `***`, so the TAO key never
 * reaches chat or logs.
 *
 * @example
 * redactArgv(['tao', 'ssd', 'train', '-k', 'secret']) // ['tao', 'ssd', 'train', '-k', '***']
 */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let secretNext = false;
  for (const arg of argv) {
    if (secretNext) {
      out.push(REDACTED);
      secretNext = false;
    } else if (arg.startsWith('--key=')) {
      out.push(`--key=${REDACTED}`);
    } else {
      out.push(arg);
      secretNext = KEY_FLAGS.has(arg);
    }
  }
  return out;
}

/** POSIX single quoting, only where the argument needs it. */
export function quoteArg(arg: string): string {
  if (SHELL_SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * A shell-like, redacted rendering of an argv for display (dry-run previews). It is for reading, never for running:
 * taobot spawns the argv array itself.
 *
 * @example
 * formatArgv(['tao', 'model', 'ssd', 'train', '-e', 'my spec.txt', '-k', 'secret'])
 * // "tao model ssd train -e 'my spec.txt' -k '***'"
 */
export function formatArgv(argv: readonly string[]): string {
  return redactArgv(argv).map(quoteArg).join(' ');
}
