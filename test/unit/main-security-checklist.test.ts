// Issue 11's Electron checklist, asserted on the options and handlers the real wiring installs.
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { IPC_INVOKE_PREFIX } from '../../src/common/ipc-contract.js';
import { bootWired, localBackend } from './main-boot.js';
import { FakeClient, fakeEvent } from './main-fakes.js';

// js-yaml comes with electron-builder and ships no types; this test needs only load().
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

async function boot() {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  const { fake, wired } = await bootWired({ createClient: () => new FakeClient(), startLocalBackend: localBackend('http://127.0.0.1:5555'), rendererDir });
  wired!.desktop.stop();
  return { fake, win: fake.window() };
}

describe('Electron checklist: the settings window', () => {
  it('is isolated, sandboxed, without Node, with web security', async () => {
    const { win } = await boot();
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
      preload: '/app/dist-electron/preload.cjs',
    });
    expect(win.loadedUrl).toBe('app://renderer/index.html');
  });

  it('blocks navigation, redirects, webviews and new windows (https links go to the browser)', async () => {
    const { fake, win } = await boot();
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = fakeEvent();
      win.webContents.emit(ev, e, 'https://evil.example/');
      expect(e.defaultPrevented, ev).toBe(true);
    }
    expect(win.webContents.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.shell.opened).toEqual(['https://docs.example/']);
  });

  it('denies every permission request and check', async () => {
    const { fake } = await boot();
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) fake.session.defaultSession.permissionRequestHandler!(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(fake.session.defaultSession.permissionCheckHandler!()).toBe(false);
  });

  it('serves a strict CSP with the page and on every response', async () => {
    const { fake } = await boot();
    const handler = fake.protocol.handlers.get('app')!;
    const res = await handler(new Request('app://renderer/index.html'));
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain('connect-src \'self\' http://127.0.0.1:5555 ws://127.0.0.1:5555');
    let headers: Record<string, string[]> = {};
    fake.session.defaultSession.headersHandler!({ responseHeaders: {} }, (r) => { headers = r.responseHeaders; });
    expect(headers['Content-Security-Policy']).toEqual([csp]);
    expect(fake.protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('the renderer protocol refuses paths outside the renderer folder and other hosts', async () => {
    const { fake } = await boot();
    const handler = fake.protocol.handlers.get('app')!;
    expect((await handler(new Request('app://renderer/..%2f..%2fetc%2fpasswd'))).status).toBe(403);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('settings.set validates and cannot switch servers behind the token\'s back', async () => {
    const { fake } = await boot();
    const h = fake.ipcMain.handlers.get(`${IPC_INVOKE_PREFIX}settings.set`)!;
    const sender = { senderFrame: { url: 'app://renderer/index.html', parent: null } };
    expect(await h(sender, { idleMinutes: 5 })).toMatchObject({ ok: true, value: { settings: { idleMinutes: 5 } } });
    expect(await h(sender, { idleMinutes: -1 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await h(sender, { serverUrl: 'https://elsewhere.example' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('IPC handlers check the sender', async () => {
    const { fake } = await boot();
    const h = fake.ipcMain.handlers.get(`${IPC_INVOKE_PREFIX}status.get`)!;
    expect(await h({ senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await h({ senderFrame: { url: 'app://renderer/index.html', parent: null } })).toMatchObject({ ok: true });
  });
});

describe('Electron checklist: packaging', () => {
  const config = yaml.load(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as { electronFuses: object; linux: { target: string[] }; mac: object; win: { target: string[] }; appId: string };

  it('is a valid electron-builder 26 configuration (its own schema validation)', async () => {
    const req = createRequire(import.meta.url);
    const { validateConfiguration } = req('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = req('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('declares the fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('targets AppImage + deb, dmg, nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
  });
});

describe('Electron ESM entry point', () => {
  it('does not top-level await the wiring (ready fires only after the entry module resolves: it would hang)', () => {
    const src = readFileSync(new URL('../../src/main/electron-main.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^await /m);
    expect(src).toMatch(/^wireDesktopApp\(electron, \{/m);
  });
});
