// Smoke test of the built bundle (dist-electron/main.js) in plain Node with `electron` resolved to
// a small fake: proves the ESM bundle loads (imports, default/named interop of electron-store and
// ws), starts the in-process backend with the local agent, connects, builds the tray, and that a
// SIGTERM takes the quit path to app.exit(0). It cannot prove anything about real Electron.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDesktop } from '../../scripts/build-desktop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const FAKE_ELECTRON = `
import { EventEmitter } from 'node:events';
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
let entryDone = false;
setTimeout(() => { entryDone = true; }, 0);
export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getPath: () => process.env.AGENT_PRESENCE_USER_DATA,
  setPath: () => {},
  getVersion: () => '0.0.0-test',
  getName: () => 'agent-presence-test',
  requestSingleInstanceLock: () => true,
  // Like Electron with an ESM entry: ready comes after the entry module has finished evaluating.
  whenReady: () => new Promise((r) => { const t = () => (entryDone ? r() : setTimeout(t, 5)); t(); }),
  quit: () => say({ ev: 'quit' }),
  exit: (code) => { say({ ev: 'exit', code }); process.exit(code); },
  setLoginItemSettings: () => {},
  getLoginItemSettings: () => ({ openAtLogin: false }),
});
export const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0, getSystemIdleState: () => 'active' });
export const net = { fetch: (u, i) => fetch(u, i) };
export const ipcMain = Object.assign(new EventEmitter(), { handle: () => {}, removeHandler: () => {} });
export const safeStorage = { isEncryptionAvailable: () => false, encryptString: () => { throw new Error('no'); }, decryptString: () => { throw new Error('no'); } };
export const protocol = { registerSchemesAsPrivileged: () => {}, handle: () => {} };
export const session = { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, webRequest: { onHeadersReceived: () => {} } } };
export const shell = { openExternal: async () => {}, openPath: async () => '' };
export class Notification { static isSupported() { return false; } show() {} }
export const nativeImage = { createFromPath: (p) => ({ p }) };
export const Menu = { buildFromTemplate: (t) => t };
export class Tray extends EventEmitter {
  setImage(i) { say({ ev: 'icon', path: i.p }); }
  setToolTip(t) { say({ ev: 'tooltip', text: t }); }
  setContextMenu(m) { say({ ev: 'menu', checked: m.filter((i) => i.checked && i.type === 'radio').map((i) => i.id) }); }
  destroy() {}
}
export class BrowserWindow extends EventEmitter {
  constructor(o) { super(); say({ ev: 'window', sandbox: o.webPreferences.sandbox }); this.webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler() {}, send() {} }); }
  loadURL() { return Promise.resolve(); }
  isMinimized() { return false; } isDestroyed() { return false; } show() {} hide() {} focus() {} restore() {}
}
export default { app, net, powerMonitor, ipcMain, safeStorage, protocol, session, shell, Notification, nativeImage, Menu, Tray, BrowserWindow };
`;

const HOOKS = (fakeUrl: string) => `
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
  return next(specifier, context);
}
`;

describe('the built main bundle (Node + fake electron)', () => {
  let dir = '';
  beforeAll(async () => {
    await buildDesktop();
    dir = mkdtempSync(path.join(tmpdir(), 'ap-bundle-'));
    writeFileSync(path.join(dir, 'fake-electron.mjs'), FAKE_ELECTRON);
    writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS(pathToFileURL(path.join(dir, 'fake-electron.mjs')).href));
    writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});`);
  }, 60_000);

  it('starts the in-process backend, signs in the local agent, goes online, and quits on SIGTERM', async () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'ap-userdata-'));
    writeFileSync(path.join(userData, 'agent-presence.json'), JSON.stringify({ version: 2, settings: { serverUrl: null, statusOnLaunch: 'online' } }));
    const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, path.join(root, 'dist-electron/main.js')], {
      cwd: root,
      env: { ...process.env, AGENT_PRESENCE_USER_DATA: userData, AGENT_PRESENCE_LOG: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: { ev: string; [k: string]: unknown }[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    let buf = '';
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
      buf += String(d);
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i); buf = buf.slice(i + 1);
        try { events.push(JSON.parse(line)); } catch { /* app log line */ }
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (pred: () => boolean, what: string) => {
      const end = Date.now() + 15_000;
      while (!pred()) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`bundle: no ${what}; events ${JSON.stringify(events)}; stderr ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    try {
      await until(() => events.some((e) => e.ev === 'window' && e.sandbox === true), 'sandboxed window');
      await until(() => events.some((e) => e.ev === 'icon' && String(e.path).endsWith('online.png')), 'online tray icon');
      expect(events.filter((e) => e.ev === 'menu').at(-1)?.checked).toEqual(['status-online']);
      const sent = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Not a timing target (the quit deadline is unit-tested on a fake clock): it must not hang.
      expect(Date.now() - sent).toBeLessThan(10_000);
      expect(events.at(-1)).toEqual({ ev: 'exit', code: 0 });
      // The quit coordinator's log line: the offline went over the socket (acknowledged), reason logout.
      expect(stdout).toMatch(/quit: exiting[\s\S]*reason: 'logout'[\s\S]*via: 'socket'/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
