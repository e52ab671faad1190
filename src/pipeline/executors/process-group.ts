import { readdir, readFile } from 'node:fs/promises';
import { ExecutorError } from '../../shared/errors.js';
import { errnoCode } from './errno.js';

/** The fields of `/proc/<pid>/stat` the executor needs. */
export interface ProcStat {
  pid: number;
  /** One letter: R running, S sleeping, D disk wait, Z zombie, T stopped, X dead… */
  state: string;
  ppid: number;
  pgrp: number;
}

/**
 * Parses a `/proc/<pid>/stat` line, or null when it is not one. The command name sits in parentheses and may
 * itself hold spaces and parentheses, so the fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open));
  const [state, ppid, pgrp] = text
    .slice(close + 1)
    .trim()
    .split(' ');
  if (!Number.isInteger(pid) || state === undefined || !/^[A-Za-z]$/.test(state)) return null;
  const numbers = [Number(ppid), Number(pgrp)];
  if (!numbers.every(Number.isInteger)) return null;
  return { pid, state, ppid: numbers[0] as number, pgrp: numbers[1] as number };
}

/** Checks a stored pid before it is used as a process group: -1 or 0 would signal far more than one run. */
export function checkGroupId(pid: unknown): number {
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid < 2) {
    throw new ExecutorError(
      `The process handle has no usable pid (${String(pid)}): it must be an integer above 1`,
    );
  }
  if (pid === process.pid) {
    throw new ExecutorError(
      `The process handle points at taobot itself (pid ${pid}): the stored handle is wrong`,
    );
  }
  return pid;
}

/**
 * Sends a signal to every process of a group; false when the group does not exist. Signal 0 only asks whether it
 * does: EPERM then means it exists under another user, which counts as existing.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (cause) {
    const code = errnoCode(cause);
    if (code === 'ESRCH') return false;
    if (code === 'EPERM' && signal === 0) return true;
    throw new ExecutorError(`Cannot send ${signal} to process group ${pgid}: it belongs to another user`, {
      cause,
    });
  }
}

async function readProcStat(pid: number | string): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // The process ended between listing and reading, or /proc is not Linux's: either way no live process here.
    return null;
  }
}

const isLive = (stat: ProcStat | null, pgid: number): boolean =>
  stat !== null && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X';

let procAvailable: boolean | undefined;

async function hasProcfs(): Promise<boolean> {
  procAvailable ??= (await readProcStat('self')) !== null;
  return procAvailable;
}

/**
 * Whether any process of the group is alive. `kill(-pgid, 0)` also succeeds while members are zombies: dead
 * processes whose parent has not collected them, which lasts forever under an init that does not reap orphans
 * (many containers) and for a while for taobot's own children. Where /proc exists, the group counts as alive only
 * if a member is not a zombie; the group leader is looked at first so that the usual case reads one file.
 */
export async function isGroupAlive(pgid: number): Promise<boolean> {
  if (!signalGroup(pgid, 0)) return false;
  if (!(await hasProcfs())) return true;
  if (isLive(await readProcStat(pgid), pgid)) return true;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (/^\d+$/.test(entry) && isLive(await readProcStat(entry), pgid)) return true;
  }
  return false;
}
