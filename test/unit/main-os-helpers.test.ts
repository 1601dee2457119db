// The small OS-facing pieces: the XDG autostart entry, the file log, the tray host probe, and the
// rule for which server URLs the app accepts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNEL_NAMES, IPC_EVENT_NAMES } from '../../src/common/ipc-names.js';
import { ipcContract, ipcEvents } from '../../src/common/ipc-contract.js';
import { INSECURE_SERVER_MESSAGE, serverUrlProblem } from '../../src/common/server-url.js';
import { migrateSettings } from '../../src/common/tray-settings.js';
import { fileLogger } from '../../src/main/file-logger.js';
import { SettingsService, STORED_SERVER_DROPPED_NOTICE, memoryStore } from '../../src/main/settings-service.js';
import { autostartEntry, autostartPath, desktopExecArg, xdgLoginItem } from '../../src/main/login-item.js';
import { parseNameHasOwner, probeStatusNotifierHost } from '../../src/main/tray-host-probe.js';
import { fakeElectron } from './main-fakes.js';

describe('SPEC 6 on Linux: "Start at login" is an XDG autostart entry', () => {
  it('quotes the Exec line per the Desktop Entry spec', () => {
    expect(desktopExecArg('/usr/bin/agent-presence')).toBe('/usr/bin/agent-presence');
    expect(desktopExecArg('/home/me/My Apps/Agent "P".AppImage')).toBe('"/home/me/My Apps/Agent \\"P\\".AppImage"');
    expect(desktopExecArg('100%')).toBe('100%%');
    expect(autostartEntry(['/a b/app'])).toMatch(/^Exec="\/a b\/app" --hidden$/m);
  });

  it('lives in $XDG_CONFIG_HOME/autostart (or ~/.config); a user who disabled it there sees it off', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/me')).toBe('/x/cfg/autostart/com.agentpresence.tray.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe('/home/me/.config/autostart/com.agentpresence.tray.desktop');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ap-xdg-')), 'autostart/x.desktop');
    const item = xdgLoginItem(file, () => ['/usr/bin/ap']);
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    writeFileSync(file, `${readFileSync(file, 'utf8')}Hidden=true\n`);
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(false);
    expect(item.isEnabled()).toBe(false);
  });
});

describe('SPEC 6: packaged builds log to a file under userData', () => {
  it('writes lines synchronously (they survive app.exit) and keeps one old file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ap-log-')), 'logs/main.log');
    const log = fileLogger(file, () => new Date('2026-01-02T03:04:05Z'));
    log.info('quit: exiting', { reason: 'logout', via: 'socket' });
    expect(readFileSync(file, 'utf8')).toBe('2026-01-02T03:04:05.000Z info quit: exiting {"reason":"logout","via":"socket"}\n');
  });
});

describe('SPEC 6 on Linux: is there a tray host?', () => {
  it('reads gdbus\'s answer, and says "unknown" when gdbus cannot tell', async () => {
    expect(parseNameHasOwner('(true,)\n')).toBe(true);
    expect(parseNameHasOwner('(false,)\n')).toBe(false);
    expect(await probeStatusNotifierHost(async () => '(false,)')).toBe(false);
    expect(await probeStatusNotifierHost(async () => { throw new Error('gdbus: not found'); })).toBeNull();
  });
});

describe('SPEC 6: plain-http servers other than loopback are refused', () => {
  it.each([
    ['https://presence.example.com', null],
    ['http://127.0.0.1:8080', null],
    ['http://localhost:8080', null],
    ['http://[::1]:8080', null],
    ['http://presence.example.com', INSECURE_SERVER_MESSAGE],
    ['http://192.168.1.10:8080', INSECURE_SERVER_MESSAGE],
    ['ftp://x.example', 'The server address must start with https://.'],
  ])('%s', (url, problem) => { expect(serverUrlProblem(url)).toBe(problem); });

  it('a stored insecure server from an older version is dropped with a notice, the rest kept', () => {
    const r = migrateSettings(2, { serverUrl: 'http://intranet.example', idleMinutes: 7 });
    expect(r.settings).toMatchObject({ serverUrl: null, idleMinutes: 7 });
    expect(r.problems).toEqual([`serverUrl: ${INSECURE_SERVER_MESSAGE}; using the default`]);
  });
});

describe('SPEC 6: the preload needs only the channel names', () => {
  it('the names are exactly the contract\'s channels and events', () => {
    expect([...IPC_CHANNEL_NAMES].sort()).toEqual(Object.keys(ipcContract).sort());
    expect([...IPC_EVENT_NAMES].sort()).toEqual(Object.keys(ipcEvents).sort());
  });
});

describe('SPEC 6: a dropped insecure server address is shown in the window, not only logged', () => {
  it('the settings view carries the notice', () => {
    const s = new SettingsService(memoryStore({ version: 2, settings: { serverUrl: 'http://intranet.example' } }), fakeElectron().safeStorage);
    expect(s.get().serverUrl).toBeNull();
    expect(s.view().notices).toEqual([STORED_SERVER_DROPPED_NOTICE]);
  });
});
