import { ExecutorError } from '../../shared/errors.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, type SshTransport } from './ssh-transport.js';
import type { FileChunk, FileEntry } from './types.js';

// Each operation is one fixed POSIX sh program run as `sh -c PROGRAM NAME ARGS...`: paths arrive as positional
// parameters and are never parsed by a shell. They need GNU coreutils and findutils (every Linux distribution,
// Jetson's L4T included).

/**
 * Prints `missing`, or the size and then at most `max` bytes from `off`. The size is taken before the bytes and
 * bounds them, as the local executor's fstat does, so a file growing meanwhile still gives a consistent pair.
 * `tail -c +N` seeks on a regular file: only the new bytes are read, however long the file.
 */
const READ = `p=$1 off=$2 max=$3
if [ ! -e "$p" ]; then echo missing; exit 0; fi
if [ -d "$p" ]; then echo "$p is a folder" >&2; exit 21; fi
if [ ! -r "$p" ]; then echo "$p is not readable" >&2; exit 13; fi
size=$(stat -L -c %s -- "$p") || exit
n=$((size - off))
if [ "$n" -gt "$max" ]; then n=$max; fi
echo "$size"
if [ "$n" -gt 0 ]; then tail -c +"$((off + 1))" -- "$p" | head -c "$n"; fi`;

/**
 * READ for several files at once, taking (path, offset, max) triples: for each, `missing` or `SIZE N` on a line,
 * then exactly N bytes. One round trip follows all of a run's files.
 */
const READ_MANY = `while [ "$#" -ge 3 ]; do
  p=$1 off=$2 max=$3
  shift 3
  if [ ! -e "$p" ]; then echo missing; continue; fi
  if [ ! -f "$p" ] || [ ! -r "$p" ]; then echo "$p is not a readable file" >&2; exit 13; fi
  size=$(stat -L -c %s -- "$p") || exit
  n=$((size - off))
  if [ "$n" -gt "$max" ]; then n=$max; fi
  if [ "$n" -lt 0 ]; then n=0; fi
  echo "$size $n"
  if [ "$n" -gt 0 ]; then tail -c +"$((off + 1))" -- "$p" | head -c "$n"; fi
done`;

/** Regular files (links followed) as NAME NUL SIZE NUL, so any name survives; nothing when the folder is missing. */
const LIST = `d=$1
if [ ! -e "$d" ]; then exit 0; fi
if [ ! -d "$d" ]; then echo "$d is not a folder" >&2; exit 20; fi
find -L "$d" -mindepth 1 -maxdepth 1 -type f -printf '%f\\0%s\\0'`;

/** stdin goes to a file beside the target, which is then renamed over it: a reader never sees half a file. */
const WRITE = `p=$1
d=$(dirname -- "$p") && mkdir -p -- "$d" || exit
t="$d/.$(basename -- "$p").$$.tmp"
cat > "$t" && mv -f -- "$t" "$p" && exit 0
code=$?
rm -f -- "$t"
exit "$code"`;

/** stdin is appended to the file, which is created with its folder when missing. */
const APPEND = `p=$1
d=$(dirname -- "$p") && mkdir -p -- "$d" || exit
cat >> "$p"`;

const REMOVE = `for p in "$@"; do
  if [ -d "$p" ] && [ ! -L "$p" ]; then echo "$p is a folder, not a file" >&2; exit 21; fi
  rm -f -- "$p" || exit
done`;

const sh = (program: string, name: string, ...args: string[]): string[] => [
  '/bin/sh',
  '-c',
  program,
  name,
  ...args,
];

function failure(
  ssh: SshTransport,
  what: string,
  result: { exitCode: number; stderr: string },
): ExecutorError {
  const message = result.stderr.trim() || `exit code ${result.exitCode}`;
  return new ExecutorError(`Cannot ${what} on ${ssh.label}: ${message}`);
}

function checkRange(offset: number, maxBytes: number): void {
  for (const [name, value] of [
    ['offset', offset],
    ['maxBytes', maxBytes],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ExecutorError(`read ${name} ${value} is not a whole number of bytes from 0 up`);
    }
  }
}

/** The most bytes one ssh round trip carries: a bigger read is split, so memory stays bounded per call. */
export const READ_PIECE_BYTES = 16 * 2 ** 20;

