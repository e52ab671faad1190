import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Card, ChatSink, CommandRequest, MessageRef, Reply } from '../../core/types.js';
import { renderCardLine, renderCardText } from './render.js';

export const SHELL_CHANNEL = 'terminal';

/**
 * The terminal chat adapter: reads commands line by line from stdin (a TTY or a pipe) and prints cards. On a TTY
 * the live status message is redrawn in place when it is the last thing on screen; piped, each update prints
 * as one new line.
 */
export interface ShellAdapter {
  sink: ChatSink;
  /** Resolves when stdin ends. */
  run(onCommand: (request: CommandRequest, reply: Reply) => Promise<void>): Promise<void>;
}

export function createShellAdapter(options: {
  input: Readable;
  output: Writable & { isTTY?: boolean };
  user?: string;
}): ShellAdapter {
  const { input, output } = options;
  const tty = Boolean(output.isTTY);
  const user = options.user ?? safeUserName();
  let counter = 0;
  /** The message last printed and how many lines it took, so it can be redrawn while it is still last. */
  let last: { ref: string; lines: number } | null = null;

  const print = (text: string, ref: string | null) => {
    output.write(text);
    last = ref ? { ref, lines: text.split('\n').length - 1 } : null;
  };

  const sink: ChatSink = {
    platform: 'shell',
    threads: false,
    async post(channelId, card) {
      counter += 1;
      const ref = `m${counter}`;
      print(renderCardText(card, { color: tty }), ref);
      return { platform: 'shell', channelId, messageRef: ref };
    },
    async update(ref: MessageRef, card: Card) {
      if (tty && last?.ref === ref.messageRef) {
        // Cursor up over the previous rendering of this message, clear to the end of the screen, redraw.
        output.write(`\u001b[${last.lines}F\u001b[J`);
        print(renderCardText(card, { color: true }), ref.messageRef);
      } else if (tty) {
        print(renderCardText(card, { color: true }), ref.messageRef);
      } else {
        print(renderCardLine(card), null);
      }
    },
    async ephemeral(_channelId, _userId, card) {
      print(renderCardText(card, { color: tty }), null);
    },
    async image(_channelId, image) {
      print(`${image.title}: ${image.path ?? image.url}\n`, null);
    },
  };

  return {
    sink,
    async run(onCommand) {
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
      for await (const line of lines) {
        const request = parseShellLine(line, user);
        if (!request) continue;
        const reply: Reply = {
          post: (card) => sink.post(SHELL_CHANNEL, card),
          ephemeral: (card) => sink.ephemeral(SHELL_CHANNEL, user, card),
        };
        // One line after the other, as typed: commands only queue work, so none of them blocks for long.
        await onCommand(request, reply);
      }
    },
  };
}

/**
 * `/train ssd_resnet18 epochs=6` → a CommandRequest; blank lines and `#` comments are ignored. `@name /approve 3`
 * types one line as another person: whoever holds the terminal holds the machine, so this is no security boundary,
 * but it lets one terminal show four-eyes approvals (`access.approvers`, `selfApproval: false`).
 */
export function parseShellLine(line: string, defaultUser: string): CommandRequest | null {
  let trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  let user = defaultUser;
  const as = /^@([\w.-]{1,64})\s+(.*)$/.exec(trimmed);
  if (as) {
    user = as[1] as string;
    trimmed = (as[2] as string).trim();
  }
  const match = /^\/?([a-z][a-z0-9_-]*)\s*(.*)$/i.exec(trimmed);
  const command = match?.[1]?.toLowerCase() ?? trimmed;
  return {
    platform: 'shell',
    command,
    input: { text: match?.[2] ?? '' },
    user: { platform: 'shell', id: user, name: user },
    channelId: SHELL_CHANNEL,
  };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
