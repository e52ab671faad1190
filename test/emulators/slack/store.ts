/** What the emulated workspace holds: messages with their edit history, threads, ephemerals and files. */

export interface StoredMessage {
  channel: string;
  ts: string;
  /** Set on thread replies: the ts of the thread's parent. */
  threadTs?: string;
  text: string;
  blocks: unknown[];
  postedAt: number;
  /** Every accepted chat.update, oldest first. */
  edits: Array<{ at: number; text: string; blocks: unknown[] }>;
  /** Files shared with this message (a files.completeUploadExternal share). */
  files: StoredFile[];
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[];
  at: number;
}

export interface StoredFile {
  id: string;
  filename: string;
  declaredLength: number;
  altText?: string;
  title?: string;
  bytes?: Buffer;
  channel?: string;
  threadTs?: string;
}

export interface MessageStore {
  readonly messages: StoredMessage[];
  readonly ephemerals: EphemeralMessage[];
  readonly files: Map<string, StoredFile>;
  post(
    message: Omit<StoredMessage, 'ts' | 'postedAt' | 'edits' | 'files'>,
    files?: StoredFile[],
  ): StoredMessage;
  find(channel: string, ts: string): StoredMessage | undefined;
  /** Top-level messages of a channel, oldest first. */
  channel(channel: string): StoredMessage[];
  /** Replies in the thread under `ts`, oldest first. */
  thread(channel: string, ts: string): StoredMessage[];
}

export function createMessageStore(): MessageStore {
  const messages: StoredMessage[] = [];
  // Slack's ts is "<unix seconds>.<6 digits>", unique per channel and increasing; a global sequence keeps that.
  const base = Math.floor(Date.now() / 1000);
  let sequence = 0;
  return {
    messages,
    ephemerals: [],
    files: new Map(),
    post(message, files = []) {
      sequence += 1;
      const stored: StoredMessage = {
        ...message,
        ts: `${base + Math.floor(sequence / 1_000_000)}.${String(sequence % 1_000_000).padStart(6, '0')}`,
        postedAt: Date.now(),
        edits: [],
        files,
      };
      messages.push(stored);
      return stored;
    },
    find: (channel, ts) => messages.find((m) => m.channel === channel && m.ts === ts),
    channel: (channel) => messages.filter((m) => m.channel === channel && m.threadTs === undefined),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && m.threadTs === ts),
  };
}

/** The text a person would read in a message's blocks (headers, sections, fields, context), for assertions. */
export function blocksText(blocks: unknown[]): string {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if ((record.type === 'plain_text' || record.type === 'mrkdwn') && typeof record.text === 'string') {
        out.push(record.text);
        return;
      }
      for (const value of Object.values(record)) visit(value);
    }
  };
  visit(blocks);
  return out.join('\n');
}

/** The current content of a message: its last edit, or what was posted. */
export function currentContent(message: StoredMessage): { text: string; blocks: unknown[] } {
  return message.edits[message.edits.length - 1] ?? { text: message.text, blocks: message.blocks };
}
