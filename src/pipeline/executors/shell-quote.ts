/** Characters that never mean anything to a POSIX shell, so a word made only of them needs no quotes. */
const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * Quotes one word for a POSIX shell so that it reaches the program unchanged, whatever it holds: spaces, quotes,
 * `$`, backticks, `;`, globs, `~`, newlines. Single quotes keep everything literal; a single quote itself is
 * closed, escaped and reopened (`'it'\''s'`). `=` is not in the safe set, so a quoted first word is never read as
 * a variable assignment.
 *
 * @example
 * shellQuote("it's $HOME") // 'it'\''s $HOME'
 */
export function shellQuote(word: string): string {
  if (SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A command line for a POSIX shell that runs `argv` with every element as one argument. This is the one place
 * taobot builds a shell string: ssh hands the remote side a single command line, which the remote user's login
 * shell parses, so each argv element is quoted here and nothing else is ever interpolated.
 *
 * @example
 * shellCommand(['sh', '-c', 'echo "$1"', 'taobot', 'a b']) // sh -c 'echo "$1"' taobot 'a b'
 */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
