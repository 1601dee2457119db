import { describe, expect, it } from 'vitest';
import { IPC_INVOKE_PREFIX, ipcChannels } from '../../src/common/ipc-contract.js';
import { dispatchIpc, registerIpc, type IpcHandlers, type IpcMainLike } from '../../src/main/ipc-main.js';
import { RENDERER_ORIGIN } from '../../src/main/window-security.js';
import { fakeElectron } from './main-fakes.js';

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;
const good = frame('app://renderer/index.html#/settings');
const calls: unknown[] = [];
const handlers = {
  'settings.get': () => { throw new Error('unused'); },
  'settings.set': () => { throw new Error('unused'); },
  'status.get': () => { throw new Error('unused'); },
  'status.set': (req: unknown) => { calls.push(req); return { version: 7 }; },
  'auth.signIn': () => { throw Object.assign(new Error('Wrong email or password.'), { code: 'unauthorized' }); },
  'auth.signOut': () => null,
  'app.quit': () => null,
} as unknown as IpcHandlers;

describe('SPEC 6 security: every IPC message is checked for its sender', () => {
  it('accepts the app renderer', async () => {
    expect(await dispatchIpc('status.set', good, [{ status: 'away' }], handlers, [RENDERER_ORIGIN])).toEqual({ ok: true, value: { version: 7 } });
  });

  it.each([
    ['a web page', 'https://evil.example/'],
    ['file://', 'file:///tmp/index.html'],
    ['a look-alike host', 'app://renderer.evil/index.html'],
    ['the backend origin', 'http://127.0.0.1:8080/'],
    ['garbage', 'not a url'],
  ])('rejects %s', async (_name, url) => {
    const before = calls.length;
    const r = await dispatchIpc('status.set', frame(url), [{ status: 'away' }], handlers, [RENDERER_ORIGIN]);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(calls.length).toBe(before);
  });

  it('rejects a subframe of the app and a destroyed frame', async () => {
    expect(await dispatchIpc('status.set', frame('app://renderer/x', {}), [{ status: 'away' }], handlers, [RENDERER_ORIGIN])).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await dispatchIpc('status.set', { senderFrame: null } as never, [{ status: 'away' }], handlers, [RENDERER_ORIGIN])).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });
});

describe('SPEC 6 security: and validated with the shared schemas', () => {
  it.each([
    ['unknown status', [{ status: 'busy' }]],
    ['extra field', [{ status: 'away', reason: 'admin' }]],
    ['no payload', []],
    ['two arguments', [{ status: 'away' }, 1]],
  ])('rejects %s', async (_name, args) => {
    const r = await dispatchIpc('status.set', good, args, handlers, [RENDERER_ORIGIN]);
    expect(r).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('handler errors come back as values with a code', async () => {
    const r = await dispatchIpc('auth.signIn', good, [{ serverUrl: null, email: 'a@b.c', password: 'x' }], handlers, [RENDERER_ORIGIN]);
    expect(r).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Wrong email or password.' } });
  });

  it('registers exactly the contract channels', () => {
    const fake = fakeElectron();
    const off = registerIpc(fake.ipcMain as unknown as IpcMainLike, handlers, [RENDERER_ORIGIN]);
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(ipcChannels.map((c) => IPC_INVOKE_PREFIX + c).sort());
    off();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});
