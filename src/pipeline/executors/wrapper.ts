import { err, ok, type Result } from '../../shared/result.js';

/**
 * The POSIX sh program every detached run is started under. It is a fixed string: the exit file and the command
 * arrive as positional parameters (`sh -c SCRIPT taobot-run EXIT_FILE ARGV...`), so no argument is ever parsed by
 * a shell, whatever quotes, `$`, `;`, backticks or newlines it holds.
 *
 * - It starts the command in the background and `wait`s, because a shell runs traps only between commands or
 *   while waiting: a foreground command would leave SIGTERM/SIGINT/SIGHUP sent to the wrapper alone unanswered
 *   until the command ended. Each trapped signal is forwarded to the command; one that arrives before the command
 *   exists is remembered and forwarded as soon as it does.
 * - POSIX makes a background command start with SIGINT and SIGQUIT ignored. The subshell resets them (bash obeys;
 *   dash keeps them ignored), so under dash a forwarded SIGINT reaches only a command that installs its own
 *   handler, as Node.js and Python programs with a signal handler do. SIGTERM is never affected.
 * - `wait` returns early (above 128) when a trap runs; the loop waits again while the command still exists, so the
 *   recorded code is the command's own: its exit status, or 128+N when signal N killed it.
 * - The code is written beside the exit file, then renamed over it, so a reader never sees half a file. When a
 *   signal killed the command, the shell also reports it in the log (dash: a line "Terminated").
 * - A cancel that signals the whole group reaches the command twice (directly and forwarded); commands that
 *   handle SIGTERM must treat a repeat as the same request.
 */
export const WRAPPER_SCRIPT = [
  'exit_file=$1',
  'shift',
  'child=',
  'pending=',
  'forward() { pending=$1; if [ -n "$child" ]; then kill -"$1" "$child" 2>/dev/null; fi; }',
  "trap 'forward TERM' TERM",
  "trap 'forward INT' INT",
  "trap 'forward HUP' HUP",
  '(trap - INT QUIT; exec "$@") &',
  'child=$!',
  'if [ -n "$pending" ]; then kill -"$pending" "$child" 2>/dev/null; fi',
  'wait "$child"',
  'code=$?',
  'while [ "$code" -gt 128 ] && kill -0 "$child" 2>/dev/null; do',
  '  wait "$child"',
  '  code=$?',
  'done',
  'printf \'%s\\n\' "$code" > "$exit_file.tmp" && mv -f "$exit_file.tmp" "$exit_file"',
  'exit "$code"',
].join('\n');

/** `$0` of the wrapper: the shell prefixes its own messages with it ("taobot-run: 1: exec: tao: not found"). */
export const WRAPPER_NAME = 'taobot-run';

/**
 * Checks an argv before it is started: a non-empty list of strings without NUL bytes (no process can receive
 * one), whose program name is not empty and does not start with `-` (the shell's `exec` would read it as an
 * option).
 */
export function checkArgv(argv: readonly unknown[]): Result<readonly string[], string> {
  if (!Array.isArray(argv) || argv.length === 0)
    return err('argv is empty: give the program and its arguments');
  for (const [index, arg] of argv.entries()) {
    if (typeof arg !== 'string') return err(`argv[${index}] is a ${typeof arg}, not a string`);
    if (arg.includes('\0')) return err(`argv[${index}] contains a NUL byte, which no program can receive`);
  }
  const program = argv[0] as string;
  if (program === '') return err('argv[0] is empty: it must name the program to run');
  if (program.startsWith('-'))
    return err(`argv[0] "${program}" starts with "-": it must name the program to run`);
  return ok(argv as readonly string[]);
}

/** The arguments of `/bin/sh` that run `argv` under the wrapper, recording its exit code in `exitFile`. */
export function wrapperArgs(exitFile: string, argv: readonly string[]): string[] {
  return ['-c', WRAPPER_SCRIPT, WRAPPER_NAME, exitFile, ...argv];
}
