import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** What one command of a session gave: its exit code, stdout as bytes, stderr as text. */
export interface SessionResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** The session ended or was ended before the command's answer came: the connection is in question. */
export class SessionBrokenError extends Error {
  readonly timedOut: boolean;
  constructor(message: string, timedOut = false) {
    super(message);
    this.name = 'SessionBrokenError';
    this.timedOut = timedOut;
  }
}

/**
 * A long-lived `/bin/sh` on the host, fed command lines on its stdin, one at a time. A poll then costs a round
 * trip on an open channel instead of a new ssh client, a new channel and a login shell each time (about 3 ms
 * instead of 30 on a loopback). Each command runs with stdin from /dev/null, so the shell's stdin holds only
 * commands. Its answer is framed by a random boundary line on stdout (with the exit code) and on stderr; a
 * boundary appearing in a command's output by chance would need 128 random bits to match.
 */
export interface SshSession {
  run(commandLine: string, options: { signal?: AbortSignal; timeoutMs: number }): Promise<SessionResult>;
  /** Ends the session; the next command starts a new one. */
  close(): void;
}

interface Pending {
  out: Buffer[];
  err: Buffer[];
  resolve(result: SessionResult): void;
  reject(error: Error): void;
}

export function createSshSession(program: string, args: () => string[]): SshSession {
  let child: ChildProcess | null = null;
  let pending: Pending | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let boundary = '';
  let stderrTail = '';

  const setRef = (on: boolean) => {
    // An idle session must not keep taobot (or a script that only started a run) from exiting.
    for (const handle of [child, child?.stdin, child?.stdout, child?.stderr]) {
      const refable = handle as { ref?: () => void; unref?: () => void } | null | undefined;
      if (on) refable?.ref?.();
      else refable?.unref?.();
    }
  };

  /** The last `count` bytes of what arrived, without joining everything (a 16 MiB read comes in many chunks). */
  const tail = (chunks: readonly Buffer[], count: number): Buffer => {
    const parts: Buffer[] = [];
    let have = 0;
    for (let i = chunks.length - 1; i >= 0 && have < count; i -= 1) {
      parts.unshift(chunks[i] as Buffer);
      have += (chunks[i] as Buffer).length;
    }
    const joined = Buffer.concat(parts);
    return joined.subarray(Math.max(0, joined.length - count));
  };

  const finishIfComplete = () => {
    if (!pending) return;
    // The stdout frame ends "\n<boundary> <code>\n" and the stderr frame "\n<boundary>\n".
    const outEnd = tail(pending.out, boundary.length + 8).toString('latin1');
    const code = new RegExp(`\n${boundary} (\\d+)\n$`).exec(outEnd);
    if (
      !code ||
      !tail(pending.err, boundary.length + 2)
        .toString('latin1')
        .endsWith(`\n${boundary}\n`)
    )
      return;
    const out = Buffer.concat(pending.out);
    const err = Buffer.concat(pending.err);
    const done = pending;
    pending = null;
    setRef(false);
    done.resolve({
      exitCode: Number(code[1]),
      stdout: out.subarray(0, out.length - (code[0] as string).length),
      stderr: err.subarray(0, err.length - boundary.length - 2).toString('utf8'),
    });
  };

  const end = (error: SessionBrokenError) => {
    const current = child;
    child = null;
    current?.kill('SIGTERM');
    const waiting = pending;
    pending = null;
    waiting?.reject(error);
  };

  const start = (): ChildProcess => {
    boundary = `TAOBOT-${randomBytes(16).toString('hex')}`;
    stderrTail = '';
    const started = spawn(program, args(), { stdio: ['pipe', 'pipe', 'pipe'] });
    started.stdout?.on('data', (chunk: Buffer) => {
      pending?.out.push(chunk);
      finishIfComplete();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      if (pending) pending.err.push(chunk);
      else stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2_000);
      finishIfComplete();
    });
    // A write to a session that just died fails here; the exit below says why.
    started.stdin?.on('error', () => {});
    started.on('error', (error) => {
      if (child === started) end(new SessionBrokenError(`cannot run ${program}: ${error.message}`));
    });
    started.on('exit', (code, signal) => {
      if (child !== started) return;
      const said = [...(pending?.err ?? []).map((b) => b.toString('utf8')), stderrTail].join('').trim();
      const last = said.split('\n').filter(Boolean).pop();
      end(new SessionBrokenError(last ?? `ssh ended (${signal ?? `exit ${String(code)}`})`));
    });
    return started;
  };

  const runOne = (commandLine: string, signal: AbortSignal | undefined, timeoutMs: number) =>
    new Promise<SessionResult>((resolve, reject) => {
      signal?.throwIfAborted();
      child ??= start();
      const timer = setTimeout(
        () => end(new SessionBrokenError(`no answer within ${timeoutMs} ms`, true)),
        timeoutMs,
      );
      const onAbort = () => end(new SessionBrokenError('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      pending = {
        out: [],
        err: [],
        resolve: (result) => {
          settle();
          resolve(result);
        },
        reject: (error) => {
          settle();
          reject(signal?.aborted ? signal.reason : error);
        },
      };
      setRef(true);
      child.stdin?.write(
        `{ ${commandLine}\n} </dev/null; printf '\\n%s %d\\n' ${boundary} "$?"; printf '\\n%s\\n' ${boundary} >&2\n`,
      );
    });

  return {
    run(commandLine, { signal, timeoutMs }) {
      const next = queue.then(() => runOne(commandLine, signal, timeoutMs));
      queue = next.catch(() => {});
      return next;
    },
    close() {
      const current = child;
      child = null;
      current?.stdin?.end();
      current?.kill('SIGTERM');
    },
  };
}
