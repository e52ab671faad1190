import { blockKitProblems } from './block-kit.js';
import type { MessageStore, StoredFile } from './store.js';

/** Who the emulated workspace is. */
export const WORKSPACE = {
  teamId: 'T0EMU',
  teamDomain: 'emulated',
  appId: 'A0EMU',
  botUserId: 'U0BOT',
  botId: 'B0BOT',
} as const;

export interface WebApiContext {
  store: MessageStore;
  botToken: string;
  /** App-level tokens of the apps installed in the workspace (Socket Mode connects with one). */
  appTokens: ReadonlySet<string>;
  /** A fresh Socket Mode URL whose ticket names the app that asked for it. */
  socketUrl(appToken: string): string;
  uploadUrl(fileId: string): string;
  /** Channels the bot cannot see (a private channel it was not invited to): chat.* answers channel_not_found. */
  hiddenChannels: ReadonlySet<string>;
}

type Args = Record<string, unknown>;
type Answer = Record<string, unknown> & { ok: boolean };

const fail = (error: string, extra: Record<string, unknown> = {}): Answer => ({ ok: false, error, ...extra });
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const blocksOf = (value: unknown) => (Array.isArray(value) ? value : []);

/**
 * The Web API methods Bolt and the adapter call, answering what Slack answers (shapes from
 * `web-api/src/types/response`). Every method but apps.connections.open wants the bot token; that one wants the
 * app-level token, as Slack does.
 */
export function callWebApi(context: WebApiContext, method: string, args: Args, bearer: string): Answer {
  if (method === 'apps.connections.open') {
    if (!context.appTokens.has(bearer)) return fail('invalid_auth');
    return { ok: true, url: context.socketUrl(bearer) };
  }
  if (bearer !== context.botToken) return fail(bearer ? 'invalid_auth' : 'not_authed');
  const { store } = context;
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: `https://${WORKSPACE.teamDomain}.slack.com/`,
        team: 'Emulated',
        user: 'taobot',
        team_id: WORKSPACE.teamId,
        user_id: WORKSPACE.botUserId,
        bot_id: WORKSPACE.botId,
        is_enterprise_install: false,
      };
    case 'chat.postMessage': {
      const problem = checkContent(context, args);
      if (problem) return problem;
      const channel = text(args.channel);
      const threadTs = text(args.thread_ts) || undefined;
      if (threadTs && !store.find(channel, threadTs)) return fail('thread_not_found');
      const message = store.post({ channel, threadTs, text: text(args.text), blocks: blocksOf(args.blocks) });
      return { ok: true, channel, ts: message.ts, message: messageJson(message) };
    }
    case 'chat.update': {
      const problem = checkContent(context, args);
      if (problem) return problem;
      const message = store.find(text(args.channel), text(args.ts));
      if (!message) return fail('message_not_found');
      message.edits.push({ at: Date.now(), text: text(args.text), blocks: blocksOf(args.blocks) });
      return { ok: true, channel: message.channel, ts: message.ts, text: text(args.text) };
    }
    case 'chat.postEphemeral': {
      const problem = checkContent(context, args);
      if (problem) return problem;
      if (!text(args.user)) return fail('user_not_in_channel');
      store.ephemerals.push({
        channel: text(args.channel),
        user: text(args.user),
        text: text(args.text),
        blocks: blocksOf(args.blocks),
        at: Date.now(),
      });
      return { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.000000` };
    }
    case 'files.getUploadURLExternal': {
      const length = Number(args.length);
      if (!text(args.filename)) return fail('invalid_arguments');
      if (!Number.isInteger(length) || length <= 0) return fail('invalid_length');
      const id = `F0EMU${String(store.files.size + 1).padStart(5, '0')}`;
      store.files.set(id, {
        id,
        filename: text(args.filename),
        declaredLength: length,
        altText: text(args.alt_text) || undefined,
      });
      return { ok: true, upload_url: context.uploadUrl(id), file_id: id };
    }
    case 'files.completeUploadExternal':
      return completeUpload(context, args);
    default:
      return fail('unknown_method');
  }
}

function checkContent(context: WebApiContext, args: Args): Answer | null {
  if (!text(args.channel) || context.hiddenChannels.has(text(args.channel))) return fail('channel_not_found');
  if (!text(args.text) && blocksOf(args.blocks).length === 0) return fail('no_text');
  const problems = blockKitProblems(args.blocks);
  if (problems.length > 0) return fail('invalid_blocks', { response_metadata: { messages: problems } });
  return null;
}

/** Shares uploaded files: each must have been uploaded whole; the share is a message in the channel or thread. */
function completeUpload(context: WebApiContext, args: Args): Answer {
  const { store } = context;
  const entries = Array.isArray(args.files) ? (args.files as Array<{ id?: string; title?: string }>) : [];
  if (entries.length === 0) return fail('invalid_arguments');
  const files: StoredFile[] = [];
  for (const entry of entries) {
    const file = entry.id ? store.files.get(entry.id) : undefined;
    if (!file?.bytes) return fail('file_not_found');
    if (file.bytes.length !== file.declaredLength) return fail('file_upload_size_mismatch');
    file.title = entry.title ?? file.filename;
    files.push(file);
  }
  const channel = text(args.channel_id);
  const threadTs = text(args.thread_ts) || undefined;
  if (channel && context.hiddenChannels.has(channel)) return fail('channel_not_found');
  if (channel) {
    if (threadTs && !store.find(channel, threadTs)) return fail('thread_not_found');
    for (const file of files) {
      file.channel = channel;
      file.threadTs = threadTs;
    }
    store.post({ channel, threadTs, text: text(args.initial_comment), blocks: [] }, files);
  }
  return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, name: f.filename })) };
}

function messageJson(message: { ts: string; text: string; blocks: unknown[]; threadTs?: string }) {
  return {
    type: 'message',
    ts: message.ts,
    text: message.text,
    blocks: message.blocks,
    bot_id: WORKSPACE.botId,
    user: WORKSPACE.botUserId,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
  };
}
