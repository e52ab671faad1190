import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { guildCreateJson, readyJson } from './payloads.js';
import type { EmulatorState } from './state.js';

/**
 * The gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats and their ACKs, and RESUME with a replay of
 * every dispatch the bot missed while its socket was down (the way Discord keeps a session for a while after a
 * disconnect). Payloads are plain JSON: discord.js asks for zlib-stream only when `zlib-sync` is installed.
 */
interface Session {
  id: string;
  applicationId: string;
  seq: number;
  /** Every dispatch of the session, for replay after a RESUME. */
  sent: Array<{ s: number; frame: string; onSent?: () => void; delivered: boolean }>;
  socket?: WebSocket;
}

export interface Gateway {
  /** Sends a dispatch to every session of the application (buffered while its socket is down). */
  dispatch(applicationId: string, event: string, data: unknown, onSent?: () => void): void;
  /** Closes the bots' sockets: with a close code (4000 → discord.js resumes), or abruptly (TCP reset). */
  drop(options?: { code?: number; abrupt?: boolean }): void;
  /** Whether a bot of the application has a live, identified or resumed socket. */
  connected(applicationId: string): boolean;
  close(): Promise<void>;
}

export function createGateway(options: {
  server: Server;
  state: EmulatorState;
  bots: ReadonlyMap<string, string>;
  guildId: string;
  url: () => string;
  heartbeatIntervalMs: number;
}): Gateway {
  const { state } = options;
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Map<string, Session>();
  let sessionCounter = 0;

  options.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!request.url?.startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  });

  const send = (socket: WebSocket, payload: unknown) => socket.send(JSON.stringify(payload));

  const push = (session: Session, event: string, data: unknown, onSent?: () => void) => {
    session.seq += 1;
    const entry = {
      s: session.seq,
      frame: JSON.stringify({ op: 0, t: event, s: session.seq, d: data }),
      onSent,
      delivered: false,
    };
    session.sent.push(entry);
    if (session.sent.length > 5000) session.sent.shift();
    deliver(session, entry);
  };

  const deliver = (session: Session, entry: Session['sent'][number]) => {
    if (!session.socket || session.socket.readyState !== session.socket.OPEN) return;
    session.socket.send(entry.frame);
    if (!entry.delivered) {
      entry.delivered = true;
      entry.onSent?.();
    }
  };

  function accept(ws: WebSocket) {
    state.gateway.connections += 1;
    let session: Session | undefined;
    send(ws, { op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs }, s: null, t: null });
    ws.on('message', (raw) => {
      let payload: { op?: number; d?: Record<string, unknown> | number | null };
      try {
        payload = JSON.parse(String(raw)) as typeof payload;
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      const d = (payload.d ?? {}) as Record<string, unknown>;
      switch (payload.op) {
        case 1:
          send(ws, { op: 11 });
          return;
        case 2: {
          const applicationId = options.bots.get(String(d.token));
          if (!applicationId) {
            ws.close(4004, 'Authentication failed.');
            return;
          }
          sessionCounter += 1;
          session = { id: `session-${sessionCounter}`, applicationId, seq: 0, sent: [], socket: ws };
          sessions.set(session.id, session);
          state.gateway.identifies += 1;
          push(
            session,
            'READY',
            readyJson({ applicationId, guildId: options.guildId, sessionId: session.id, url: options.url() }),
          );
          // Right after READY, or discord.js waits up to 15 s for the guilds READY announced.
          push(session, 'GUILD_CREATE', guildCreateJson(options.guildId, [...state.channels.values()]));
          state.changed();
          return;
        }
        case 6: {
          const resumed = sessions.get(String(d.session_id));
          if (!resumed || options.bots.get(String(d.token)) !== resumed.applicationId) {
            send(ws, { op: 9, d: false, s: null, t: null });
            return;
          }
          if (resumed.socket && resumed.socket !== ws) resumed.socket.terminate();
          resumed.socket = ws;
          session = resumed;
          state.gateway.resumes += 1;
          const after = Number(d.seq ?? 0);
          for (const entry of resumed.sent.filter((e) => e.s > after)) {
            state.gateway.replayed += 1;
            deliver(resumed, entry);
          }
          push(resumed, 'RESUMED', null);
          state.changed();
          return;
        }
        default:
          return;
      }
    });
    ws.on('close', () => {
      if (session?.socket === ws) session.socket = undefined;
      state.changed();
    });
    ws.on('error', () => {});
  }

  return {
    dispatch(applicationId, event, data, onSent) {
      for (const session of sessions.values()) {
        if (session.applicationId === applicationId) push(session, event, data, onSent);
      }
    },
    drop({ code = 4000, abrupt = false } = {}) {
      for (const session of sessions.values()) {
        const socket = session.socket;
        if (!socket) continue;
        session.socket = undefined;
        if (abrupt) socket.terminate();
        else socket.close(code, 'emulator dropped the connection');
      }
      state.changed();
    },
    connected(applicationId) {
      return [...sessions.values()].some(
        (s) =>
          s.applicationId === applicationId &&
          s.socket !== undefined &&
          s.socket.readyState === s.socket.OPEN,
      );
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
