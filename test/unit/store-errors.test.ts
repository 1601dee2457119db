// SPEC 8 at the store's edge: every error the store means is a StoreError with a kind, and the
// HTTP status of each kind is decided in one switch.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeErrorStatus } from '../../src/server/http/errors.js';
import { StoreError, classifyDriverError, withStoreErrors, type StoreErrorKind } from '../../src/server/store/store-error.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import type { Store } from '../../src/server/store/store.js';

let store: Store | undefined;
afterEach(async () => { await store?.close(); store = undefined; });

const kindOf = (p: Promise<unknown>): Promise<StoreErrorKind | string> => p.then(() => 'resolved', (err: unknown) => (err instanceof StoreError ? err.kind : String(err)));

describe('SPEC 8: bad input gets a clear error and changes nothing (store errors by kind)', () => {
  it('a real SQLite store names what went wrong', async () => {
    store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'presence-store-')));
    const account = await store.createAccount('A');
    const agent = await store.createAgent(account.id, { email: 'a@x.example', name: 'A', role: 'agent', passwordHash: 'x', groupIds: [] });
    expect(await kindOf(store.setIntent('missing', { status: 'online', reason: 'manual', byDeviceId: null, byKind: 'server', at: 1 }))).toBe('not_found');
    expect(await kindOf(store.updateAgent('missing', { name: 'B' }))).toBe('not_found');
    expect(await kindOf(store.createAgent(account.id, { email: 'a@x.example', name: 'B', role: 'agent', passwordHash: 'x', groupIds: [] }))).toBe('duplicate');
    expect(await kindOf(store.updateAgent(agent.id, { groupIds: ['nope'] }))).toBe('unknown_reference');
    expect(await kindOf(store.createGroup(account.id, 'G', ['nope']))).toBe('unknown_reference');
    expect(await kindOf(store.setGroupMembers('missing', []))).toBe('not_found');
    expect(await store.getAgent(agent.id)).toMatchObject({ name: 'A', groupIds: [], version: 0 });
  });

  it('each kind has one HTTP answer', () => {
    expect(storeErrorStatus('not_found')).toEqual({ status: 404, code: 'not_found' });
    expect(storeErrorStatus('unknown_reference')).toEqual({ status: 400, code: 'validation_failed' });
    expect(storeErrorStatus('duplicate')).toEqual({ status: 409, code: 'conflict' });
    expect(storeErrorStatus('conflict')).toEqual({ status: 409, code: 'conflict' });
    expect(storeErrorStatus('disk_full')).toEqual({ status: 503, code: 'unavailable' });
    expect(storeErrorStatus('read_only')).toEqual({ status: 503, code: 'unavailable' });
    expect(storeErrorStatus('unreachable')).toEqual({ status: 503, code: 'unavailable' });
  });
});

describe('SPEC 8: a full or read-only disk is reported as such', () => {
  it('driver errors of SQLite, PostgreSQL and Node become disk_full or read_only; others pass unchanged', () => {
    const kinds = [
      Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
      Object.assign(new Error('could not extend file'), { code: '53100' }),
      new Error('ENOSPC: no space left on device'),
      Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
      Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }),
      Object.assign(new Error('cannot execute UPDATE in a read-only transaction'), { code: '25006' }),
      // node-postgres' query_timeout and the pool's connection timeout (a black-holed link).
      new Error('Query read timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      // A link cut under a running query, and one refused when the pool reconnects.
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('connect EACCES 10.213.1.6:5432'), { code: 'EACCES' }),
    ].map((e) => (classifyDriverError(e) as StoreError).kind);
    expect(kinds).toEqual(['disk_full', 'disk_full', 'disk_full', 'read_only', 'read_only', 'read_only', 'unreachable', 'unreachable', 'unreachable', 'unreachable', 'unreachable', 'unreachable']);
    const other = new Error('syntax error');
    expect(classifyDriverError(other)).toBe(other);
    expect((classifyDriverError(Object.assign(new Error('x'), { code: 'SQLITE_FULL' })) as StoreError).message).toMatch(/disk is full; nothing was changed/);
  });

  it('the wrapper classifies rejections and synchronous throws of every method', async () => {
    const wrapped = withStoreErrors({
      async write(): Promise<void> { throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }); },
      read(): number { throw Object.assign(new Error('readonly'), { code: 'SQLITE_READONLY' }); },
      fine: (x: number) => x + 1,
    });
    await expect(wrapped.write()).rejects.toMatchObject({ kind: 'disk_full', unavailable: true });
    expect(() => wrapped.read()).toThrow(expect.objectContaining({ kind: 'read_only' }));
    expect(wrapped.fine(1)).toBe(2);
  });
});
