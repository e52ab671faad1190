/**
 * The platform-neutral contract between adapters and the bot core. Adapters (terminal, Slack, Discord) turn
 * what their platform sends into a CommandRequest or a ButtonClick, and render Cards; the core never sees a
 * platform SDK.
 */
export type Platform = 'shell' | 'slack' | 'discord';

export interface Actor {
  platform: Platform;
  id: string;
  name?: string;
}

/** `slack:U0123`, `discord:4000…`, `shell:alice`: how access rules name people. */
export const identityOf = (actor: Actor): string => `${actor.platform}:${actor.id}`;

export interface CommandRequest {
  platform: Platform;
  /** The command name without its slash: 'train'. */
  command: string;
  /** The argument text as typed (Slack, terminal), or typed options (Discord). */
  input: { text: string } | { options: Record<string, string | number | boolean> };
  user: Actor;
  channelId: string;
  /** The thread the command was typed in, where the platform has threads. */
  threadRef?: string;
}

export interface ButtonClick {
  platform: Platform;
  /** What the button does ('approve', 'reject', 'prune'…). */
  action: string;
  /** The only payload a button carries: an id (of an approval, a run…). */
  value: string;
  user: Actor;
  channelId: string;
  messageRef?: string;
}

export type Tone = 'info' | 'progress' | 'success' | 'warning' | 'danger';

export interface CardButton {
  action: string;
  value: string;
  label: string;
  style?: 'primary' | 'danger' | 'default';
}

/** A message in platform-neutral form: adapters render it as Block Kit, Discord embeds or terminal text. */
export interface Card {
  title: string;
  tone?: Tone;
  /** Short paragraphs of plain text (a line each). */
  lines?: string[];
  fields?: Array<{ label: string; value: string }>;
  progress?: { current: number; total: number };
  table?: { headers: string[]; rows: string[][]; align?: Array<'left' | 'right'> };
  image?: { path?: string; url?: string; alt: string };
  buttons?: CardButton[];
  footer?: string;
}

/** Where a posted message lives, so it can be edited later (stored in chat_messages). */
export interface MessageRef {
  platform: Platform;
  channelId: string;
  messageRef: string;
  threadRef?: string;
}

/**
 * The outbound port each adapter implements: five verbs. `post` answers in a channel (or thread); `update` edits
 * a message in place; `ephemeral` is seen by one person only where the platform allows it.
 */
export interface ChatSink {
  readonly platform: Platform;
  /** Whether the platform threads replies under a message (Slack, Discord); the terminal does not. */
  readonly threads: boolean;
  post(channelId: string, card: Card, options?: { threadRef?: string }): Promise<MessageRef>;
  update(ref: MessageRef, card: Card): Promise<void>;
  ephemeral(channelId: string, userId: string, card: Card): Promise<void>;
  image(
    channelId: string,
    image: { path?: string; url?: string; title: string },
    options?: { threadRef?: string },
  ): Promise<void>;
}

/** How a command answers the person who typed it. */
export interface Reply {
  /** A visible answer in the channel (or thread): the run's status card, a table. */
  post(card: Card): Promise<MessageRef>;
  /** Only for the person who typed (errors, previews). */
  ephemeral(card: Card): Promise<void>;
}

/** What the core gives an adapter to call when something arrives from its platform. */
export interface InboundHandlers {
  command(request: CommandRequest, reply: Reply): Promise<void>;
  click(click: ButtonClick, reply: Reply): Promise<void>;
}

/**
 * A chat platform adapter: it translates inbound events into CommandRequest/ButtonClick (acking within the
 * platform's limit before any slow work) and renders cards through its sink.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  readonly sink: ChatSink;
  start(handlers: InboundHandlers): Promise<void>;
  stop(): Promise<void>;
}
