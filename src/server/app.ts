// Assembles one presence node: store, bus, hub, HTTP routes and the two WebSocket gateways on
// one port. `startPresenceServer` is what the CLI, the tray app (in-process) and tests call.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from '../common/clock.js';
import { CloseCode } from '../common/protocol.js';
import { RATE_LIMITS, SOCKET_LIMITS, TIMINGS } from '../common/timings.js';
import { AuthService } from './auth.js';
import { probeWritable } from './disk-probe.js';
import { InProcessBus, type PresenceBus } from './bus.js';
import { AgentGateway } from './gateway/agent-gateway.js';
import { Heartbeat } from './gateway/socket-utils.js';
import { WidgetGateway } from './gateway/widget-gateway.js';
import { installErrorHandler } from './http/errors.js';
import { clientAddress, trustProxyFrom } from './http/client-address.js';
import { widgetSocketBudget } from './gateway/fd-budget.js';
import { docsRoutes } from './http/routes-docs.js';
import { trackRoutes } from './http/route-spec.js';
import { accountRoutes } from './http/routes-account.js';
import { agentRoutes } from './http/routes-agents.js';
import { authRoutes } from './http/routes-auth.js';
import { groupRoutes } from './http/routes-groups.js';
import { publicRoutes } from './http/routes-public.js';
import { timeOffRoutes } from './http/routes-time-off.js';
import { calendarRoutes } from './http/routes-calendar.js';
import { HolidayRefresh } from './office-hours/holiday-refresh.js';
import { reportRoutes } from './http/routes-reports.js';
import { HistoryService } from './history/history-service.js';
import { securityHeaders } from './http/security-headers.js';
import { widgetAssetsRoutes } from './http/widget-assets.js';
import { webhookRoutes } from './http/routes-webhooks.js';
import { tokenRoutes } from './http/routes-tokens.js';
import { IntegrationTokens } from './tokens/integration-tokens.js';
import { createMetrics, type Metrics } from './metrics.js';
import { PresenceHub } from './presence/hub.js';
import { KeyedSlidingWindow } from './rate-limit.js';
import { openSqliteStore, type SqliteOptions } from './store/sqlite.js';
import type { Store } from './store/store.js';
import { Webhooks, type WebhooksOptions } from './webhooks/webhooks.js';

export interface ServerOptions {
  host?: string;
  port?: number;
  /** SQLite data directory (embedded mode). Ignored when `store` is given. */
  dataDir?: string;
  /** Embedded mode: how better-sqlite3 is loaded (the desktop app passes its own binary). */
  sqlite?: SqliteOptions;
  store?: Store;
  bus?: PresenceBus;
  graceMs?: number;
  /** SPEC 2.1: grace for a browser tab that closed or navigated away; never longer than graceMs. */
  tabGraceMs?: number;
  heartbeatMs?: number;
  clock?: Clock;
  logLevel?: string;
  logger?: Logger;
  /** Built dashboard (renderer/dist) and widget script; defaults relative to the package root. */
  dashboardDir?: string;
  widgetJsPath?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (`--trust-proxy CIDR…`); none by default (issue 19). */
  trustProxy?: readonly string[];
  /**
   * Status changes per agent (SPEC 4.1; default RATE_LIMITS.statusSet). Only the protocol fuzzer
   * raises it, to test replies rather than the limit, which status-limit.test.ts covers.
   */
  statusRateLimit?: { max: number; windowMs: number };
  /** Widget sockets from one client address (`--max-sockets-per-ip`); refused with 429 past it. */
  maxSocketsPerIp?: number;
  /** All widget sockets together; by default the open-files limit less a reserve for agents and HTTP. */
  maxWidgetSockets?: number;
  /**
   * Status history kept this many days (`--history-days`, SPEC 9); default TIMINGS.historyRetentionMs.
   * 0 = history off: nothing recorded, reports answer 503 `unavailable` (docs/decisions.md).
   */
  historyDays?: number;
  /** `--webhooks-allow-private` (SPEC 10): http and private/loopback destinations allowed (self-hosted, tests). */
  webhooksAllowPrivate?: boolean;
  /** Test and bench seams of the webhook sender: a DNS resolver, extra CAs, an observer of attempts. */
  webhooks?: Pick<WebhooksOptions, 'resolve' | 'ca' | 'onAttempt'>;
}

