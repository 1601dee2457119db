// One agent socket from its first frame to its close (SPEC 4.1): hello within 5 s, token check,
// device attach, status.set committed and acknowledged one at a time, bye, app-level ping, rate
// limit, and how the device left. The phase only moves forward (hello → authenticating → ready →
// closed), like ws's own readyState; frames that arrive while the token is checked wait.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { setTimeoutAt, type Clock, type TimerHandle } from '../../common/clock.js';
import { departureOf, type Departure } from '../../common/presence-rules.js';
import {
  CloseCode, PROTOCOL_VERSION, clientMessageSchema, helloSchema, type ClientMessage, type Hello, type ServerMessage, type StatusSet,
} from '../../common/protocol.js';
import { checkUntil } from '../../common/timed-status.js';
import { leaveRefusal } from '../presence/time-off-guard.js';
import { RATE_LIMITS, TIMINGS } from '../../common/timings.js';
import { AuthError, type AuthService } from '../auth.js';
import type { AccountState, DeviceConn } from '../presence/account-state.js';
import type { PresenceHub } from '../presence/hub.js';
import type { KeyedSlidingWindow } from '../rate-limit.js';
import { StoreError } from '../store/store-error.js';
import { parseFrame, safeClose, safeSend, type Frame } from './socket-utils.js';
import { socketHold } from './wire-frame.js';

export interface AgentSessionDeps {
  hub: PresenceHub;
  auth: AuthService;
  clock: Clock;
  heartbeatMs: number;
  log: Logger;
  /** Status changes per agent id, shared by all its sockets and the HTTP route (issue 19). */
  statusLimit: KeyedSlidingWindow;
}

/** Ordered: a session never goes back to an earlier phase. */
export const SessionPhase = { hello: 0, authenticating: 1, ready: 2, closed: 3 } as const;
export type SessionPhase = (typeof SessionPhase)[keyof typeof SessionPhase];
const PHASE_NAMES = ['hello', 'authenticating', 'ready', 'closed'] as const;

export class AgentSession {
  private phase: SessionPhase = SessionPhase.hello;
  private conn: DeviceConn | null = null;
  private account: AccountState | undefined;
  /** The device said bye, or the server removed it on purpose (logout, disabled, deleted). */
  private leftCleanly = false;
  private readonly waiting: Frame[] = [];
  /** One status.set at a time: commits, acks and broadcasts keep the order the device sent. */
  private chain: Promise<void> = Promise.resolve();
  private readonly helloTimer: TimerHandle;
  /** The token's expiry closes the socket (4401), like any other revocation (issue 19). */
  private expiry: { cancel(): void } | null = null;

  constructor(private readonly ws: WebSocket, private readonly deps: AgentSessionDeps) {
    this.helloTimer = deps.clock.setTimeout(() => safeClose(ws, CloseCode.helloTimeout, 'no hello within 5 s'), TIMINGS.helloTimeoutMs);
    ws.on('message', (data: Frame['data'], isBinary: boolean) => this.onFrame({ data, isBinary }));
    ws.on('error', (err) => deps.log.debug({ err }, 'agent socket error'));
    ws.on('close', (code: number) => this.onClose(code));
  }

  /** Moves forward only; false when the session is already at or past `to`. */
  private advance(to: SessionPhase): boolean {
    if (to <= this.phase) return false;
    this.deps.log.trace({ from: PHASE_NAMES[this.phase], to: PHASE_NAMES[to], deviceId: this.conn?.deviceId }, 'agent session phase');
    this.phase = to;
    return true;
  }

  private fail(code: number, reason: string): void {
    this.advance(SessionPhase.closed);
    safeClose(this.ws, code, reason);
  }

  private send(message: ServerMessage): void {
    safeSend(this.ws, JSON.stringify(message));
  }

