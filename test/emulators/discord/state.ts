import { EventEmitter } from 'node:events';

/** What the emulator records, for tests to wait on and assert against. */

export interface RecordedAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  url: string;
}

/** One version of a message: its creation, or an edit. */
export interface MessageVersion {
  at: number;
  /** How the version was made: a bot REST call, or the interaction webhook (reply, edit of @original). */
  via: 'channel' | 'webhook' | 'callback';
  content: string;
  embeds: Array<Record<string, unknown>>;
  components: Array<Record<string, unknown>>;
  attachments: RecordedAttachment[];
}

export interface RecordedMessage {
  id: string;
  channelId: string;
  /** Messages made through an interaction token carry the interaction's id. */
  interactionId?: string;
  /** 64 = ephemeral (only the invoking user sees it). */
  flags: number;
  /** A reply points at the message it answers. */
  replyTo?: string;
  /** A deferred reply shows "thinking…" until it is edited. */
  deferred: boolean;
  /** ISO creation time, as the API reports it. */
  timestamp: string;
  versions: MessageVersion[];
  deleted: boolean;
}

export interface RecordedCallback {
  at: number;
  /** 4 message, 5 deferred message, 6 deferred update, 7 update, 9 modal. */
  type: number;
  data: Record<string, unknown> | undefined;
}

export interface RecordedInteraction {
  id: string;
  token: string;
  applicationId: string;
  /** 2 application command, 3 message component. */
  type: 2 | 3;
  name?: string;
  customId?: string;
  channelId: string;
  userId: string;
  /** The message a button sits on. */
  messageId?: string;
  /** When the INTERACTION_CREATE was handed to the gateway (ms, performance clock of this process). */
  injectedAt: number;
  /** When a connected bot was sent the dispatch (later than injectedAt while the gateway is down). */
  deliveredAt?: number;
  callbacks: RecordedCallback[];
  /** The message the interaction's token edits as `@original`. */
  originalId?: string;
}

export interface RecordedChannel {
  id: string;
  /** 0 text, 1 DM, 11 public thread. */
  type: number;
  name: string;
  guildId?: string;
  parentId?: string;
  /** Whether the bot may start threads here (a permission in real Discord). */
  threads: boolean;
  recipientId?: string;
}

export interface RecordedCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options?: unknown[];
  default_member_permissions: string | null;
  guild_id?: string;
  [key: string]: unknown;
}

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  status: number;
}

export interface GatewayStats {
  identifies: number;
  resumes: number;
  /** Dispatches sent again after a RESUME. */
  replayed: number;
  connections: number;
}

/** The emulator's recorded world, with a change signal so tests wait on states instead of sleeping. */
export class EmulatorState {
  readonly messages = new Map<string, RecordedMessage>();
  readonly interactions = new Map<string, RecordedInteraction>();
  readonly channels = new Map<string, RecordedChannel>();
  /** Registered commands per application and scope, keyed `<application id>:<'global' or a guild id>`. */
  readonly commands = new Map<string, RecordedCommand[]>();
  readonly commandPuts: Array<{ at: number; applicationId: string; scope: string; names: string[] }> = [];
  readonly requests: RecordedRequest[] = [];
  readonly gateway: GatewayStats = { identifies: 0, resumes: 0, replayed: 0, connections: 0 };
  private readonly changes = new EventEmitter();

  constructor() {
    this.changes.setMaxListeners(0);
  }

  /** The commands an application registered globally ('global') or in a guild. */
  commandsOf(scope: string, applicationId: string): RecordedCommand[] | undefined {
    return this.commands.get(`${applicationId}:${scope}`);
  }

  changed(): void {
    this.changes.emit('change');
  }

  /** Messages of a channel (a thread is a channel), oldest first. */
  channelMessages(channelId: string): RecordedMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.deleted);
  }

  latest(message: RecordedMessage): MessageVersion {
    return message.versions[message.versions.length - 1] as MessageVersion;
  }

  /**
   * Resolves with the first non-undefined value of `probe`, checked now and after every recorded change; fails
   * after `timeoutMs` with what it waited for.
   */
  until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const first = probe();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
    });
  }
}