async function readPiece(
  ssh: SshTransport,
  path: string,
  offset: number,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<FileChunk | null> {
  const result = await ssh.query(sh(READ, 'taobot-read', path, String(offset), String(maxBytes)), { signal });
  if (result.exitCode !== 0) throw failure(ssh, `read ${path}`, result);
  const newline = result.stdout.indexOf(0x0a);
  const head = result.stdout.subarray(0, newline).toString('latin1');
  if (head === 'missing') return null;
  const size = Number(head);
  if (newline < 0 || !Number.isSafeInteger(size)) {
    throw new ExecutorError(`Cannot read ${path} on ${ssh.label}: unexpected answer ${JSON.stringify(head)}`);
  }
  return { data: result.stdout.subarray(newline + 1), size };
}

/** Up to `maxBytes` of a remote file from `offset`, with its size; null when it does not exist. */
export async function readRemoteFile(
  ssh: SshTransport,
  path: string,
  offset: number,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<FileChunk | null> {
  checkRange(offset, maxBytes);
  const first = await readPiece(ssh, path, offset, Math.min(maxBytes, READ_PIECE_BYTES), signal);
  if (first === null || first.data.length < READ_PIECE_BYTES || maxBytes <= READ_PIECE_BYTES) {
    return first;
  }
  // A large read (a model being copied) goes on piece by piece, bounded by the size first seen.
  const pieces = [first.data];
  let read = first.data.length;
  const want = Math.min(maxBytes, first.size - offset);
  while (read < want) {
    const next = await readPiece(ssh, path, offset + read, Math.min(want - read, READ_PIECE_BYTES), signal);
    if (next === null || next.data.length === 0) break;
    pieces.push(next.data);
    read += next.data.length;
  }
  return { data: Buffer.concat(pieces), size: first.size };
}

/** The regular files of a remote folder with their sizes, by name; empty when the folder is missing. */
export async function listRemoteFiles(
  ssh: SshTransport,
  dir: string,
  signal?: AbortSignal,
): Promise<FileEntry[]> {
  const result = await ssh.query(sh(LIST, 'taobot-list', dir), { signal });
  if (result.exitCode !== 0) throw failure(ssh, `list ${dir}`, result);
  const fields = result.stdout.toString('utf8').split('\0');
  const entries: FileEntry[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    entries.push({ name: fields[i] as string, size: Number(fields[i + 1]) });
  }
  // The same order as the local executor's sorted readdir.
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Writes a remote file atomically, creating its folder. */
export async function writeRemoteFile(
  ssh: SshTransport,
  path: string,
  content: string | Buffer,
  signal?: AbortSignal,
): Promise<void> {
  const input = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // A large file (a model for a Jetson) may take a while on a slow link: about 100 kB/s is allowed on top.
  const timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS + Math.ceil(input.length / 100);
  const result = await ssh.run(sh(WRITE, 'taobot-write', path), { input, signal, timeoutMs });
  if (result.exitCode !== 0) throw failure(ssh, `write ${path}`, result);
}

/** Appends bytes to a remote file, creating it and its folder. */
export async function appendRemoteFile(
  ssh: SshTransport,
  path: string,
  content: Buffer,
  signal?: AbortSignal,
): Promise<void> {
  // The same allowance for a slow link as a write.
  const timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS + Math.ceil(content.length / 100);
  const result = await ssh.run(sh(APPEND, 'taobot-append', path), { input: content, signal, timeoutMs });
  if (result.exitCode !== 0) throw failure(ssh, `append to ${path}`, result);
}

/** Removes remote files; missing ones are fine, folders are refused. */
export async function removeRemoteFiles(
  ssh: SshTransport,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<void> {
  if (paths.length === 0) return;
  const result = await ssh.query(sh(REMOVE, 'taobot-remove', ...paths), { signal });
  if (result.exitCode !== 0) throw failure(ssh, 'remove files', result);
}

/** Several reads in one round trip (see READ_MANY); each answer in the order asked, null for a missing file. */
export async function readManyRemoteFiles(
  ssh: SshTransport,
  requests: ReadonlyArray<{ path: string; offset: number; maxBytes: number }>,
  signal?: AbortSignal,
): Promise<Array<FileChunk | null>> {
  if (requests.length === 0) return [];
  let total = 0;
  for (const request of requests) {
    checkRange(request.offset, request.maxBytes);
    total += request.maxBytes;
  }
  if (total > READ_PIECE_BYTES) {
    // Big reads keep their own bounded round trips.
    return Promise.all(requests.map((r) => readRemoteFile(ssh, r.path, r.offset, r.maxBytes, signal)));
  }
  const args = requests.flatMap((r) => [r.path, String(r.offset), String(r.maxBytes)]);
  const result = await ssh.query(sh(READ_MANY, 'taobot-read-many', ...args), { signal });
  if (result.exitCode !== 0) throw failure(ssh, 'read files', result);
  const out = result.stdout;
  const answers: Array<FileChunk | null> = [];
  let at = 0;
  for (const request of requests) {
    const newline = out.indexOf(0x0a, at);
    const head = newline < 0 ? '' : out.subarray(at, newline).toString('latin1');
    if (head === 'missing') {
      answers.push(null);
      at = newline + 1;
      continue;
    }
    const [size, length] = head.split(' ').map(Number);
    const end = newline + 1 + (length ?? -1);
    if (!Number.isSafeInteger(size) || !Number.isSafeInteger(length) || end > out.length) {
      // A file cut short between its size and its bytes (recreated meanwhile): the next pass reads it again.
      throw new ExecutorError(`Cannot read ${request.path} on ${ssh.label}: the answer was cut short`);
    }
    answers.push({ data: out.subarray(newline + 1, end), size: size as number });
    at = end;
  }
  return answers;
}
