// /ws/agent (SPEC 4.1): hello within 5 s, token check, device replace, status.set acknowledged
// only after commit, bye, app-level ping, rate limit, and every close code of the spec.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CloseCode, LIMITS, PROTOCOL_VERSION, clientMessageSchema, helloSchema, type ClientMessage, type Hello, type ServerMessage,
} from '../../common/protocol.js';
import { AuthError, type AuthService } from '../auth.js';
import { storageProblem } from '../http/errors.js';
import type { AccountState, DeviceConn } from '../presence/account-state.js';
import type { PresenceHub } from '../presence/hub.js';
import { safeClose, safeSend, type Heartbeat } from './socket-utils.js';

export interface AgentGatewayDeps {
  hub: PresenceHub;
  auth: AuthService;
  heartbeat: Heartbeat;
  heartbeatMs: number;
  log: Logger;
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseJson(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Parsed {
  if (isBinary) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

const send = (ws: WebSocket, message: ServerMessage): void => safeSend(ws, JSON.stringify(message));

export class AgentGateway {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });

  constructor(private readonly deps: AgentGatewayDeps) {
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.wss.clients) safeClose(ws, code, reason);
  }

  private onConnection(ws: WebSocket): void {
    const { deps } = this;
    deps.heartbeat.add(ws);
    let phase: 'hello' | 'authenticating' | 'ready' | 'closed' = 'hello';
    let conn: DeviceConn | null = null;
    let account: AccountState | undefined;
    let clean = false;
    const queued: { data: Buffer | ArrayBuffer | Buffer[]; isBinary: boolean }[] = [];
    const recentSets: number[] = [];
    let chain: Promise<void> = Promise.resolve();
    const helloTimer = setTimeout(() => safeClose(ws, CloseCode.helloTimeout, 'no hello within 5 s'), LIMITS.helloTimeoutMs);

    const fail = (code: number, reason: string): void => {
      phase = 'closed';
      safeClose(ws, code, reason);
    };

    const onHello = async (hello: Hello): Promise<void> => {
      phase = 'authenticating';
      let agentId: string;
      let tokenHash: string;
      try {
        const authed = await deps.auth.authenticate(hello.token);
        agentId = authed.agent.id;
        tokenHash = authed.tokenHash;
        account = deps.hub.account(authed.agent.accountId);
      } catch (err) {
        if (err instanceof AuthError) return fail(err.code === 'forbidden' ? CloseCode.forbidden : CloseCode.unauthorized, err.message);
        deps.log.error({ err }, 'hello failed');
        return fail(1011, 'internal error');
      }
      if ((phase as string) === 'closed' || ws.readyState !== ws.OPEN) return;
      if (!account) return fail(CloseCode.unauthorized, 'unknown account');
      // Buffer broadcasts until the welcome is out, so the welcome is always the first frame.
      let pending: (string | Buffer)[] | null = [];
      conn = {
        deviceId: hello.device.id, kind: hello.device.kind, name: hello.device.name, tokenHash, agentId,
        send: (data) => (pending ? pending.push(data) : safeSend(ws, data)),
        close: (code, reason) => {
          // Server-initiated removals (logout, disabled, deleted) are deliberate, so no grace.
          clean = true;
          fail(code, reason);
        },
      };
      const agent = deps.hub.attachDevice(account.account.id, conn);
      if (!agent) return fail(CloseCode.unauthorized, 'unknown agent');
      const own = deps.hub.ownStatus(account, agent);
      send(ws, {
        type: 'welcome', sessionId: randomUUID(),
        agent: { id: agent.row.id, name: agent.row.name, email: agent.row.email, role: agent.row.role, groupIds: agent.row.groupIds },
        status: { status: own.status, effective: own.effective, version: own.version, reason: own.reason, by: own.by, at: own.at },
        chatBox: deps.hub.chatBoxFor(account, agent),
        heartbeatMs: deps.heartbeatMs,
      });
      const flush = pending;
      pending = null;
      for (const data of flush) safeSend(ws, data);
      phase = 'ready';
      for (const q of queued.splice(0)) onFrame(q.data, q.isBinary);
    };

    const onMessage = async (message: ClientMessage): Promise<void> => {
      if (message.type === 'ping') return send(ws, { type: 'pong', id: message.id });
      if (message.type === 'bye') {
        clean = true;
        return;
      }
      const now = Date.now();
      while (recentSets.length > 0 && recentSets[0]! <= now - LIMITS.statusSetWindowMs) recentSets.shift();
      if (recentSets.length >= LIMITS.statusSetPerWindow) {
        phase = 'closed';
        // Changes already accepted are committed and acknowledged before the socket closes.
        await chain;
        send(ws, { type: 'error', seq: message.seq, code: 'rate_limited', message: 'more than 20 status changes in 10 s' });
        return fail(CloseCode.rateLimited, 'rate limited');
      }
      recentSets.push(now);
      // One at a time per socket: commits, acks and broadcasts keep the order the device sent.
      chain = chain.then(() => commit(message));
      await chain;
    };

    const commit = async (message: Extract<ClientMessage, { type: 'status.set' }>): Promise<void> => {
      if (ws.readyState !== ws.OPEN) return;
      try {
        const row = await deps.hub.setIntent(account!.account.id, conn!.agentId, message.status, message.reason, { deviceId: conn!.deviceId, kind: conn!.kind });
        send(ws, { type: 'ack', seq: message.seq, version: row.version });
      } catch (err) {
        deps.log.error({ err }, 'status.set failed');
        const storage = storageProblem(err);
        send(ws, { type: 'error', seq: message.seq, code: storage ? 'unavailable' : 'internal', message: storage ?? 'the status could not be saved; try again' });
      }
    };

    const onFrame = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
      if (phase === 'closed') return;
      if (phase === 'authenticating') {
        queued.push({ data, isBinary });
        return;
      }
      const parsed = parseJson(data, isBinary);
      if (!parsed.ok) return fail(CloseCode.malformed, 'malformed message: not a JSON text frame');
      if (phase === 'hello') {
        clearTimeout(helloTimer);
        const hello = helloSchema.safeParse(parsed.value);
        if (!hello.success) {
          const proto = (parsed.value as { protocol?: unknown } | null)?.protocol;
          const why = proto !== undefined && proto !== PROTOCOL_VERSION ? `unsupported protocol ${String(proto)}` : 'the first message must be a valid hello';
          return fail(CloseCode.malformed, why);
        }
        void onHello(hello.data);
        return;
      }
      const message = clientMessageSchema.safeParse(parsed.value);
      if (!message.success) {
        const seq = (parsed.value as { seq?: unknown } | null)?.seq;
        const type = (parsed.value as { type?: unknown } | null)?.type;
        // A known request with bad fields is answered and the socket stays; anything else is a broken client.
        if (type === 'status.set' && typeof seq === 'number' && Number.isSafeInteger(seq)) {
          return send(ws, { type: 'error', seq, code: 'validation_failed', message: message.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') });
        }
        return fail(CloseCode.malformed, typeof type === 'string' ? `unknown or invalid message type ${type.slice(0, 40)}` : 'message has no type');
      }
      void onMessage(message.data);
    };

    ws.on('message', onFrame);
    ws.on('error', (err) => deps.log.debug({ err }, 'agent socket error'));
    ws.on('close', (code) => {
      clearTimeout(helloTimer);
      phase = 'closed';
      if (conn && account) deps.hub.detachDevice(account.account.id, conn, clean || code === CloseCode.normal);
    });
  }
}
