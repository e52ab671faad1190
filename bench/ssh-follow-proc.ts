/**
 * The server side of the ssh-follow benchmark, read from /proc: which sshd connections are the benchmark's own
 * (other suites may use the same sshd at the same time), and how much CPU their process trees used.
 *
 * A connection is found from both ends: the client sockets of the benchmark's ssh processes (recognised by a
 * marker in their command line) give the client ports; the server socket with that remote port belongs to one of
 * the sshd listener's children, whose whole tree (privileged monitor, user sshd, shells, tail…) serves it.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One established TCP connection to the sshd port, as /proc/net/tcp lists it from the server's end. */
interface ServerSocket {
  inode: string;
  clientPort: number;
}

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

const pids = (): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

/** The socket inodes a process holds open (empty when it is gone or not ours to look at). */
function socketInodes(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const inodes: string[] = [];
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.push(match[1] as string);
    } catch {
      // Closed meanwhile.
    }
  }
  return inodes;
}

/** Established loopback connections that involve `port`, from either end. */
function tcpTable(port: number): { server: ServerSocket[]; clientInodes: Map<string, number> } {
  const server: ServerSocket[] = [];
  const clientInodes = new Map<string, number>();
  for (const line of (read('/proc/net/tcp') ?? '').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== '01') continue;
    const localPort = Number.parseInt((fields[1] as string).split(':')[1] as string, 16);
    const remotePort = Number.parseInt((fields[2] as string).split(':')[1] as string, 16);
    const inode = fields[9] as string;
    if (localPort === port) server.push({ inode, clientPort: remotePort });
    else if (remotePort === port) clientInodes.set(inode, localPort);
  }
  return { server, clientInodes };
}

/** The client ports of the benchmark's own ssh processes (their command line holds `marker`). */
function clientPorts(marker: string, clientInodes: Map<string, number>): Set<number> {
  const ports = new Set<number>();
  for (const pid of pids()) {
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (!cmdline?.includes(marker) || !/(^|\/)ssh\b/.test(cmdline)) continue;
    for (const inode of socketInodes(pid)) {
      const port = clientInodes.get(inode);
      if (port !== undefined) ports.add(port);
    }
  }
  return ports;
}

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks: the process and its children it has reaped. */
  ticks: number;
}

function procStat(pid: number): ProcStat | null {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return null;
  // Fields after the command name (which may hold spaces) start at the state, field 3.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  return { ppid: field(4), ticks: field(14) + field(15) + field(16) + field(17) };
}

/** What one look at the benchmark's connections found. */
export interface ConnectionSample {
  /** The benchmark's established connections to the port. */
  connections: number;
  clientPorts: number[];
  /** CPU ticks of the process trees serving them. */
  ticks: number;
}

/**
 * Looks at the benchmark's connections to the sshd listening on `port` (listener `listenerPid`): how many there
 * are and the CPU ticks their server-side process trees used so far.
 */
export function sampleConnections(listenerPid: number, port: number, marker: string): ConnectionSample {
  const { server, clientInodes } = tcpTable(port);
  const ports = clientPorts(marker, clientInodes);
  const ours = new Set(server.filter((s) => ports.has(s.clientPort)).map((s) => s.inode));
  const stats = new Map<number, ProcStat>();
  const children = new Map<number, number[]>();
  for (const pid of pids()) {
    const stat = procStat(pid);
    if (!stat) continue;
    stats.set(pid, stat);
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const subtree = (root: number): number[] => [root, ...(children.get(root) ?? []).flatMap(subtree)];
  let ticks = 0;
  for (const connection of children.get(listenerPid) ?? []) {
    const tree = subtree(connection);
    if (!tree.some((pid) => socketInodes(pid).some((inode) => ours.has(inode)))) continue;
    for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  }
  return { connections: ours.size, clientPorts: [...ports], ticks };
}
