// Every timing of the product in one place (SPEC 2.1, 4.1, 6, 8): the server's defaults, the
// client core's, the quit path's and the rate limits. The CLI flags, app.ts, the quit coordinator,
// the client and the table in docs/architecture.md all read these (a unit test keeps the table
// in step). Values are milliseconds unless the name says otherwise.
export const TIMINGS = {
  /** Grace after an unclean loss of an agent's last device, and from boot (`--grace`). */
  graceMs: 120_000,
  /**
   * Grace for a browser tab that closed or navigated away (close 1001 from a `web` device,
   * `--tab-grace`): long enough for a reload to reconnect, short enough that a closed last tab
   * takes the agent offline for visitors in seconds. Never longer than graceMs.
   */
  tabGraceMs: 10_000,
  /** Server ping frames (`--heartbeat`); also what `welcome.heartbeatMs` tells clients. */
  heartbeatMs: 25_000,
  /** A peer that does not answer a ping within this is dropped (dead peer ≤ 35 s). */
  pongTimeoutMs: 10_000,
  /** The first frame of an agent socket must be a hello within this (4408). */
  helloTimeoutMs: 5_000,
  /** A configuration write waits at most this for every cluster node to apply it. */
  configAckWaitMs: 1_000,
  /** How long the once-per-cluster claim of an office-hours boundary is kept. */
  boundaryClaimTtlMs: 10 * 60_000,
  /** Bearer tokens expire after 30 days. */
  tokenTtlMs: 30 * 24 * 3_600_000,
  /** Status history is kept this long (`--history-days`, SPEC 9); older events are pruned. */
  historyRetentionMs: 400 * 86_400_000,
  /** The event log is pruned this often in the background (and once at start). */
  historyPruneEveryMs: 3_600_000,
  /** A timed status (`until`) may end at most this far ahead (SPEC 11). */
  timedStatusMaxMs: 30 * 24 * 3_600_000,
  /** A timed status whose firing could not reach the store tries again after this. */
  timedStatusRetryMs: 5_000,
  /** Office hours with public holidays are resolved again this often (a new year, new library data). */
  holidayRefreshMs: 24 * 3_600_000,
  /** A request body trickled byte by byte is cut off after this; headers after the next. */
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  /**
   * On close, peers get this long to answer the close frame and finish their requests; then their
   * sockets are cut. Without it ws waits 30 s per silent peer and HTTP waits for ever.
   */
  shutdownGraceMs: 5_000,
  /** The embedded store's WAL is checkpointed this often, off the event loop (store/sqlite-checkpointer.ts). */
  walCheckpointMs: 1_000,

  // ---- client core ----
  /** Silence tolerated past heartbeatMs before a client reconnects (SPEC 4.1.5). */
  silenceMarginMs: 10_000,
  /** How long a client waits for `welcome` after opening a socket. */
  connectTimeoutMs: 10_000,
  /** After a resume or a network change, an open socket must answer this fast. */
  probeMs: 5_000,
  /** A connection that lasted this long resets the reconnect backoff. */
  stableAfterMs: 60_000,
  /** After 1001 (server going away) reconnects are spread over 0..this. */
  goingAwaySpreadMs: 2_000,
  /** A close handshake with a dead peer never completes; the TCP connection is dropped after this. */
  closeHandshakeMs: 1_000,
  /** Sign-out of one device: how long bye and the close frame may take. */
  signOffMs: 500,

  // ---- quit path (SPEC 6, 7) ----
  /** The offline's ack (socket, else HTTP) within this, close frame included. */
  quitAckMs: 1_000,
  /** Kept at the end of the quit budget for bye and the close frame. */
  closeMarginMs: 50,
  /** The app exits no later than this after a quit started, whatever is pending. */
  quitDeadlineMs: 1_500,

  // ---- webhooks and alerts (SPEC 10, issue 17) ----
  /** A delivery that has not answered 2xx within this is cut and counts as failed. */
  webhookTimeoutMs: 10_000,
  /** First retry delay before jitter; each further retry waits 3 times longer, up to the cap. */
  webhookRetryBaseMs: 20_000,
  webhookRetryCapMs: 6 * 3_600_000,
  /** An endpoint failing for this long is disabled (admins see it in the dashboard). */
  webhookDisableAfterMs: 24 * 3_600_000,
  /** A node's claim on an endpoint; a node that dies mid-delivery loses it after this. */
  webhookLeaseMs: 30_000,
  /** How often a node looks for due deliveries and other nodes' events (its own commits wake it at once). */
  webhookPollMs: 1_000,

  // ---- accounts in memory (issue 20) ----
  /** An account with nothing of its own to watch (no socket, grace, timer or keeper) and unused this long is dropped. */
  accountIdleMs: 10 * 60_000,
  /** How often a node looks for idle accounts to drop. */
  accountIdleScanMs: 60_000,
} as const;

