// The tray application's logic, composed from ports only (no Electron): session, tray, lifecycle,
// automatic status, watchers, updates. wire.ts builds the ports from the real (or a fake) electron module.
import type { Clock } from '../common/clock.js';
import type { Status } from '../common/protocol.js';
import type { AgentClientPort, AppPort, CredentialStore, KeyValueStore, LoginItemPort, Logger, NotifierPort, PowerPort, SecretPort, TrayPort, UpdaterPort, WindowPort } from './ports.js';
import { silentLogger } from './ports.js';
import { createTranslator } from '../common/i18n/translate.js';
import { trayText, type TrayText } from './tray-view.js';
import { AutoStatus, ConditionPoller, idleCondition } from './auto-status.js';
import { DESKTOP_TIMINGS } from '../common/timings.js';
import { QuitCoordinator, type QuitReason } from './quit-coordinator.js';
import { SettingsService } from './settings-service.js';
import { ForeignChangeNotifier, OfficeHoursFollower } from './status-watchers.js';
import { TrayController } from './tray-controller.js';
import { Session, type LocalBackend } from './session.js';
import { UpdatePolicy } from './updater.js';
import { PresenceApi } from '../client/api.js';
import { adminAlertsSchema } from '../common/webhook-schemas.js';
import { UnstaffedAlerts } from './unstaffed-alerts.js';

export interface DesktopDeps {
  app: AppPort;
  loginItem: LoginItemPort;
  power: PowerPort;
  tray: TrayPort;
  secrets: SecretPort;
  store: KeyValueStore;
  /** The OS's preferred languages, most preferred first (app.getPreferredSystemLanguages()). */
  systemLanguages?: () => readonly string[];
  notifier: NotifierPort;
  /** The settings/dashboard window; created lazily by the wiring. */
  window: WindowPort;
  clock: Clock;
  createClient(opts: { serverUrl: string; credentials: CredentialStore }): AgentClientPort;
  /** Starts the presence backend in-process when no server URL is configured. */
  startLocalBackend?: () => Promise<LocalBackend>;
  /** Linux: no lock-screen event exists, so the locked state is polled (getSystemIdleState). */
  pollLockState?: boolean;
  updater?: UpdaterPort;
  /** How main itself calls the server's HTTP API (net.fetch in the app); without it, no admin alerts. */
  apiFetch?: typeof fetch;
  /** Admins: how often GET /alerts is read for the unstaffed notification (DESKTOP_TIMINGS by default). */
  alertsPollMs?: number;
  log?: Logger;
  quitDeadlineMs?: number;
  ackTimeoutMs?: number;
  idlePollMs?: number;
}

export type DesktopApp = ReturnType<typeof createDesktopApp>;

