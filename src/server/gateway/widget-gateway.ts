// /ws/widget (SPEC 4.2): public, read-only. The current status on connect and then only real
// changes (the hub deduplicates). Unknown site or group closes with 4404 and reveals nothing more.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../../common/protocol.js';
import type { PresenceHub } from '../presence/hub.js';
import { safeClose, safeSend, type Heartbeat } from './socket-utils.js';

export interface WidgetGatewayDeps {
  hub: PresenceHub;
  heartbeat: Heartbeat;
  log: Logger;
}

export class WidgetGateway {
  // Widgets only receive; a tiny payload limit keeps hostile clients cheap.
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });

  constructor(private readonly deps: WidgetGatewayDeps) {
    this.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => this.onConnection(ws, req));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.wss.clients) safeClose(ws, code, reason);
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const site = url.searchParams.get('site') ?? '';
    const group = url.searchParams.get('group') || null;
    const state = this.deps.hub.accountBySiteKey(site);
    if (!state || (group !== null && !state.groups.has(group))) {
      safeClose(ws, CloseCode.notFound, 'unknown site or group');
      return;
    }
    this.deps.heartbeat.add(ws);
    const unsubscribe = this.deps.hub.subscribeWidget(state, group, { send: (data) => safeSend(ws, data), close: (code, reason) => safeClose(ws, code, reason) });
    ws.on('message', () => undefined); // client frames are ignored
    ws.on('error', (err) => this.deps.log.debug({ err }, 'widget socket error'));
    ws.on('close', unsubscribe);
  }
}