export interface PresenceServer {
  url: string;
  port: number;
  app: FastifyInstance;
  hub: PresenceHub;
  store: Store;
  metrics: Metrics;
  /** The event log and its reports (issue 16). */
  history: HistoryService;
  webhooks: Webhooks;
  close(): Promise<void>;
  /**
   * Stops like kill -9 would, for cluster tests in one process: sockets dropped without a close
   * frame, nothing released (a cluster's leases expire on their own), connections simply gone.
   */
  crash(): Promise<void>;
}

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export class PortInUseError extends Error {
  readonly code = 'port_in_use';
}

/** Every option's default in one object (ws's `websocket-server.js` habit); timings from src/common/timings.ts. */
const DEFAULTS = { host: '127.0.0.1', port: 8080, dataDir: './data', graceMs: TIMINGS.graceMs, tabGraceMs: TIMINGS.tabGraceMs, heartbeatMs: TIMINGS.heartbeatMs, logLevel: 'info', maxSocketsPerIp: SOCKET_LIMITS.perIp } as const;

type ResolvedOptions = ServerOptions & { [K in keyof typeof DEFAULTS]-?: NonNullable<ServerOptions[K]> };

function resolveOptions(options: ServerOptions): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const opts = { ...DEFAULTS, ...given } as ResolvedOptions;
  for (const key of ['graceMs', 'heartbeatMs'] as const) {
    if (!Number.isFinite(opts[key]) || opts[key] <= 0) throw new TypeError(`${key} must be a positive number of milliseconds, got ${String(opts[key])}`);
  }
  // 0 is allowed (a closed tab is offline at once, and so is every reload).
  if (!Number.isFinite(opts.tabGraceMs) || opts.tabGraceMs < 0) throw new TypeError(`tabGraceMs must be zero or a positive number of milliseconds, got ${String(opts.tabGraceMs)}`);
  for (const key of ['maxSocketsPerIp', 'maxWidgetSockets'] as const) {
    const v = opts[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new TypeError(`${key} must be a whole number of at least 1, got ${String(v)}`);
  }
  const days = opts.historyDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 0)) throw new TypeError(`historyDays must be a whole number, 0 for no history, got ${String(days)}`);
  return opts;
}

