// The tray application's logic, composed from ports only (no Electron): session, tray, lifecycle,
// automatic status, watchers. wire.ts builds the ports from the real (or a fake) electron module.
import type { Clock } from '../common/clock.js';
import type { Status } from '../common/protocol.js';
import type { AgentClientPort, AppPort, CredentialStore, KeyValueStore, Logger, NotifierPort, PowerPort, SecretPort, TrayPort, WindowPort } from './ports.js';
import { silentLogger } from './ports.js';
import { AutoStatus, IdleWatcher } from './auto-status.js';
import { QuitCoordinator, type QuitReason } from './quit-coordinator.js';
import { SettingsService } from './settings-service.js';
import { ForeignChangeNotifier, OfficeHoursFollower } from './status-watchers.js';
import { TrayController } from './tray-controller.js';
import { Session, type LocalBackend } from './session.js';

export interface DesktopDeps {
  app: AppPort;
  power: PowerPort;
  tray: TrayPort;
  secrets: SecretPort;
  store: KeyValueStore;
  notifier: NotifierPort;
  /** The settings/dashboard window; created lazily by the wiring. */
  window: WindowPort;
  clock: Clock;
  createClient(opts: { serverUrl: string; credentials: CredentialStore }): AgentClientPort;
  /** Starts the presence backend in-process when no server URL is configured. */
  startLocalBackend?: () => Promise<LocalBackend>;
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

  const quitter = new QuitCoordinator({
    app: deps.app,
    getClient,
    getQuitMode: () => settings.get().quitBehaviour,
    clock: deps.clock,
    ...(deps.ackTimeoutMs !== undefined ? { ackTimeoutMs: deps.ackTimeoutMs } : {}),
    ...(deps.quitDeadlineMs !== undefined ? { deadlineMs: deps.quitDeadlineMs } : {}),
    log,
  });
  quitter.join(() => session.closeBackend());

  const auto = new AutoStatus(getClient, () => settings.get(), log);
  const idle = new IdleWatcher(deps.clock, () => deps.power.getSystemIdleTime(), () => settings.get().idleMinutes,
    (isIdle) => void (isIdle ? auto.begin('idle') : auto.end('idle')), deps.idlePollMs);

  const setStatus = (status: Status): void => {
    auto.reset(); // a manual choice ends any automatic claim
    getClient()?.setStatus(status, 'manual').catch((err: unknown) => log.warn('tray: status change failed', { err: String(err) }));
  };
  const applyStartAtLogin = (on: boolean): void => deps.app.setLoginItemSettings({ openAtLogin: on });
  const tray = new TrayController(deps.tray, {
    setStatus,
    openWindow: () => deps.window.show(),
    toggleStartAtLogin: () => { settings.update({ startAtLogin: !settings.get().startAtLogin }); },
    quit: () => void quitter.quit('quit'),
  }, () => settings.get().startAtLogin);

  const notifier = new ForeignChangeNotifier(deps.notifier, () => settings.deviceId(), () => settings.get().notifications);
  const follower = new OfficeHoursFollower(getClient, () => settings.get().followOfficeHours, log);
  const statusListeners = new Set<() => void>();

  session.onClient((client) => {
    auto.reset();
    notifier.reset();
    follower.reset();
    tray.attach(client);
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
    applyStartAtLogin(s.startAtLogin);
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

  return {
    settings,
    session,
    quitter,
    auto,
    idle,
    tray,
    getClient,
    async start(): Promise<void> {
      if (deps.app.getLoginItemSettings().openAtLogin !== settings.get().startAtLogin) applyStartAtLogin(settings.get().startAtLogin);
      await session.start();
      idle.start();
    },
    setStatus: async (status: Status) => {
      auto.reset();
      const client = getClient();
      if (!client) throw Object.assign(new Error('Not signed in.'), { code: 'unauthorized' });
      return client.setStatus(status, 'manual');
    },
    /** before-quit: returns whether the caller must preventDefault. */
    onBeforeQuit: (): boolean => quitter.intercept('quit'),
    /** powerMonitor shutdown (Linux, macOS): same path, reason shutdown. */
    onShutdown: (): boolean => quitter.intercept('shutdown'),
    /** Windows query-session-end / session-end: never blocked, just raced against the OS. */
    onSessionEnd: (reasons: readonly string[]): void => { void quitter.quit(reasons.includes('logoff') ? 'logout' : 'shutdown'); },
    /** SIGTERM / SIGHUP / SIGINT: what a desktop logout usually looks like on Linux and macOS. */
    onSignal: (_signal: string): void => { void quitter.quit('logout'); },
    quit: (reason: QuitReason = 'quit') => quitter.quit(reason),
    onStatusChange(listener: () => void): () => void {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    stop(): void {
      idle.stop();
      tray.dispose();
    },
  };
}
