// Wires a real (or fake) electron module into the desktop logic. electron-main.ts passes
// `await import('electron')`; tests pass fakeElectron(), so this wiring itself runs in Node tests.
import path from 'node:path';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import type { Clock } from '../common/clock.js';
import { IPC_EVENT_PREFIX, type IpcEventName, type IpcEventPayload } from '../common/ipc-contract.js';
import { createDesktopApp, type DesktopApp, type DesktopDeps } from './desktop-app.js';
import { registerIpc } from './ipc-main.js';
import { buildIpcHandlers } from './ipc-handlers.js';
import type { KeyValueStore, Logger, MenuItem, TrayIconState, TrayPort, WindowPort } from './ports.js';
import { consoleLogger } from './ports.js';
import { rendererProtocolHandler } from './renderer-protocol.js';
import { snapshotToStatusView } from './status-view.js';
import {
  RENDERER_HOST, RENDERER_ORIGIN, RENDERER_SCHEME, RENDERER_URL, contentSecurityPolicy, hardenSession,
  hardenWebContents, mainWindowOptions, rendererSchemePrivileges,
} from './window-security.js';

export type ElectronMain = Pick<typeof import('electron'),
  'app' | 'BrowserWindow' | 'Tray' | 'Menu' | 'nativeImage' | 'powerMonitor' | 'safeStorage' | 'ipcMain' | 'protocol' | 'session' | 'Notification' | 'shell'>;

export interface SignalSource { on(signal: 'SIGTERM' | 'SIGHUP' | 'SIGINT', listener: () => void): unknown }

export interface WireOptions {
  createClient: DesktopDeps['createClient'];
  startLocalBackend?: DesktopDeps['startLocalBackend'];
  store: KeyValueStore;
  paths: { preload: string; rendererDir: string; trayIconDir: string };
  clock: Clock;
  signals: SignalSource;
  platform: NodeJS.Platform;
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

export function trayIconPath(dir: string, state: TrayIconState, platform: NodeJS.Platform): string {
  // macOS template images are black + alpha; the system tints them for light and dark menu bars.
  // nativeImage picks the @2x sibling on its own.
  return path.join(dir, platform === 'darwin' ? `${state}Template.png` : `${state}.png`);
}

/** Call once at startup, before app `ready`. Resolves when the app is running (or null when another instance owns it). */
export async function wireDesktopApp(electron: ElectronMain, opts: WireOptions): Promise<WiredApp | null> {
  const { app } = electron;
  const log = opts.log ?? consoleLogger;
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
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    opts.signals.on(sig, () => { if (desktop) desktop.onSignal(sig); else app.exit(0); });
  }

  await app.whenReady();

  let lastMenu: MenuItem[] = [];
  const tray = new electron.Tray(electron.nativeImage.createFromPath(trayIconPath(opts.paths.trayIconDir, 'disconnected', opts.platform)));
  const trayPort: TrayPort = {
    setIcon: (state) => tray.setImage(electron.nativeImage.createFromPath(trayIconPath(opts.paths.trayIconDir, state, opts.platform))),
    setToolTip: (text) => tray.setToolTip(text),
    setContextMenu: (template) => {
      lastMenu = template;
      tray.setContextMenu(electron.Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
    },
    onClick: (listener) => { tray.on('click', () => listener()); },
    destroy: () => tray.destroy(),
  };

  const csp = (): string => contentSecurityPolicy(desktop?.session.serverUrl ?? null);
  electron.protocol.handle(RENDERER_SCHEME, rendererProtocolHandler(opts.paths.rendererDir, csp, RENDERER_HOST));
  hardenSession(electron.session.defaultSession, csp);

  const win = createWindow(electron, opts, () => desktop);
  const windowPort: WindowPort = {
    show: () => { if (win.isMinimized()) win.restore(); win.show(); win.focus(); },
    send: (event, payload) => { if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_PREFIX + event, payload); },
  };
  app.on('second-instance', () => windowPort.show());

  const power = electron.powerMonitor;
  desktop = createDesktopApp({
    app: {
      exit: (code) => app.exit(code),
      quit: () => app.quit(),
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
      getLoginItemSettings: () => app.getLoginItemSettings(),
    },
    power: { on: (event, listener) => { power.on(event as 'suspend', listener); }, getSystemIdleTime: () => power.getSystemIdleTime() },
    tray: trayPort,
    secrets: electron.safeStorage,
    store: opts.store,
    notifier: {
      isSupported: () => electron.Notification.isSupported(),
      show: (title, body) => new electron.Notification({ title, body, silent: false }).show(),
    },
    window: windowPort,
    clock: opts.clock,
    createClient: opts.createClient,
    ...(opts.startLocalBackend ? { startLocalBackend: opts.startLocalBackend } : {}),
    log,
    ...(opts.quitDeadlineMs !== undefined ? { quitDeadlineMs: opts.quitDeadlineMs } : {}),
    ...(opts.ackTimeoutMs !== undefined ? { ackTimeoutMs: opts.ackTimeoutMs } : {}),
    ...(opts.idlePollMs !== undefined ? { idlePollMs: opts.idlePollMs } : {}),
  });
  const app_ = desktop;

  // Linux and macOS: the OS asks before shutting down; preventDefault buys the deadline, no more.
  // The typings declare no argument, but Electron passes an Event whose preventDefault delays shutdown.
  const onShutdown = (event?: { preventDefault?: () => void }): void => { if (app_.onShutdown()) event?.preventDefault?.(); };
  power.on('shutdown', onShutdown as () => void);

  registerIpc(electron.ipcMain, buildIpcHandlers(app_), [RENDERER_ORIGIN], log);
  const push = <E extends IpcEventName>(name: E, payload: IpcEventPayload<E>): void => windowPort.send(name, payload);
  app_.onStatusChange(() => push('status.changed', snapshotToStatusView(app_.getClient()?.getSnapshot() ?? null)));
  app_.settings.onChange(() => push('settings.changed', app_.settings.view()));

  try {
    await app_.start();
  } catch (err) {
    log.error('startup: could not connect; open the window to sign in or fix the server URL', { err: String(err) });
  }

  const wired: WiredApp = {
    desktop: app_,
    window: () => win,
    trayMenu: () => lastMenu,
    clickTrayItem: (id) => lastMenu.find((i) => i.id === id)?.click?.(),
  };
  if (opts.testHooks) (globalThis as Record<string, unknown>).__agentPresenceTest = wired;
  return wired;
}

function createWindow(electron: ElectronMain, opts: WireOptions, desktop: () => DesktopApp | null): BrowserWindow {
  const win = new electron.BrowserWindow(mainWindowOptions(opts.paths.preload));
  hardenWebContents(win.webContents, (url) => void electron.shell.openExternal(url));
  // The window is created hidden at startup, because on Windows query-session-end and session-end
  // are only delivered to existing windows. Closing it hides it; the tray keeps the app alive.
  win.on('close', (event) => {
    const d = desktop();
    if (d && !d.quitter.isQuitting) { event.preventDefault(); win.hide(); }
  });
  win.on('query-session-end', (event) => desktop()?.onSessionEnd(event.reasons));
  win.on('session-end', (event) => desktop()?.onSessionEnd(event.reasons));
  void win.loadURL(RENDERER_URL).catch(() => { /* the protocol handler serves a fallback page */ });
  return win;
}
