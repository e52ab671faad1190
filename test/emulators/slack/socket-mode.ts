import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/** One envelope's acknowledgement as the emulator saw it: Slack's 3-second clock starts at `sentAt`. */
export interface AckRecord {
  envelopeId: string;
  type: string;
  sentAt: number;
  ackedAt?: number;
  latencyMs?: number;
  payload?: unknown;
}

/** Which app an envelope is for (its app-level token); the newest connection of any app when absent. */
export interface Target {
  appToken?: string;
}

export interface SocketModeServer {
  readonly acks: AckRecord[];
  /** Open connections (Bolt keeps one per app). */
  connections(target?: Target): number;
  /** Resolves once a client (of that app) has connected and been sent hello. */
  waitForConnection(target?: Target, timeoutMs?: number): Promise<void>;
  /** Sends an envelope to the app's newest connection and resolves with its ack (rejects after `timeoutMs`). */
  send(type: string, payload: unknown, options?: Target & { timeoutMs?: number }): Promise<AckRecord>;
  /** Sends several envelopes in one burst, before any ack can arrive; resolves with all acks. */
  sendBurst(
    envelopes: Array<{ type: string; payload: unknown }>,
    options?: Target & { timeoutMs?: number },
  ): Promise<AckRecord[]>;
  close(): Promise<void>;
}

/**
 * The Socket Mode side of the emulator (PLATFORMS.md §2): a WebSocket endpoint at `/link` that greets each
 * client with hello, sends envelopes and records each ack with its latency. `ws` answers the client's pings, which
 * the SDK needs to stay connected.
 */
export function attachSocketMode(
  server: Server,
  appOfTicket: (ticket: string) => string | undefined,
): SocketModeServer {
  const wss = new WebSocketServer({ noServer: true });
  const sockets: Array<{ ws: WebSocket; appToken: string }> = [];
  const of = (target: Target = {}) =>
    sockets.filter((s) => target.appToken === undefined || s.appToken === target.appToken);
  const acks: AckRecord[] = [];
  const waiting = new Map<string, { record: AckRecord; resolve: (r: AckRecord) => void }>();
  const connectWaiters: Array<() => void> = [];

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const appToken = appOfTicket(url.searchParams.get('ticket') ?? '');
    // Like Slack, only a URL handed out by apps.connections.open is accepted.
    if (url.pathname !== '/link/' || !appToken) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const entry = { ws, appToken };
      sockets.push(entry);
      ws.on('close', () => sockets.splice(sockets.indexOf(entry), 1));
      ws.on('message', (data) => onMessage(data.toString()));
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.length,
          debug_info: { host: 'emulator', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0EMU' },
        }),
      );
      for (const resolve of connectWaiters.splice(0)) resolve();
    });
  });

  const onMessage = (text: string) => {
    const ackedAt = performance.now();
    let message: { envelope_id?: string; payload?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const pending = message.envelope_id ? waiting.get(message.envelope_id) : undefined;
    if (!pending) return;
    waiting.delete(pending.record.envelopeId);
    pending.record.ackedAt = ackedAt;
    pending.record.latencyMs = ackedAt - pending.record.sentAt;
    pending.record.payload = message.payload;
    pending.resolve(pending.record);
  };

  const dispatch = (type: string, payload: unknown, target: Target, timeoutMs: number) => {
    const socket = of(target).at(-1)?.ws;
    if (!socket) throw new Error('no Socket Mode client is connected');
    const record: AckRecord = { envelopeId: randomUUID(), type, sentAt: 0 };
    acks.push(record);
    const done = new Promise<AckRecord>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(record.envelopeId);
        reject(new Error(`no ack for ${type} envelope within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(record.envelopeId, {
        record,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
    const frame = JSON.stringify({
      envelope_id: record.envelopeId,
      type,
      accepts_response_payload: type === 'slash_commands',
      payload,
    });
    record.sentAt = performance.now();
    socket.send(frame);
    return done;
  };

  return {
    acks,
    connections: (target) => of(target).length,
    waitForConnection(target, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no Socket Mode connection')), timeoutMs);
        const check = (): void => {
          if (of(target).length === 0) {
            connectWaiters.push(check);
            return;
          }
          clearTimeout(timer);
          resolve();
        };
        check();
      });
    },
    send: (type, payload, options = {}) => dispatch(type, payload, options, options.timeoutMs ?? 10_000),
    sendBurst(envelopes, options = {}) {
      return Promise.all(
        envelopes.map((e) => dispatch(e.type, e.payload, options, options.timeoutMs ?? 30_000)),
      );
    },
    async close() {
      for (const socket of [...sockets]) socket.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
