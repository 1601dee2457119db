// /ws/agent (SPEC 4.1): the WebSocket server of agent devices. Each socket is one AgentSession
// (agent-session.ts), which owns the protocol from hello to close.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LIMITS } from '../../common/protocol.js';
import { AgentSession, type AgentSessionDeps } from './agent-session.js';
import { safeClose, type Heartbeat } from './socket-utils.js';

export interface AgentGatewayDeps extends AgentSessionDeps {
  heartbeat: Heartbeat;
}

export class AgentGateway {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });

  constructor(private readonly deps: AgentGatewayDeps) {
    this.wss.on('connection', (ws) => {
      deps.heartbeat.add(ws);
      new AgentSession(ws, deps);
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.wss.clients) safeClose(ws, code, reason);
  }
}
