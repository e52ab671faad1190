import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ExecutorError } from '../../shared/errors.js';
import { errnoCode } from './errno.js';
import type { FileChunk, FileEntry } from './types.js';

function checkRange(offset: number, maxBytes: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ExecutorError(`read offset ${offset} is not a whole number of bytes from 0 up`);
  }
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new ExecutorError(`read maxBytes ${maxBytes} is not a whole number of bytes from 0 up`);
  }
}

/**
 * Up to `maxBytes` of a file from `offset`, with the file's size at the time; null when the file does not exist.
 * The size comes from the open file, so a file that grows or is replaced meanwhile still gives a consistent pair.
 */
export async function readLocalFile(
  path: string,
  offset: number,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<FileChunk | null> {
  checkRange(offset, maxBytes);
  signal?.throwIfAborted();
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return null;
    throw new ExecutorError(`Cannot open ${path} for reading`, { cause });
  }
  try {
    const { size } = await file.stat();
    const length = Math.max(0, Math.min(maxBytes, size - offset));
    const data = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      signal?.throwIfAborted();
      const { bytesRead } = await file.read(data, filled, length - filled, offset + filled);
      if (bytesRead === 0) break; // truncated since fstat: return what is there
      filled += bytesRead;
    }
    return { data: data.subarray(0, filled), size };
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ExecutorError(`Cannot read ${path} (is it a folder?)`, { cause });
  } finally {
    await file.close();
  }
}

/** The regular files of a folder (symbolic links followed) with their sizes, by name; empty when it is missing. */
export async function listLocalFiles(dir: string, signal?: AbortSignal): Promise<FileEntry[]> {
  signal?.throwIfAborted();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return [];
    throw new ExecutorError(`Cannot list ${dir}: it must be a readable folder`, { cause });
  }
  const entries: FileEntry[] = [];
  for (const name of names.sort()) {
    signal?.throwIfAborted();
    try {
      const info = await stat(join(dir, name));
      if (info.isFile()) entries.push({ name, size: info.size });
    } catch (cause) {
      // Removed between listing and stat, or a dangling link: not a file of the folder any more.
      if (errnoCode(cause) !== 'ENOENT') throw new ExecutorError(`Cannot stat ${join(dir, name)}`, { cause });
    }
  }
  return entries;
}

/** Writes a file atomically: its folder is created, the content goes to a file beside it, then is renamed. */
export async function writeLocalFile(
  path: string,
  content: string | Buffer,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  const aside = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(aside, content, { signal });
    await rename(aside, path);
  } catch (cause) {
    await rm(aside, { force: true }).catch(() => {});
    if (signal?.aborted) throw cause;
    throw new ExecutorError(`Cannot write ${path}: check that its folder is writable`, { cause });
  }
}

/** Appends bytes to a file, creating it and its folder. */
export async function appendLocalFile(path: string, content: Buffer, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  try {
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, content);
  } catch (cause) {
    throw new ExecutorError(`Cannot append to ${path}: check that its folder is writable`, { cause });
  }
}

/** Removes files; missing ones are fine, folders are refused (deleting a folder is never what a caller meant). */
export async function removeLocalFiles(paths: readonly string[], signal?: AbortSignal): Promise<void> {
  for (const path of paths) {
    signal?.throwIfAborted();
    try {
      await unlink(path);
    } catch (cause) {
      const code = errnoCode(cause);
      if (code === 'ENOENT') continue;
      const hint = code === 'EISDIR' ? ': it is a folder, not a file' : '';
      throw new ExecutorError(`Cannot remove ${path}${hint}`, { cause });
    }
  }
}
