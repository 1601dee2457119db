// /ws/widget (SPEC 4.2): public, read-only. The current status on connect and then only real
// changes (the hub deduplicates). Unknown site or group closes with 4404 and reveals nothing more.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { singleGroupParam } from '../../common/input-rules.js';
import { CloseCode } from '../../common/protocol.js';
import type { Metrics } from '../metrics.js';
import type { Clock } from '../../common/clock.js';
import type { AccountState } from '../presence/account-state.js';
import type { PresenceHub, WidgetConn } from '../presence/hub.js';
import { safeClose, safeSend, type Heartbeat } from './socket-utils.js';
import { wireWriter, type WireFrame } from './wire-frame.js';

export interface WidgetGatewayDeps {
  hub: PresenceHub;
  heartbeat: Heartbeat;
  log: Logger;
  metrics: Metrics;
  clock: Clock;
  /** The client address of an upgrade (client-address.ts, so `--trust-proxy` applies). */
  addressOf: (req: IncomingMessage) => string;
  /** Widget sockets per client address, and all together (the descriptor reserve; issue 19). */
  maxPerIp: number;
  maxTotal: number;
}

/** Refusals are logged at most once a second, so a flood does not become a log flood. */
const REFUSAL_LOG_EVERY_MS = 1_000;

export class WidgetGateway {
  // Widgets only receive; a tiny payload limit keeps hostile clients cheap.
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });

  constructor(private readonly deps: WidgetGatewayDeps) {
    this.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => this.onConnection(ws, req));
  }

  private readonly perAddress = new Map<string, number>();
  private total = 0;
  private lastRefusalLog = 0;
  private refusedSinceLog = 0;

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const address = this.deps.addressOf(req);
    const mine = this.perAddress.get(address) ?? 0;
    const reason = mine >= this.deps.maxPerIp ? 'per_ip' : this.total >= this.deps.maxTotal ? 'reserve' : null;
    if (reason) return this.refuse(socket, address, reason);
    // Counted from the upgrade, so sockets still in their handshake count too.
    this.perAddress.set(address, mine + 1);
    this.total += 1;
    (socket as CountedSocket)[kAddress] = address;
    socket.on('close', this.releaseSlot);
    this.wss.handleUpgrade(req, socket, head, this.upgraded);
  }

  /** Every counted socket's 'close' listener: one function for all of them (a storm is 10k sockets). */
  private readonly releaseSlot = slotReleaser((address) => {
    this.total -= 1;
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  });

  private readonly upgraded = (ws: WebSocket, req: IncomingMessage): void => {
    this.wss.emit('connection', ws, req);
  };

  private refuse(socket: Duplex, address: string, reason: 'per_ip' | 'reserve'): void {
    this.deps.metrics.socketsRefused.inc({ reason });
    this.refusedSinceLog += 1;
    const now = this.deps.clock.now();
    if (now - this.lastRefusalLog >= REFUSAL_LOG_EVERY_MS) {
      this.deps.log.warn({ address, reason, refused: this.refusedSinceLog, maxPerIp: this.deps.maxPerIp, maxTotal: this.deps.maxTotal }, 'widget socket refused (429)');
      this.lastRefusalLog = now;
      this.refusedSinceLog = 0;
    }
    const body = JSON.stringify({ error: { code: 'rate_limited', message: reason === 'per_ip' ? 'too many widget sockets from this address' : 'too many widget sockets on this server' } });
    socket.end(`HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 10\r\nConnection: close\r\n\r\n${body}`);
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.wss.clients) safeClose(ws, code, reason);
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const query = widgetQuery(req.url ?? '/');
    const param = singleGroupParam(query.params);
    if (!param.ok) {
      safeClose(ws, CloseCode.malformed, `group: ${param.message}`);
      return;
    }
    const { group } = param;
    const { site } = query;
    // Client frames are ignored; listening at once keeps them from piling up during a first load.
    ws.on('message', ignore);
    ws.on('error', this.onSocketError);
    // An account in memory answers synchronously; a cold one loads first (issue 20).
    const known = this.deps.hub.accountBySiteKey(site);
    if (known) return this.serve(ws, known, group);
    this.deps.hub.ensureBySite(site).then((state) => {
      if (ws.readyState === ws.OPEN) this.serve(ws, state, group);
    }, (err: unknown) => {
      this.deps.log.error({ err }, 'loading the account of a widget failed');
      safeClose(ws, CloseCode.internalError, 'internal error');
    });
  }

  private readonly onSocketError = (err: Error): void => {
    this.deps.log.debug({ err }, 'widget socket error');
  };

  private serve(ws: WebSocket, state: AccountState | undefined, group: string | null): void {
    if (!state || (group !== null && !state.groups.has(group))) {
      safeClose(ws, CloseCode.notFound, 'unknown site or group');
      return;
    }
    this.deps.heartbeat.add(ws);
    const sendFrame = wireWriter(ws);
    const unsubscribe = this.deps.hub.subscribeWidget(state, group, new WidgetSocket(ws, sendFrame ?? undefined));
    ws.on('close', unsubscribe);
  }
}

const kAddress = Symbol('widget slot address');
type CountedSocket = Duplex & { [kAddress]?: string | undefined };

const ignore = (): void => undefined;

/** A 'close' listener (`this` is the socket) that releases the socket's address once. */
function slotReleaser(release: (address: string) => void): (this: CountedSocket) => void {
  return function releaseSlot() {
    const address = this[kAddress];
    if (address === undefined) return;
    this[kAddress] = undefined;
    release(address);
  };
}

/** A widget socket as the hub sees it: methods on one prototype rather than closures per socket. */
class WidgetSocket implements WidgetConn {
  constructor(private readonly ws: WebSocket, readonly sendFrame?: (frame: WireFrame) => void) {}

  send(data: string | Buffer): void {
    safeSend(this.ws, data);
  }

  close(code: number, reason: string): void {
    safeClose(this.ws, code, reason);
  }
}

/** Query strings made only of these need no decoding: URLSearchParams would read them as split here. */
const PLAIN_QUERY = /^[A-Za-z0-9._~=&-]*$/;

/**
 * `site`, and what singleGroupParam checks, from a widget URL's query. The usual query
 * (`site=KEY&group=ID`) is split by hand; anything with escapes, `+`, brackets or a fragment goes
 * through WHATWG URL parsing, which the hand split matches on plain text.
 */
export function widgetQuery(url: string): { site: string; params: Record<string, unknown> } {
  const q = url.indexOf('?');
  const search = q < 0 ? '' : url.slice(q + 1);
  if (PLAIN_QUERY.test(search)) {
    let site: string | undefined;
    let group: string | string[] | undefined;
    for (const pair of search.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      if (name === 'site') site ??= value;
      else if (name === 'group') group = group === undefined ? value : typeof group === 'string' ? [group, value] : [...group, value];
    }
    // No other name can start with `group[` here (no brackets), so only `group` matters to the check.
    return { site: site ?? '', params: { group } };
  }
  const { searchParams } = new URL(url, 'http://localhost');
  const groups = searchParams.getAll('group');
  return {
    site: searchParams.get('site') ?? '',
    params: { ...Object.fromEntries([...searchParams.keys()].map((k) => [k, ''])), group: groups.length > 1 ? groups : groups[0] },
  };
}