export function createDesktopApp(deps: DesktopDeps) {
  const log = deps.log ?? silentLogger;
  const settings = new SettingsService(deps.store, deps.secrets, log);
  const session = new Session(settings, deps.createClient, deps.startLocalBackend, log);
  const getClient = (): AgentClientPort | null => session.client;
  // The tray follows the language setting, else the OS; translators are cached per language.
  const text = (): TrayText => trayText(createTranslator(settings.get().language, deps.systemLanguages?.() ?? []));
  const updates = deps.updater ? new UpdatePolicy(deps.updater, deps.clock, () => settings.get().updateFeedUrl, log) : null;

  const quitter = new QuitCoordinator({
    app: deps.app,
    getClient,
    getQuitMode: () => settings.get().quitBehaviour,
    clock: deps.clock,
    ...(deps.ackTimeoutMs !== undefined ? { ackTimeoutMs: deps.ackTimeoutMs } : {}),
    ...(deps.quitDeadlineMs !== undefined ? { deadlineMs: deps.quitDeadlineMs } : {}),
    ...(updates ? { beforeExit: () => { updates.installIfReady(); } } : {}),
    log,
  });
  quitter.join(() => session.closeBackend());

  const apiFetch = deps.apiFetch;
  const alerts = apiFetch ? new UnstaffedAlerts({
    read: async () => {
      const serverUrl = session.serverUrl;
      if (serverUrl === null) throw new Error('no server in use');
      return new PresenceApi({ serverUrl, fetch: apiFetch, token: () => settings.currentToken() }).get('/alerts', {}, adminAlertsSchema);
    },
    notifier: deps.notifier,
    clock: deps.clock,
    everyMs: deps.alertsPollMs ?? DESKTOP_TIMINGS.unstaffedAlertsPollMs,
    text,
    active: () => !quitter.isQuitting,
    log,
  }) : null;
  // Not a quit participant to wait for: stopping is synchronous, and `active` already holds it back.
  quitter.join(() => { alerts?.stop(); });

  const auto = new AutoStatus(getClient, () => settings.get(), log);
  const idle = new ConditionPoller(deps.clock, idleCondition(() => deps.power.getSystemIdleTime(), () => settings.get().idleMinutes),
    (isIdle) => void (isIdle ? auto.begin('idle') : auto.end('idle')), deps.idlePollMs ?? DESKTOP_TIMINGS.idlePollMs);
  const locked = deps.pollLockState
    ? new ConditionPoller(deps.clock, () => deps.power.getSystemIdleState(60) === 'locked',
      (isLocked) => void (isLocked ? auto.begin('lock') : auto.end('lock')), DESKTOP_TIMINGS.lockPollMs)
    : null;

  const setStatus = (status: Status): void => {
    auto.reset(); // a manual choice ends any automatic claim
    getClient()?.setStatus(status, 'manual').catch((err: unknown) => log.warn('tray: status change failed', { err: String(err) }));
  };
  const setTimed = (status: Status, until: string): void => {
    auto.reset();
    getClient()?.setStatus(status, 'manual', { until }).catch((err: unknown) => log.warn('tray: timed status failed', { err: String(err) }));
  };
  const tray = new TrayController(deps.tray, {
    setStatus,
    setTimed,
    openWindow: () => deps.window.show(),
    toggleStartAtLogin: () => { settings.update({ startAtLogin: !settings.get().startAtLogin }); },
    quit: () => void quitter.quit('quit'),
  }, () => ({ startAtLogin: settings.get().startAtLogin, updateReady: updates?.ready ?? null, text: text(), now: () => deps.clock.now() }));
  updates?.onReady(() => tray.render());

  const notifier = new ForeignChangeNotifier(deps.notifier, () => settings.deviceId(), () => settings.get().notifications, text);
  const follower = new OfficeHoursFollower(getClient, () => settings.get().followOfficeHours, log);
  const statusListeners = new Set<() => void>();

  session.onClient((client) => {
    auto.reset();
    notifier.reset();
    follower.reset();
    tray.attach(client);
    alerts?.follow(client);
    if (client) {
      // The current state is the baseline that later snapshots are compared with.
      notifier.observe(client.getSnapshot());
      follower.observe(client.getSnapshot());
    }
    client?.subscribe((s) => {
      notifier.observe(s);
      follower.observe(s);
      for (const l of statusListeners) l();
    });
    for (const l of statusListeners) l();
  });

  settings.onChange((s) => {
    if (deps.loginItem.isEnabled() !== s.startAtLogin) deps.loginItem.setEnabled(s.startAtLogin);
    tray.render();
  });

  deps.power.on('suspend', () => void auto.begin('suspend'));
  deps.power.on('lock-screen', () => void auto.begin('lock'));
  deps.power.on('unlock-screen', () => void auto.end('lock'));
  deps.power.on('resume', () => {
    // Reconnect at once instead of waiting out the backoff, then undo what suspend did.
    getClient()?.hint('resume');
    void auto.end('suspend');
    idle.check();
  });

  let sessionEndTimer: unknown = null;
  const windowsSessionEnd = {
    /**
     * Windows query-session-end: the offline goes out now (Windows may end the process soon after
     * session-end, docs/api/browser-window.md), but the app keeps running: the user or another app
     * can still cancel. Without session-end in time, the shutdown was cancelled and the status is
     * restored (only if nobody changed it meanwhile).
     */
    query(reasons: readonly string[]): void {
      if (quitter.isQuitting) return;
      void auto.begin('session-end', reasons.includes('logoff') ? 'logout' : 'shutdown');
      if (sessionEndTimer !== null) deps.clock.clearTimeout(sessionEndTimer);
      sessionEndTimer = deps.clock.setTimeout(() => {
        sessionEndTimer = null;
        log.info('session end: no session-end followed; the shutdown was cancelled, restoring the status');
        void auto.end('session-end');
      }, DESKTOP_TIMINGS.sessionEndCancelMs);
    },
    /** Windows session-end: the session really ends now; exit (the offline is already out). */
    end(reasons: readonly string[]): void {
      if (sessionEndTimer !== null) deps.clock.clearTimeout(sessionEndTimer);
      sessionEndTimer = null;
      void quitter.quit(reasons.includes('logoff') ? 'logout' : 'shutdown');
    },
  };

  return {
    settings,
    session,
    quitter,
    auto,
    idle,
    tray,
    updates,
    alerts,
    getClient,
    windowsSessionEnd,
    async start(): Promise<void> {
      if (deps.loginItem.isEnabled() !== settings.get().startAtLogin) deps.loginItem.setEnabled(settings.get().startAtLogin);
      await session.start();
      idle.start();
      locked?.start();
      updates?.start();
    },
    setStatus: async (status: Status) => {
      auto.reset();
      const client = getClient();
      if (!client) throw Object.assign(new Error('Not signed in.'), { code: 'unauthorized' });
      return client.setStatus(status, 'manual');
    },
    /** before-quit: returns whether the caller must preventDefault. A quit already under way keeps its reason. */
    onBeforeQuit: (): boolean => quitter.intercept('quit'),
    /** powerMonitor shutdown (Linux, macOS): same path, reason shutdown. */
    onShutdown: (): boolean => quitter.intercept('shutdown'),
    /** SIGTERM / SIGHUP / SIGINT: what a desktop logout usually looks like on Linux and macOS. */
    onSignal: (_signal: string): void => { void quitter.quit('logout'); },
    quit: (reason: QuitReason = 'quit') => quitter.quit(reason),
    onStatusChange(listener: () => void): () => void {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    stop(): void {
      idle.stop();
      locked?.stop();
      updates?.stop();
      alerts?.stop();
      if (sessionEndTimer !== null) deps.clock.clearTimeout(sessionEndTimer);
      tray.dispose();
    },
  };
}
