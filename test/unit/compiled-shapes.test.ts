// SPEC 4.1 (an ack only after the commit) and SPEC 9 (every acknowledged change has its event)
// over queries compiled once per shape (issue 20, store/compiled-shapes.ts): the reused SQL text
// binds what Kysely would, so the intent, its version and timer and its history rows are the same.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CompiledShapes } from '../../src/server/store/compiled-shapes.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import type { KyselyStore } from '../../src/server/store/kysely-store.js';
import { WebhookStore } from '../../src/server/webhooks/webhook-store.js';

let store: KyselyStore | undefined;
let raw: Database.Database | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
  if (raw?.open) raw.close();
  raw = undefined;
});

const shapesOf = (s: KyselyStore | WebhookStore): CompiledShapes => (s as unknown as { shapes: CompiledShapes }).shapes;

describe('SPEC 4.1 and 9: the status-change queries compiled once per shape (store/compiled-shapes.ts)', () => {
  it('a shape is reused only when Kysely binds exactly the listed parameters', async () => {
    raw = new Database(':memory:');
    raw.exec('create table t (a integer, b text)');
    const db = new Kysely<{ t: { a: number; b: string } }>({ dialect: new SqliteDialect({ database: raw }) });
    const shapes = new CompiledShapes();
    let builds = 0;
    const insert = (a: number, b: string, listed: unknown[]) => shapes.run(db, 'ins', listed, () => { builds += 1; return db.insertInto('t').values({ a, b }); });
    await insert(1, 'x', [1, 'x']);
    await insert(2, 'y', [2, 'y']);
    expect(builds).toBe(1);
    expect(shapes.stats).toEqual({ shapes: 1, reused: 1 });
    // A caller whose list differs from Kysely's is compiled every time (never a wrong binding).
    const wrong = (a: number) => shapes.run(db, 'wrong', [a], () => { builds += 1; return db.insertInto('t').values({ a, b: 'w' }); });
    await wrong(3);
    await wrong(4);
    expect(builds).toBe(3);
    expect(shapes.stats).toEqual({ shapes: 2, reused: 1 });
    // An object value could be an expression Kysely compiles: that call is built as well.
    await shapes.run(db, 'ins', [5, { b: 1 }], () => { builds += 1; return db.insertInto('t').values({ a: 5, b: 'z' }); });
    expect(builds).toBe(4);
    expect(raw.prepare('select a, b from t order by a').all()).toEqual([
      { a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'w' }, { a: 4, b: 'w' }, { a: 5, b: 'z' },
    ]);
    expect(() => new CompiledShapes(0)).toThrow(TypeError);
    await db.destroy();
  });

  it('intents (plain, timed, a timer firing) and their rows are written as before, every shape reused', async () => {
    store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'presence-shapes-')));
    const account = await store.createAccount('Shapes');
    const group = await store.createGroup(account.id, 'Sales', []);
    const agent = await store.createAgent(account.id, { email: 'a@shapes.example', name: 'A', role: 'agent', passwordHash: 'x', groupIds: [group.id] });
    await store.tables().schema.createTable('shape_rows').addColumn('k', 'text', (c) => c.primaryKey()).addColumn('v', 'integer').execute();
    const change = (status: 'online' | 'away' | 'offline', at: number, until: number | null = null) => ({ status, reason: 'manual' as const, byDeviceId: 'd1', byKind: 'desktop' as const, at, until });
    const rows = (k: string) => () => [{ table: 'shape_rows', values: { k, v: 1 } }, { table: 'shape_rows', ignoreDuplicate: true, values: { k, v: 2 } }];

    for (let i = 1; i <= 3; i++) {
      const row = await store.setIntent(agent.id, change(i % 2 ? 'online' : 'offline', 1000 * i), rows(`plain-${i}`));
      expect(row).toMatchObject({ intent: i % 2 ? 'online' : 'offline', version: agent.version + i, changedAt: 1000 * i, groupIds: [group.id], timerUntil: null, timerRevert: null });
    }
    // Timed twice: the return target of the first timer is kept.
    const timed = await store.setIntent(agent.id, change('away', 5000, 9000), rows('timed-1'));
    expect(timed).toMatchObject({ intent: 'away', timerUntil: 9000, timerRevert: 'online' });
    const again = await store.setIntent(agent.id, change('away', 6000, 9500), rows('timed-2'));
    expect(again).toMatchObject({ intent: 'away', timerUntil: 9500, timerRevert: 'online' });
    // A timer firing commits only at its version, and only while a timer is pending.
    expect(await store.setIntentIf(agent.id, again.version - 1, change('online', 9500), rows('stale'))).toBeNull();
    const fired = await store.setIntentIf(agent.id, again.version, change('online', 9500), rows('fired'));
    expect(fired).toMatchObject({ intent: 'online', version: again.version + 1, timerUntil: null, timerRevert: null });
    expect(await store.setIntentIf(agent.id, fired!.version, change('offline', 9600), rows('no-timer'))).toBeNull();
    await store.appendRows([{ table: 'shape_rows', values: { k: 'alone', v: 3 } }]);
    await store.appendRows([{ table: 'shape_rows', values: { k: 'two-a', v: 4 } }, { table: 'shape_rows', values: { k: 'two-b', v: 5 } }]);
    await store.appendRows([{ table: 'shape_rows', ignoreDuplicate: true, values: { k: 'alone', v: 9 } }]);

    expect(await store.getAgent(agent.id)).toEqual(fired);
    const written = await store.tables().selectFrom('shape_rows' as never).selectAll().orderBy('k' as never).execute();
    expect(written.map((r) => (r as { k: string }).k)).toEqual(['alone', 'fired', 'plain-1', 'plain-2', 'plain-3', 'timed-1', 'timed-2', 'two-a', 'two-b']);
    expect(written.find((r) => (r as { k: string }).k === 'alone')).toEqual({ k: 'alone', v: 3 });
    const { shapes, reused } = shapesOf(store).stats;
    expect(reused).toBe(shapes);
    expect(shapes).toBeGreaterThanOrEqual(5);
  });

  it('SPEC 10: a coverage gap opens once and a gap not started ends with one delete, on reused shapes', async () => {
    store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'presence-shapes-')));
    const account = await store.createAccount('Gaps');
    const gaps = new WebhookStore(store);
    const key = `${account.id}:`;
    for (let i = 0; i < 3; i++) {
      expect(await gaps.openGap(key, account.id, null, 1000 + i)).toEqual({ key, accountId: account.id, groupId: null, since: 1000 + i, startedAt: null });
      // Already open: the first `since` stays.
      expect((await gaps.openGap(key, account.id, null, 5000)).since).toBe(1000 + i);
      expect(await gaps.endGap(key, () => { throw new Error('a gap not started has no end event'); }, { notStarted: true })).toBe(false);
      expect(await gaps.getGap(key)).toBeNull();
    }
    // The gap writes run on the store's one-statement path (direct on SQLite), with the store's shapes.
    expect(shapesOf(store).stats).toEqual({ shapes: 2, reused: 2 });
  });
});
