// A fake `electron` module (event emitters that record calls) and a fake presence client, so the
// real main-process wiring runs in Node. Only what src/main uses is implemented.
import { EventEmitter } from 'node:events';
import type { AnyReason, DeviceKind, Reason, Status } from '../../src/common/protocol.js';
import type { AgentClientPort, ClientSnapshot, MenuItem } from '../../src/main/ports.js';
import type { ElectronMain } from '../../src/main/wire.js';
import { ManualClock } from '../helpers/manual-clock.js';

export interface FakeEvent { defaultPrevented: boolean; preventDefault(): void }
export const fakeEvent = (extra: Record<string, unknown> = {}): FakeEvent & Record<string, unknown> => {
  const e = { defaultPrevented: false, preventDefault() { e.defaultPrevented = true; }, ...extra };
  return e;
};

export class FakeWebContents extends EventEmitter {
  id = 1;
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void { this.windowOpenHandler = h; }
  send(channel: string, payload: unknown): void { this.sent.push({ channel, payload }); }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  loadedUrl: string | null = null;
  constructor(public options: Record<string, unknown>) { super(); FakeBrowserWindow.instances.push(this); }
  loadURL(url: string): Promise<void> { this.loadedUrl = url; return Promise.resolve(); }
  show(): void { this.visible = true; }
  hide(): void { this.visible = false; }
  focus(): void {}
  isMinimized(): boolean { return false; }
  restore(): void {}
  isDestroyed(): boolean { return this.destroyed; }
  /** What the OS does: ask the window to close (the app hides it unless quitting). */
  tryClose(): FakeEvent { const e = fakeEvent(); this.emit('close', e); return e; }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: { path: string };
  tooltip = '';
  menu: { template: MenuItem[] } | null = null;
  images: string[] = [];
  constructor(image: { path: string }) { super(); this.image = image; FakeTray.instances.push(this); }
  setImage(image: { path: string }): void { this.image = image; this.images.push(image.path); }
  setToolTip(t: string): void { this.tooltip = t; }
  setContextMenu(m: { template: MenuItem[] }): void { this.menu = m; }
  destroy(): void {}
  item(id: string): MenuItem | undefined { return this.menu?.template.find((i) => i.id === id); }
  click(id: string): void { const it = this.item(id); if (!it?.click) throw new Error(`no menu item ${id}`); it.click(); }
}

export class FakeNotification {
  static shown: { title: string; body: string }[] = [];
  static isSupported(): boolean { return true; }
  constructor(private readonly opts: { title: string; body: string }) {}
  show(): void { FakeNotification.shown.push({ title: this.opts.title, body: this.opts.body }); }
}

type PermissionRequestHandler = (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;
type Headers = Record<string, string[]>;
type HeadersHandler = (details: { responseHeaders?: Headers }, cb: (r: { responseHeaders: Headers }) => void) => void;

export function fakeElectron(opts: { encryption?: boolean } = {}) {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  const exits: { code: number; at: number }[] = [];
  const app = Object.assign(new EventEmitter(), {
    exits,
    quitCalls: 0,
    loginItem: { openAtLogin: false },
    lock: true,
    requestSingleInstanceLock: () => app.lock,
    whenReady: () => Promise.resolve(),
    exit: (code: number) => { exits.push({ code, at: Date.now() }); },
    // Like Electron: quit() emits before-quit, and only an unprevented one proceeds.
    quit: () => { app.quitCalls++; const e = fakeEvent(); app.emit('before-quit', e); if (!e.defaultPrevented) exits.push({ code: 0, at: Date.now() }); },
    setLoginItemSettings: (s: { openAtLogin: boolean }) => { app.loginItem = { openAtLogin: s.openAtLogin }; },
    getLoginItemSettings: () => app.loginItem,
    getPath: () => '/tmp',
    isPackaged: false,
  });
  const powerMonitor = Object.assign(new EventEmitter(), { idleSeconds: 0, getSystemIdleTime: () => powerMonitor.idleSeconds });
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
  const fake = {
    app,
    powerMonitor,
    ipcMain,
    safeStorage,
    protocol,
    session: { defaultSession },
    shell,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: MenuItem[]) => ({ template }) },
    nativeImage: { createFromPath: (p: string) => ({ path: p }) },
  };
  return Object.assign(fake, { asElectron: () => fake as unknown as ElectronMain });
}
export type FakeElectron = ReturnType<typeof fakeElectron>;

/** Process signals without touching the real process. */
export function fakeSignals() {
  const em = new EventEmitter();
  return { on: (sig: string, fn: () => void) => em.on(sig, fn), send: (sig: 'SIGTERM' | 'SIGHUP' | 'SIGINT') => em.emit(sig) };
}

/** A hand-driven clock: timers fire only when advanced (the shared ManualClock). */
export const manualClock = (start = 1_000_000): ManualClock => new ManualClock(start);

/** A presence client double: the server is a version counter. */
export class FakeClient implements AgentClientPort {
  snapshot: ClientSnapshot = {
    connection: 'connected',
    agent: { id: 'a1', name: 'Ann', email: 'ann@example.com', role: 'agent', groupIds: [] },
    status: { status: 'online', effective: 'online', version: 1, reason: 'manual', by: { deviceId: 'dev-this', kind: 'desktop' }, at: '' },
    chatBox: { website: { online: true, reason: 'agents_online', nextOpenAt: null }, groups: {} },
    lastError: null,
  };
  calls: string[] = [];
  listeners = new Set<(s: ClientSnapshot) => void>();
  /** goOfflineAndClose never settles (a black-holed server without its own timeout). */
  hang = false;

  login = async () => { this.calls.push('login'); return this.snapshot.agent!; };
  logout = async () => { this.calls.push('logout'); };
  start = async () => { this.calls.push('start'); };
  stop = () => { this.calls.push('stop'); };
  hint = (what: string) => { this.calls.push(`hint:${what}`); };
  getSnapshot = () => this.snapshot;
  subscribe = (l: (s: ClientSnapshot) => void) => { this.listeners.add(l); return () => { this.listeners.delete(l); }; };
  async setStatus(status: Status, reason: Reason = 'manual') {
    this.calls.push(`set:${status}:${reason}`);
    return { version: this.apply(status, reason, 'dev-this') };
  }
  goOfflineAndClose = (o?: { reason?: Reason }) => {
    this.calls.push(`quit:${o?.reason}`);
    return this.hang ? new Promise<{ via: string }>(() => {}) : Promise.resolve({ via: 'socket' });
  };
  signOffThisDevice = async () => { this.calls.push('bye'); };

  /** A change that arrives from the server (this or another device, or an admin). */
  apply(status: Status, reason: AnyReason, deviceId: string | null, kind: DeviceKind | 'server' = 'desktop'): number {
    const version = (this.snapshot.status?.version ?? 0) + 1;
    this.snapshot = { ...this.snapshot, status: { status, effective: status, version, reason, by: { deviceId, kind }, at: '' } };
    for (const l of this.listeners) l(this.snapshot);
    return version;
  }
  emit(patch: Partial<ClientSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l(this.snapshot);
  }
}
