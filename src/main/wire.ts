// Wires a real (or fake) electron module into the desktop logic. electron-main.ts passes the real
// module; tests pass a fake per OS (test/unit/main-fake-*.ts), so this wiring itself runs in Node.
import type { BrowserWindow } from 'electron';
import type { Clock } from '../common/clock.js';
import type { IpcEventName, IpcEventPayload } from '../common/ipc-contract.js';
import type { ForwardFetch } from './api-forwarder.js';
import { createDesktopApp, type DesktopApp, type DesktopDeps } from './desktop-app.js';
import { registerIpc } from './ipc-main.js';
import { buildIpcHandlers } from './ipc-handlers.js';
import type { KeyValueStore, Logger, MenuItem, UpdaterPort } from './ports.js';
import { consoleLogger } from './ports.js';
import { rendererProtocolHandler } from './renderer-protocol.js';
import { snapshotToStatusView } from './status-view.js';
import { afterReady, beforeReady, listenForSignals, loginItemFor, showWindowAtLaunch, type HostInfo, type SignalSource } from './wire-platform.js';
import { createNotifier, createTray } from './wire-tray.js';
import { createMainWindow } from './wire-window.js';
import { RENDERER_ORIGIN, RENDERER_SCHEME, contentSecurityPolicy, hardenSession, rendererSchemePrivileges } from './window-security.js';

export type { HostInfo, SignalSource } from './wire-platform.js';
export { trayIconPath } from './wire-tray.js';

export type ElectronMain = Pick<typeof import('electron'),
  'app' | 'BrowserWindow' | 'Tray' | 'Menu' | 'nativeImage' | 'powerMonitor' | 'safeStorage' | 'ipcMain' | 'protocol' | 'session' | 'Notification' | 'shell' | 'net'>;

export interface WireOptions {
  createClient: DesktopDeps['createClient'];
  startLocalBackend?: DesktopDeps['startLocalBackend'];
  store: KeyValueStore;
  paths: { preload: string; rendererDir: string; trayIconDir: string };
  clock: Clock;
  signals: SignalSource;
  platform: NodeJS.Platform;
  host: HostInfo;
  /** Linux: whether a StatusNotifierItem host is there (null: unknown). */
  probeTrayHost?: () => Promise<boolean | null>;
  updater?: UpdaterPort;
  /** How the window's API calls, and main's own (admin alerts), reach the server; net.fetch by default. */
  forwardFetch?: ForwardFetch;
  /** Admins: how often the unstaffed alerts are read (tests shorten it). */
  alertsPollMs?: number;
  log?: Logger;
  quitDeadlineMs?: number;
  ackTimeoutMs?: number;
  idlePollMs?: number;
  /** Exposes globalThis.__agentPresenceTest for Playwright (tray has no DOM to click). */
  testHooks?: boolean;
}

export interface WiredApp {
  desktop: DesktopApp;
  window(): BrowserWindow;
  trayMenu(): MenuItem[];
  clickTrayItem(id: string): void;
}

const RENDERER_ORIGIN_URL = `${RENDERER_ORIGIN.protocol}//${RENDERER_ORIGIN.host}`;