  private onFrame(frame: Frame): void {
    if (this.phase === SessionPhase.closed) return;
    if (this.phase === SessionPhase.authenticating) {
      this.waiting.push(frame);
      return;
    }
    const parsed = parseFrame(frame);
    if (!parsed.ok) return this.fail(CloseCode.malformed, 'malformed message: not a JSON text frame');
    if (this.phase === SessionPhase.hello) return this.onFirstFrame(parsed.value);
    const message = clientMessageSchema.safeParse(parsed.value);
    if (!message.success) {
      const { seq, type } = (parsed.value ?? {}) as { seq?: unknown; type?: unknown };
      // A known request with bad fields is answered and the socket stays; anything else is a broken client.
      if (type === 'status.set' && typeof seq === 'number' && Number.isSafeInteger(seq)) {
        return this.send({ type: 'error', seq, code: 'validation_failed', message: message.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') });
      }
      return this.fail(CloseCode.malformed, typeof type === 'string' ? `unknown or invalid message type ${type.slice(0, 40)}` : 'message has no type');
    }
    void this.onMessage(message.data);
  }

  private onFirstFrame(value: unknown): void {
    this.deps.clock.clearTimeout(this.helloTimer);
    const hello = helloSchema.safeParse(value);
    if (!hello.success) {
      return this.fail(CloseCode.malformed, helloProblem((value as { protocol?: unknown } | null)?.protocol));
    }
    void this.onHello(hello.data);
  }

  private async onHello(hello: Hello): Promise<void> {
    const { deps, ws } = this;
    this.advance(SessionPhase.authenticating);
    let authed;
    let account;
    try {
      authed = await deps.auth.authenticate(hello.token);
      // The account loads on its first use (issue 20): a store round trip the first time.
      account = await deps.hub.ensureAccount(authed.agent.accountId);
    } catch (err) {
      if (err instanceof AuthError) return this.fail(err.code === 'forbidden' ? CloseCode.forbidden : CloseCode.unauthorized, err.message);
      deps.log.error({ err }, 'hello failed');
      return this.fail(CloseCode.internalError, 'internal error');
    }
    if (this.phase === SessionPhase.closed || ws.readyState !== ws.OPEN) return;
    this.expiry = setTimeoutAt(deps.clock, authed.expiresAt, () => {
      this.leftCleanly = true;
      this.fail(CloseCode.unauthorized, 'the token expired; sign in again');
    });
    if (!account) return this.fail(CloseCode.unauthorized, 'unknown account');
    this.account = account;
    // Broadcasts wait until the welcome is out, so the welcome is always the first frame.
    let pending: (string | Buffer)[] | null = [];
    const { hold, release } = socketHold(ws);
    const conn: DeviceConn = (this.conn = {
      deviceId: hello.device.id, kind: hello.device.kind, name: hello.device.name, tokenHash: authed.tokenHash, agentId: authed.agent.id,
      send: (data) => (pending ? pending.push(data) : safeSend(ws, data)),
      hold, release,
      close: (code, reason) => {
        this.leftCleanly = true;
        this.fail(code, reason);
      },
    });
    const agent = deps.hub.attachDevice(account.account.id, conn);
    if (!agent) return this.fail(CloseCode.unauthorized, 'unknown agent');
    const { type: _type, ...status } = deps.hub.ownStatus(account, agent);
    const { id, name, email, role, groupIds } = agent.row;
    this.send({ type: 'welcome', sessionId: randomUUID(), agent: { id, name, email, role, groupIds }, status, chatBox: deps.hub.chatBoxFor(account, agent), heartbeatMs: deps.heartbeatMs, tabGraceMs: deps.hub.tabGraceMs });
    const flush = pending;
    pending = null;
    for (const data of flush) safeSend(ws, data);
    this.advance(SessionPhase.ready);
    for (const frame of this.waiting.splice(0)) this.onFrame(frame);
  }

  private async onMessage(message: ClientMessage): Promise<void> {
    if (message.type === 'ping') return this.send({ type: 'pong', id: message.id });
    if (message.type === 'bye') {
      this.leftCleanly = true;
      return;
    }
    // After bye the device is leaving: a later change would be acknowledged and then lost with it.
    if (this.leftCleanly) return this.send({ type: 'error', seq: message.seq, code: 'bad_request', message: 'status.set after bye is refused; open a new connection' });
    if (this.deps.statusLimit.hit(this.conn!.agentId, this.deps.clock.now()) > 0) {
      this.advance(SessionPhase.closed);
      // Changes already accepted are committed and acknowledged before the socket closes.
      await this.chain;
      this.send({ type: 'error', seq: message.seq, code: 'rate_limited', message: `more than ${RATE_LIMITS.statusSet.max} status changes in ${RATE_LIMITS.statusSet.windowMs / 1000} s` });
      return this.fail(CloseCode.rateLimited, 'rate limited');
    }
    this.chain = this.chain.then(() => this.commit(message));
    await this.chain;
  }

  private async commit(message: StatusSet): Promise<void> {
    const { ws, conn, account } = this;
    if (ws.readyState !== ws.OPEN || !conn || !account) return;
    let until: number | undefined;
    if (message.until !== undefined) {
      const checked = checkUntil(message.until, this.deps.clock.now());
      if (!checked.ok) return this.send({ type: 'error', seq: message.seq, code: 'validation_failed', message: checked.message });
      until = checked.at;
    }
    const state = this.deps.hub.account(account.account.id) ?? account;
    const onLeave = leaveRefusal(state, conn.agentId, message.status, message.reason, this.deps.clock.now());
    if (onLeave) return this.send({ type: 'error', seq: message.seq, code: 'on_leave', message: onLeave });
    try {
      const row = await this.deps.hub.setIntent(account.account.id, conn.agentId, message.status, message.reason, { deviceId: conn.deviceId, kind: conn.kind }, until === undefined ? {} : { until });
      this.send({ type: 'ack', seq: message.seq, version: row.version });
    } catch (err) {
      this.deps.log.error({ err }, 'status.set failed');
      const storage = err instanceof StoreError && err.unavailable;
      this.send({ type: 'error', seq: message.seq, code: storage ? 'unavailable' : 'internal', message: storage ? err.message : 'the status could not be saved; try again' });
    }
  }

  private onClose(code: number): void {
    this.deps.clock.clearTimeout(this.helloTimer);
    this.expiry?.cancel();
    this.advance(SessionPhase.closed);
    if (!this.conn || !this.account) return;
    this.deps.hub.detachDevice(this.account.account.id, this.conn, this.departure(code));
  }

  private departure(code: number): Departure {
    return departureOf({ leftCleanly: this.leftCleanly, closeCode: code, kind: this.conn!.kind });
  }
}

/**
 * Why a hello was refused. `protocol:"1"` used to read "unsupported protocol 1", which looks like
 * the supported version (issue 19); a string says it must be the number.
 */
function helloProblem(proto: unknown): string {
  if (proto === undefined || proto === PROTOCOL_VERSION) return 'the first message must be a valid hello';
  if (typeof proto === 'string') return `protocol must be the number ${PROTOCOL_VERSION}, not the string ${JSON.stringify(proto)}`;
  return `unsupported protocol ${String(proto)}; this server speaks protocol ${PROTOCOL_VERSION}`;
}
