import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, migrateSettings } from '../../src/common/tray-settings.js';
import { NO_KEYRING_NOTICE, SettingsService, memoryStore } from '../../src/main/settings-service.js';
import { fakeElectron } from './main-fakes.js';

describe('SPEC 6 settings: schema and migrations', () => {
  it('a fresh store gets the defaults', () => {
    const s = new SettingsService(memoryStore(), fakeElectron().safeStorage);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('migrates a v1 document and writes it back at the current version', () => {
    const store = memoryStore({ settings: { server: 'https://presence.example.com', idleSeconds: 300, awayOnLock: false, notifications: false } });
    const s = new SettingsService(store, fakeElectron().safeStorage);
    expect(s.get()).toMatchObject({ serverUrl: 'https://presence.example.com', idleMinutes: 5, onLock: 'nothing', notifications: false });
    expect(store.data.version).toBe(SETTINGS_VERSION);
    expect(store.data.settings).not.toHaveProperty('server');
  });

  it('one bad field falls back to its default and is reported, the rest is kept', () => {
    const r = migrateSettings(SETTINGS_VERSION, { ...DEFAULT_SETTINGS, idleMinutes: -4, onLock: 'offline' });
    expect(r.settings.idleMinutes).toBe(DEFAULT_SETTINGS.idleMinutes);
    expect(r.settings.onLock).toBe('offline');
    expect(r.problems[0]).toMatch(/^idleMinutes/);
  });

  it('rejects bad updates and changes nothing', () => {
    const s = new SettingsService(memoryStore(), fakeElectron().safeStorage);
    expect(() => s.update({ idleMinutes: 1.5 })).toThrow();
    expect(() => s.update({ bogus: true } as never)).toThrow();
    expect(() => s.update({ serverUrl: 'javascript:alert(1)' })).toThrow();
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('SPEC 6 settings: the token is encrypted with safeStorage', () => {
  it('stores only ciphertext and reads it back', async () => {
    const store = memoryStore();
    const s = new SettingsService(store, fakeElectron().safeStorage);
    await s.credentialStore('https://a.example').save({ token: 'secret-token', deviceId: 'device-123456' });
    expect(JSON.stringify(store.data)).not.toContain('secret-token');
    const again = new SettingsService(store, fakeElectron().safeStorage);
    expect(await again.credentialStore('https://a.example').load()).toEqual({ token: 'secret-token', deviceId: 'device-123456' });
    expect(again.view().tokenStorage).toBe('encrypted');
  });

  it('never hands a token to another server', async () => {
    const store = memoryStore();
    const s = new SettingsService(store, fakeElectron().safeStorage);
    await s.credentialStore('https://a.example').save({ token: 't', deviceId: 'device-123456' });
    const fresh = new SettingsService(store, fakeElectron().safeStorage);
    expect((await fresh.credentialStore('https://b.example').load()).token).toBeNull();
  });

  it('without a keyring: memory only, and says so', async () => {
    const store = memoryStore();
    const s = new SettingsService(store, fakeElectron({ encryption: false }).safeStorage);
    await s.credentialStore(null).save({ token: 'secret-token', deviceId: 'device-123456' });
    expect(JSON.stringify(store.data)).not.toContain('secret-token');
    expect((await s.credentialStore(null).load()).token).toBe('secret-token');
    expect(s.view()).toMatchObject({ tokenStorage: 'memory', notices: [NO_KEYRING_NOTICE] });
    const afterRestart = new SettingsService(store, fakeElectron({ encryption: false }).safeStorage);
    expect((await afterRestart.credentialStore(null).load()).token).toBeNull();
  });
});