export async function startPresenceServer(options: ServerOptions): Promise<PresenceServer> {
  const opts = resolveOptions(options);
  const trustProxy = trustProxyFrom(opts.trustProxy ?? []);
  const clock = opts.clock ?? systemClock;
  const { heartbeatMs } = opts;
  const log = opts.logger ?? pino({ level: opts.logLevel });
  const store = opts.store ?? (await openSqliteStore(opts.dataDir, { ...opts.sqlite, clock, onCheckpointError: (err) => log.error({ err }, 'WAL checkpoints back on the event loop: the checkpoint worker failed') }));
  const bus: PresenceBus = opts.bus ?? new InProcessBus();
  const metrics = createMetrics();
  const history = new HistoryService({ store, clock, retentionMs: opts.historyDays !== undefined ? opts.historyDays * 86_400_000 : TIMINGS.historyRetentionMs, log: log.child({ component: 'history' }) });
  const hub = await PresenceHub.create({ store, bus, clock, graceMs: opts.graceMs, tabGraceMs: opts.tabGraceMs, metrics, logger: log.child({ component: 'hub' }), hooks: [history.hooks()] });
  await history.start();
  const auth = new AuthService(store, clock, bus.cluster?.loginThrottle());
  const webhooks = await Webhooks.start({ store, hub, clock, log: log.child({ component: 'webhooks' }), allowPrivate: opts.webhooksAllowPrivate ?? false, ...opts.webhooks });

  // Per-request access logs are too chatty for a presence server; errors still log at warn and up,
  // unless the server was asked for less (a child's own level would override --log-level error).
  const httpLevel = log.levelVal > 40 ? log.level : 'warn';
  const app: FastifyInstance = Fastify({ loggerInstance: log.child({ component: 'http' }, { level: httpLevel }) as unknown as FastifyBaseLogger, bodyLimit: 64 * 1024,
    // Only named proxies are believed; request.ip is then the forwarded client for every per-address limit.
    trustProxy: trustProxy ? (address: string) => trustProxy(address) : false,
    // Fastify switches Node's request timeout off by default; a body trickled byte by byte would
    // then hold a connection forever.
    requestTimeout: TIMINGS.requestTimeoutMs });
  app.server.headersTimeout = TIMINGS.headersTimeoutMs;
  trackRoutes(app);
  installErrorHandler(app);
  securityHeaders(app);
  // One window per agent for its sockets and the HTTP route together (on this node; issue 19).
  const statusLimit = new KeyedSlidingWindow(opts.statusRateLimit ?? RATE_LIMITS.statusSet);
  const writeProbe = opts.store ? undefined : () => probeWritable(opts.dataDir);
  const integrationTokens = new IntegrationTokens(store, clock);
  const ctx = { store, hub, auth, metrics, clock, statusLimit, writeProbe, ...(history.recording ? { history: history.store } : {}), integrationTokens };
  authRoutes(app, ctx);
  agentRoutes(app, ctx);
  groupRoutes(app, ctx);
  accountRoutes(app, ctx);
  publicRoutes(app, ctx);
  timeOffRoutes(app, ctx);
  calendarRoutes(app, ctx);
  reportRoutes(app, ctx);
  webhookRoutes(app, { ...ctx, webhooks });
  tokenRoutes(app, ctx);
  // Issue 21: the OpenAPI document of every route described with route() (http/route-spec.ts).
  docsRoutes(app);
  widgetAssetsRoutes(app, {
    widgetJsPath: opts.widgetJsPath ?? join(packageRoot, 'dist/widget/widget.js'),
    groupNames: async (siteKey) => {
      const state = await hub.ensureBySite(siteKey);
      return state ? new Map([...state.groups.values()].map((g) => [g.id, g.name])) : null;
    },
  });
  const dashboardDir = opts.dashboardDir ?? join(packageRoot, 'renderer/dist');
  if (existsSync(join(dashboardDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: dashboardDir,
      wildcard: false,
      // Source maps are not served (issue 19): they publish the dashboard's source; production
      // builds have none, and a dist built with DASHBOARD_SOURCEMAPS=1 keeps them local.
      allowedPath: (path) => !path.endsWith('.map'),
      // Vite's hashed assets never change; index.html must always be revalidated.
      setHeaders: (res, path) => res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }

  const heartbeat = new Heartbeat(heartbeatMs);
  const agents = new AgentGateway({ hub, auth, clock, heartbeat, heartbeatMs, statusLimit, log: log.child({ component: 'agent-ws' }) });
  const widgets = new WidgetGateway({
    hub, heartbeat, metrics, clock, log: log.child({ component: 'widget-ws' }), addressOf: (req) => clientAddress(req, trustProxy),
    maxPerIp: opts.maxSocketsPerIp, maxTotal: opts.maxWidgetSockets ?? widgetSocketBudget(),
  });
  app.server.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === '/ws/agent') agents.handleUpgrade(req, socket, head);
    else if (path === '/ws/widget') widgets.handleUpgrade(req, socket, head);
    else socket.destroy();
  });

  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await webhooks.close();
    await hub.close({ releaseLeases: false });
    await history.close();
    await bus.close();
    await store.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(`port ${opts.port} is already in use; pick another with --port`);
    throw err;
  }
  heartbeat.start();
  // Issue 18: public holidays resolved into dated closures, kept current (office-hours/holiday-refresh.ts).
  const holidays = new HolidayRefresh({ store, hub, clock, log: log.child({ component: 'holidays' }) });
  await holidays.start();
  const port = (app.server.address() as AddressInfo).port;
  const { host } = opts;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port, app, hub, store, metrics, history, webhooks,
    close: () => (closing ??= (async () => {
      heartbeat.stop();
      holidays.stop();
      // Widgets first, so they never see the agents' sockets closing as a status change.
      widgets.closeAll(CloseCode.goingAway, 'server shutting down');
      agents.closeAll(CloseCode.goingAway, 'server shutting down');
      // A peer that never answers (a frozen browser) would hold app.close() for ws's 30 s close
      // timeout, an unfinished request for ever: past the grace, cut what is left. Wall time, not
      // the injected clock, which a test may never move again.
      const cut = setTimeout(() => {
        for (const ws of [...agents.wss.clients, ...widgets.wss.clients]) ws.terminate();
        app.server.closeAllConnections();
      }, TIMINGS.shutdownGraceMs);
      try {
        await webhooks.close();
        await hub.close();
        await history.close();
        await app.close();
      } finally {
        clearTimeout(cut);
      }
      await bus.close();
      await store.close();
    })()),
    crash: () => (closing ??= (async () => {
      heartbeat.stop();
      holidays.stop();
      // In-flight deliveries are abandoned unrecorded, their leases kept: like a killed process.
      await webhooks.close({ crash: true });
      await hub.close({ releaseLeases: false });
      await history.close();
      await bus.close();
      for (const ws of [...agents.wss.clients, ...widgets.wss.clients]) ws.terminate();
      app.server.closeAllConnections();
      await app.close();
      await store.close();
    })()),
  };
}
