// The Electron entry point: the only file that imports electron values. Everything it does is
// choose real implementations (electron-store, ws, fetch, the in-process server, the log, the
// updater) and hand them, with the electron module itself, to wireDesktopApp, which the Node tests
// run with a fake module per OS.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import Store from 'electron-store';
import WebSocket from 'ws';
import { systemClock } from '../common/clock.js';
import { PresenceClient } from '../client/presence-client.js';
import { APP_PATHS } from './app-paths.js';
import { electronUpdaterPort } from './electron-updater-port.js';
import { fileLogger, logFilePath } from './file-logger.js';
import { findNativeBinding } from './native-binding.js';
import type { LocalBackend } from './session.js';
import type { KeyValueStore, Logger } from './ports.js';
import { consoleLogger } from './ports.js';
import { probeStatusNotifierHost } from './tray-host-probe.js';
import { wireDesktopApp } from './wire.js';

const { app } = electron;
// dist-electron/main.js → the package root (or the asar root when packaged), however Electron was launched.
const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// End-to-end tests run against a throwaway profile; a packaged app ignores the variable.
if (!app.isPackaged && process.env.AGENT_PRESENCE_USER_DATA) app.setPath('userData', process.env.AGENT_PRESENCE_USER_DATA);

const log: Logger = app.isPackaged ? fileLogger(logFilePath(app.getPath('userData'))) : consoleLogger;

async function startLocalBackend(): Promise<LocalBackend> {
  // Loaded lazily: a user with a remote server never pays for SQLite and Fastify.
  const [{ startPresenceServer }, { ensureLocalAccount }] = await Promise.all([import('../server/app.js'), import('../server/setup.js')]);
  const moduleVersion = (require('better-sqlite3/package.json') as { version: string }).version;
  const nativeBinding = findNativeBinding(appRoot, { moduleVersion, abi: process.versions.modules, platform: process.platform, arch: process.arch }, app.isPackaged);
  if (!nativeBinding) log.warn('native: no better-sqlite3 build for this Electron next to the app; trying the default one (npm start builds it)');
  const sqlite = nativeBinding ? { nativeBinding } : {};
  const dataDir = path.join(app.getPath('userData'), 'presence-data');
  mkdirSync(dataDir, { recursive: true });
  const login = await ensureLocalAccount(dataDir, sqlite);
  const server = await startPresenceServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    sqlite,
    logLevel: process.env.AGENT_PRESENCE_LOG ?? 'warn',
    dashboardDir: path.join(appRoot, APP_PATHS.rendererDir),
    widgetJsPath: path.join(appRoot, APP_PATHS.widgetJs),
  });
  return { url: server.url, login, close: () => server.close() };
}

const store = new Store<Record<string, unknown>>({ name: 'agent-presence' });
const kv: KeyValueStore = {
  get: (k) => store.get(k),
  set: (k, v) => store.set(k, v),
  delete: (k) => store.delete(k),
};

// Not awaited: Electron emits `ready` only once the ESM entry has finished evaluating, and the
// wiring awaits `ready`, so a top-level await here would hang the app. Everything that must happen
// before ready (single-instance lock, privileged scheme, quit handlers) runs synchronously inside.
wireDesktopApp(electron, {
  createClient: ({ serverUrl, credentials }) => new PresenceClient({
    serverUrl,
    WebSocket,
    fetch: globalThis.fetch.bind(globalThis),
    credentials,
    device: { kind: 'desktop', name: `Tray on ${process.platform}` },
    clock: systemClock,
  }),
  startLocalBackend,
  store: kv,
  paths: {
    preload: path.join(appRoot, APP_PATHS.preload),
    rendererDir: path.join(appRoot, APP_PATHS.rendererDir),
    trayIconDir: path.join(appRoot, APP_PATHS.trayIconDir),
  },
  clock: systemClock,
  signals: process,
  platform: process.platform,
  host: { env: process.env, execPath: process.execPath, argv: process.argv, homeDir: homedir(), appRoot },
  probeTrayHost: () => probeStatusNotifierHost(),
  ...(app.isPackaged ? { updater: electronUpdaterPort(log) } : {}),
  log,
  // Never in a packaged build: the hook lets a test drive the tray from the main process.
  testHooks: !app.isPackaged && process.env.AGENT_PRESENCE_TEST_HOOKS === '1',
}).catch((err: unknown) => {
  log.error('startup failed', { err: String(err) });
  app.exit(1);
});
