// Boots the real wiring (src/main/wire.ts) on the fake electron of one OS: the one set-up shared
// by the wiring, checklist, integration and browser tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../src/common/clock.js';
import type { AgentClientPort, KeyValueStore, UpdaterPort } from '../../src/main/ports.js';
import { memoryStore } from '../../src/main/settings-service.js';
import type { LocalBackend } from '../../src/main/session.js';
import { wireDesktopApp, type HostInfo, type WireOptions, type WiredApp } from '../../src/main/wire.js';
import { fakeElectron, fakeHost, type FakeElectron, type FakeElectronOptions } from './main-fakes.js';

export interface BootOptions extends FakeElectronOptions {
  createClient: WireOptions['createClient'];
  startLocalBackend?: () => Promise<LocalBackend>;
  store?: KeyValueStore;
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  clock?: Clock;
  host?: Partial<HostInfo>;
  rendererDir?: string;
  lock?: boolean;
  probeTrayHost?: () => Promise<boolean | null>;
  updater?: UpdaterPort;
  forwardFetch?: WireOptions['forwardFetch'];
  quitDeadlineMs?: number;
  idlePollMs?: number;
  alertsPollMs?: number;
}

export interface Booted { fake: FakeElectron; wired: WiredApp | null; store: KeyValueStore; home: string }

export const silent = { info() {}, warn() {}, error() {} };

export function localBackend(url: string, login = { email: 'me@local', password: 'pw' }, closed: string[] = []): () => Promise<LocalBackend> {
  return async () => ({ url, login, close: async () => { closed.push('backend'); } });
}

export async function bootWired(o: BootOptions): Promise<Booted> {
  const fake = fakeElectron(o);
  fake.app.lock = o.lock ?? true;
  const home = mkdtempSync(path.join(tmpdir(), 'ap-home-'));
  const store = o.store ?? memoryStore({ version: 2, settings: { serverUrl: null, ...o.settings }, credentials: { deviceId: 'dev-this', ...o.credentials } });
  const wired = await wireDesktopApp(fake.asElectron(), {
    createClient: o.createClient,
    ...(o.startLocalBackend ? { startLocalBackend: o.startLocalBackend } : {}),
    store,
    paths: { preload: '/app/dist-electron/preload.cjs', rendererDir: o.rendererDir ?? '/nonexistent', trayIconDir: '/icons' },
    clock: o.clock ?? systemClock,
    signals: fake.signals,
    platform: fake.platform,
    host: fakeHost(home, o.host),
    ...(o.probeTrayHost ? { probeTrayHost: o.probeTrayHost } : {}),
    ...(o.updater ? { updater: o.updater } : {}),
    ...(o.forwardFetch ? { forwardFetch: o.forwardFetch } : {}),
    log: silent,
    ...(o.quitDeadlineMs !== undefined ? { quitDeadlineMs: o.quitDeadlineMs } : {}),
    ...(o.idlePollMs !== undefined ? { idlePollMs: o.idlePollMs } : {}),
    ...(o.alertsPollMs !== undefined ? { alertsPollMs: o.alertsPollMs } : {}),
  });
  return { fake, wired, store, home };
}

export type { AgentClientPort };