/** Reconnect backoff: full jitter, base 0.5 s, cap 30 s (src/common/backoff.ts). */
export const BACKOFF = { baseMs: 500, capMs: 30_000 } as const;

/**
 * The desktop app's own timings (SPEC 6) that are not the quit path's (those are in TIMINGS above).
 */
export const DESKTOP_TIMINGS = {
  /** powerMonitor.getSystemIdleTime is polled this often for the idle → away rule (SPEC 6). */
  idlePollMs: 15_000,
  /** Linux has no lock-screen event; getSystemIdleState() === 'locked' is polled this often. */
  lockPollMs: 5_000,
  /** A forwarded API call from the window that the server does not answer within this fails. */
  apiForwardTimeoutMs: 15_000,
  /**
   * Windows: after query-session-end the app waits this long for session-end. None means the
   * shutdown was cancelled (WM_ENDSESSION with wParam FALSE emits nothing), so the status the
   * app set offline for the shutdown is restored.
   */
  sessionEndCancelMs: 30_000,
  /** Auto-update (SPEC 6): first check shortly after start, then every 6 hours. */
  updateFirstCheckMs: 30_000,
  updateCheckEveryMs: 6 * 3_600_000,
  /** Linux: how long the StatusNotifierWatcher probe may take before the tray host counts as unknown. */
  trayHostProbeMs: 2_000,
  /**
   * Admins only: GET /alerts is read this often for the unstaffed-alert notification (SPEC 10; the
   * agent socket carries no alert frame). The server starts a gap at its threshold (minutes), so
   * 30 s late at most is fine, and it is one small query per admin.
   */
  unstaffedAlertsPollMs: 30_000,
} as const;

/** Sliding-window rate limits: at most `max` hits per `windowMs`. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

export const RATE_LIMITS = {
  /** Status changes per agent, across all its sockets and `PUT /agents/me/status` (4429 / HTTP 429). */
  statusSet: { max: 20, windowMs: 10_000 },
  /** Sign-in attempts per IP address. */
  loginPerIp: { max: 30, windowMs: 60_000 },
  /** Public widget status requests per IP address. */
  publicStatus: { max: 120, windowMs: 60_000 },
  /**
   * Widget frames one account may send per window (issue 19, per-account fairness); past it the
   * latest status goes out when the window ends. 100k frames/s: the benchmarks send under 50k.
   */
  widgetFramesPerAccount: { max: 10_000, windowMs: 100 },
} as const satisfies Record<string, RateLimit>;

/**
 * Failed sign-ins (issue 19, finding 7): `failures` from one client address lock that email for
 * that address for `lockMs`, so a stranger elsewhere cannot lock the real agent out; and
 * `globalFailures` for one email from all addresses together within `globalWindowMs` lock it
 * everywhere until that window ends (a distributed guesser, slower than the per-address lock).
 */
export const LOGIN_LOCK = { failures: 5, lockMs: 15 * 60_000, globalFailures: 50, globalWindowMs: 60 * 60_000 } as const;

/**
 * Widget sockets (issue 19): at most `perIp` from one client address (`--max-sockets-per-ip`), and
 * all widgets together leave `fdReserve` file descriptors for agents, HTTP and the store.
 */
export const SOCKET_LIMITS = { perIp: 1_000, fdReserve: 2_000, minWidgetSockets: 100 } as const;
