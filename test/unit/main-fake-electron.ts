// A fake `electron` module for the main-process wiring, one per OS: this file has what all three
// share; main-fake-darwin.ts, main-fake-win32.ts and main-fake-linux.ts add what that OS does, each
// behaviour with the Electron doc or source it follows. The tests drive the fake through `os` (what
// the user or the OS does: click the tray, launch again, lock the screen, shut down, send a
// signal), never by emitting events that OS would not emit.
import { EventEmitter } from 'node:events';
import type { MenuItem } from '../../src/main/ports.js';
import type { ElectronMain } from '../../src/main/wire.js';

export type FakePlatform = 'darwin' | 'win32' | 'linux';
export type Signal = 'SIGTERM' | 'SIGHUP' | 'SIGINT';

export interface FakeEvent { defaultPrevented: boolean; preventDefault(): void }
export const fakeEvent = (extra: Record<string, unknown> = {}): FakeEvent & Record<string, unknown> => {
  const e = { defaultPrevented: false, preventDefault() { e.defaultPrevented = true; }, ...extra };
  return e;
};

export class FakeWebContents extends EventEmitter {
  id = 1;
  sent: { channel: string; payload: unknown }[] = [];
  reloads = 0;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void { this.windowOpenHandler = h; }
  send(channel: string, payload: unknown): void { this.sent.push({ channel, payload }); this.emit('test:send', channel, payload); }
  reload(): void { this.reloads++; this.emit('test:reload'); }
}

export class FakeBrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  loadedUrl: string | null = null;
  constructor(public options: Record<string, unknown>, private readonly registry: FakeBrowserWindow[]) { super(); registry.push(this); }
  loadURL(url: string): Promise<void> { this.loadedUrl = url; return Promise.resolve(); }
  show(): void { this.visible = true; }
  hide(): void { this.visible = false; }
  focus(): void { this.focused = true; }
  isMinimized(): boolean { return false; }
  restore(): void {}
  isDestroyed(): boolean { return this.destroyed; }
  /** What the OS does: ask the window to close (the app hides it unless quitting). */
  tryClose(): FakeEvent { const e = fakeEvent(); this.emit('close', e); return e; }
}

export class FakeTray extends EventEmitter {
  image: { path: string };
  tooltip = '';
  menu: { template: MenuItem[] } | null = null;
  images: string[] = [];
  menuSets = 0;
  /** The context menu is on screen (opened by a click, closed by a swap or a choice). */
  menuOpen = false;
  /** How often setContextMenu replaced a menu that was open, which closes it (electron/electron#4801). */
  closedByReplace = 0;
  constructor(image: { path: string }) { super(); this.image = image; }
  setImage(image: { path: string }): void { this.image = image; this.images.push(image.path); }
  setToolTip(t: string): void { this.tooltip = t; }
  setContextMenu(m: { template: MenuItem[] }): void {
    if (this.menuOpen) { this.menuOpen = false; this.closedByReplace++; }
    this.menu = m;
    this.menuSets++;
  }
  destroy(): void {}
  item(id: string): MenuItem | undefined { return this.menu?.template.find((i) => i.id === id); }
  /** The user picks a menu item (the menu closes). */
  click(id: string): void { const it = this.item(id); if (!it?.click) throw new Error(`no menu item ${id}`); this.menuOpen = false; it.click(); }
}

export class FakeNotification extends EventEmitter {
  constructor(private readonly opts: { title: string; body: string }, private readonly shown: { title: string; body: string }[]) { super(); }
  show(): void { this.shown.push({ title: this.opts.title, body: this.opts.body }); }
}