/** Call once at startup, before app `ready`. Resolves when the app is running (or null when another instance owns it). */
export async function wireDesktopApp(electron: ElectronMain, opts: WireOptions): Promise<WiredApp | null> {
  const { app } = electron;
  const log = opts.log ?? consoleLogger;
  beforeReady(electron, opts.platform);
  if (!app.requestSingleInstanceLock()) {
    log.info('another instance is running; it will show its window');
    app.quit();
    return null;
  }
  electron.protocol.registerSchemesAsPrivileged([rendererSchemePrivileges]);

  let desktop: DesktopApp | null = null;
  // Until the app is composed, a quit request has nothing to announce and may proceed.
  app.on('before-quit', (event) => { if (desktop?.onBeforeQuit()) event.preventDefault(); });
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => {});

  await app.whenReady();
  afterReady(electron, opts.platform);
  listenForSignals(opts.signals, (sig) => { if (desktop) desktop.onSignal(sig); else app.exit(0); });

  const tray = createTray(electron, opts.paths.trayIconDir, opts.platform);
  const window = createMainWindow(electron, opts.paths.preload, (url) => void electron.shell.openExternal(url), () => desktop);
  const mainFetch: ForwardFetch = opts.forwardFetch ?? ((url, init) => electron.net.fetch(url, init));
  const serverInUse = (): string | null => desktop?.session.serverUrl ?? null;
  const csp = (): string => contentSecurityPolicy(serverInUse());
  electron.protocol.handle(RENDERER_SCHEME, rendererProtocolHandler({
    rootDir: opts.paths.rendererDir,
    origin: RENDERER_ORIGIN_URL,
    csp,
    apiTarget: () => {
      const url = serverInUse();
      return url && desktop?.getClient() ? { serverUrl: url, token: desktop.settings.currentToken() } : null;
    },
    fetch: mainFetch,
    onShellServed: () => window.shellServed(serverInUse()),
  }));
  hardenSession(electron.session.defaultSession, csp);

  // Windows and Linux: a second launch starts a second process, which hands over through the
  // single-instance lock. macOS: Finder or the Dock reopens the running app instead (no second
  // process), which is `activate` (docs/api/app.md, Event: 'activate'; emitted from
  // applicationShouldHandleReopen in shell/browser/mac/electron_application_delegate.mm).
  app.on('second-instance', () => window.port.show());
  app.on('activate', () => window.port.show());

  const power = electron.powerMonitor;
  const app_ = createDesktopApp({
    app: { exit: (code) => app.exit(code), quit: () => app.quit() },
    loginItem: loginItemFor(electron, opts.platform, opts.host),
    power: {
      on: (event, listener) => { power.on(event as 'suspend', listener); },
      getSystemIdleTime: () => power.getSystemIdleTime(),
      getSystemIdleState: (threshold) => power.getSystemIdleState(threshold),
    },
    // Electron emits lock-screen on macOS and Windows only (docs/api/power-monitor.md).
    pollLockState: opts.platform === 'linux',
    tray: tray.port,
    secrets: electron.safeStorage,
    store: opts.store,
    // app.getPreferredSystemLanguages() (Electron 22+, docs/api/app.md): the OS's language list,
    // unlike app.getLocale(), which is the app's own UI locale.
    systemLanguages: () => (typeof app.getPreferredSystemLanguages === 'function' ? app.getPreferredSystemLanguages() : []),
    notifier: createNotifier(electron),
    window: window.port,
    clock: opts.clock,
    createClient: opts.createClient,
    ...(opts.startLocalBackend ? { startLocalBackend: opts.startLocalBackend } : {}),
    ...(opts.updater ? { updater: opts.updater } : {}),
    // net.fetch (docs/api/net.md): Chromium's stack, so the system proxy applies as for the window.
    apiFetch: (input, init) => mainFetch(input instanceof Request ? input.url : String(input), init ?? {}),
    ...(opts.alertsPollMs !== undefined ? { alertsPollMs: opts.alertsPollMs } : {}),
    log,
    ...(opts.quitDeadlineMs !== undefined ? { quitDeadlineMs: opts.quitDeadlineMs } : {}),
    ...(opts.ackTimeoutMs !== undefined ? { ackTimeoutMs: opts.ackTimeoutMs } : {}),
    ...(opts.idlePollMs !== undefined ? { idlePollMs: opts.idlePollMs } : {}),
  });
  desktop = app_;
  app_.session.onServerChange((url) => window.followServer(url));

  // Linux and macOS: the OS asks before shutting down; preventDefault buys the deadline, no more.
  // The typings declare no argument, but Electron passes an Event whose preventDefault delays
  // shutdown (docs/api/power-monitor.md, Event: 'shutdown').
  const onShutdown = (event?: { preventDefault?: () => void }): void => { if (app_.onShutdown()) event?.preventDefault?.(); };
  power.on('shutdown', onShutdown as () => void);

  registerIpc(electron.ipcMain, buildIpcHandlers(app_), [RENDERER_ORIGIN], log);
  const push = <E extends IpcEventName>(name: E, payload: IpcEventPayload<E>): void => window.port.send(name, payload);
  app_.onStatusChange(() => push('status.changed', snapshotToStatusView(app_.getClient()?.getSnapshot() ?? null)));
  app_.settings.onChange(() => push('settings.changed', app_.settings.view()));

  try {
    await app_.start();
  } catch (err) {
    log.error('startup: could not connect; open the window to sign in or fix the server URL', { err: String(err) });
  }
  const trayHost = opts.platform === 'linux' && opts.probeTrayHost ? await opts.probeTrayHost().catch(() => null) : null;
  if (showWindowAtLaunch(opts.platform, opts.host.argv, trayHost)) {
    log.info('launch: showing the window (no tray host found, or it could not be checked)', { trayHost });
    window.port.show();
  }

  const wired: WiredApp = {
    desktop: app_,
    window: () => window.win,
    trayMenu: () => tray.lastMenu(),
    clickTrayItem: (id) => tray.lastMenu().find((i) => i.id === id)?.click?.(),
  };
  if (opts.testHooks) (globalThis as Record<string, unknown>).__agentPresenceTest = wired;
  return wired;
}