type PermissionRequestHandler = (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;
type Headers = Record<string, string[]>;
type HeadersHandler = (details: { responseHeaders?: Headers }, cb: (r: { responseHeaders: Headers }) => void) => void;

/**
 * Process signals as the OS sees them: one handler per signal (sigaction), which is Node's once
 * the first process.on listener for it exists, Electron's after it installs its shutdown handlers,
 * and the default (the process dies) after Electron's one-shot handler ran.
 */
export class FakeSignals {
  readonly listeners = new Map<Signal, (() => void)[]>();
  readonly handler = new Map<Signal, 'default' | 'node' | 'electron'>();
  killedBy: Signal | null = null;
  on(sig: Signal, fn: () => void): this {
    const list = this.listeners.get(sig) ?? [];
    // libuv calls sigaction only for the first watcher of a signal.
    if (list.length === 0) this.handler.set(sig, 'node');
    list.push(fn);
    this.listeners.set(sig, list);
    return this;
  }
}

export interface FakeOs {
  platform: FakePlatform;
  /** The user left-clicks the tray icon. */
  clickTray(): void;
  /** The user launches the app again while it runs. */
  launchAgain(): void;
  lockScreen(): void;
  unlockScreen(): void;
  suspend(): void;
  resume(): void;
  /** The OS shuts down (or restarts); `cancelled`: the user or another app cancels it. */
  shutdown(opts?: { cancelled?: boolean; reasons?: string[] }): FakeEvent | null;
  /** A signal reaches the process (kill, Ctrl-C in a terminal, a desktop logout). */
  signal(sig: Signal): void;
}

export function fakeElectronBase(platform: FakePlatform, opts: { encryption?: boolean; packaged?: boolean } = {}) {
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const shown: { title: string; body: string }[] = [];
  const notifications: FakeNotification[] = [];
  const exits: { code: number; at: number }[] = [];
  const signals = new FakeSignals();
  let ready = false;
  const app = Object.assign(new EventEmitter(), {
    exits,
    quitCalls: 0,
    /** set when the process is gone (exit, or killed by a signal): nothing is delivered any more. */
    dead: false,
    loginItem: { openAtLogin: false, args: [] as string[] },
    appUserModelId: null as string | null,
    lock: true,
    isPackaged: opts.packaged ?? false,
    requestSingleInstanceLock: () => app.lock,
    // Electron installs its one-shot shutdown signal handlers after the main script's first turn
    // and before `ready` on POSIX (shell/browser/electron_browser_main_parts_posix.cc,
    // InstallShutdownSignalHandlers, called from PostCreateMainMessageLoop).
    whenReady: () => { if (!ready) { ready = true; base.onBeforeReady(); } return Promise.resolve(); },
    isReady: () => ready,
    exit: (code: number) => { if (app.dead) return; app.dead = true; exits.push({ code, at: Date.now() }); },
    // docs/api/app.md: quit() emits before-quit; only an unprevented one goes on (will-quit, exit).
    quit: () => {
      if (app.dead) return;
      app.quitCalls++;
      const e = fakeEvent();
      app.emit('before-quit', e);
      if (!e.defaultPrevented && !app.dead) { app.emit('will-quit', fakeEvent()); app.dead = true; exits.push({ code: 0, at: Date.now() }); }
    },
    setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => { app.loginItem = { openAtLogin: s.openAtLogin, args: s.args ?? [] }; },
    getLoginItemSettings: (_o?: { args?: string[] }) => ({ openAtLogin: app.loginItem.openAtLogin }),
    setAppUserModelId: (_id: string) => {},
    getPath: () => '/tmp',
    getName: () => 'Agent Presence',
    dock: undefined as undefined | { hidden: boolean; hide(): void; show(): Promise<void> },
  });
  const powerMonitor = Object.assign(new EventEmitter(), {
    idleSeconds: 0,
    locked: false,
    getSystemIdleTime: () => powerMonitor.idleSeconds,
    // docs/api/power-monitor.md getSystemIdleState: 'locked' where the system reports it.
    getSystemIdleState: (threshold: number) => (powerMonitor.locked ? 'locked' : powerMonitor.idleSeconds >= threshold ? 'idle' : 'active'),
  });
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handlers,
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => { handlers.set(channel, fn); },
    removeHandler: (channel: string) => { handlers.delete(channel); },
  };
  const encryption = opts.encryption ?? true;
  const safeStorage = {
    isEncryptionAvailable: () => encryption,
    getSelectedStorageBackend: () => (encryption ? 'gnome_libsecret' : 'basic_text'),
    encryptString: (s: string) => Buffer.from(`enc:${[...s].reverse().join('')}`),
    decryptString: (b: Buffer) => { const s = b.toString(); if (!s.startsWith('enc:')) throw new Error('bad cipher'); return [...s.slice(4)].reverse().join(''); },
  };
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (req: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged: (s: unknown[]) => { protocol.privileged.push(...s); },
    handle: (scheme: string, fn: (req: Request) => Promise<Response>) => { protocol.handlers.set(scheme, fn); },
  };
  const defaultSession = {
    permissionRequestHandler: null as null | PermissionRequestHandler,
    permissionCheckHandler: null as null | ((...a: unknown[]) => boolean),
    headersHandler: null as null | HeadersHandler,
    setPermissionRequestHandler: (h: PermissionRequestHandler) => { defaultSession.permissionRequestHandler = h; },
    setPermissionCheckHandler: (h: (...a: unknown[]) => boolean) => { defaultSession.permissionCheckHandler = h; },
    webRequest: { onHeadersReceived: (h: HeadersHandler) => { defaultSession.headersHandler = h; } },
  };
  const shell = { opened: [] as string[], openExternal: async (url: string) => { shell.opened.push(url); } };
  class Notification extends FakeNotification {
    static isSupported(): boolean { return true; }
    constructor(o: { title: string; body: string }) { super(o, shown); notifications.push(this); }
  }
  class BrowserWindow extends FakeBrowserWindow { constructor(o: Record<string, unknown>) { super(o, windows); } }
  class Tray extends FakeTray { constructor(i: { path: string }) { super(i); trays.push(this); } }
  const base = {
    platform,
    app,
    powerMonitor,
    ipcMain,
    safeStorage,
    protocol,
    session: { defaultSession },
    shell,
    // Only the main process's net.fetch is used (the window's API forwarder); tests that need it pass forwardFetch.
    net: { fetch: (input: string, init?: RequestInit) => fetch(input, init) },
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: MenuItem[]) => ({ template, items: template }) },
    nativeImage: { createFromPath: (p: string) => ({ path: p }) },
    // what the tests look at
    windows,
    trays,
    shownNotifications: shown,
    notifications,
    signals,
    window: () => windows[0]!,
    tray: () => trays[0]!,
    /** Overridden per OS: what happens between the first turn of the main script and `ready`. */
    onBeforeReady: () => {},
    /** Delivers a signal to whichever handler the process has for it. */
    deliverSignal(sig: Signal): void {
      if (app.dead) return;
      const h = signals.handler.get(sig) ?? 'default';
      if (h === 'default') { signals.killedBy = sig; app.dead = true; return; }
      if (h === 'node') { for (const fn of signals.listeners.get(sig) ?? []) fn(); return; }
      // Electron's GracefulShutdownHandler: reset to the default ("one shot"), then Browser::Quit.
      signals.handler.set(sig, 'default');
      app.quit();
    },
    asElectron: () => base as unknown as ElectronMain,
  };
  return base;
}
export type FakeElectronBase = ReturnType<typeof fakeElectronBase>;
