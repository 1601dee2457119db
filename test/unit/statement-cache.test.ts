// SPEC 4.1 (an ack only after the commit) over reused prepared statements: the embedded store
// gives Kysely one better-sqlite3 statement per SQL text (issue 20), with the same results as a
// statement prepared per query, and never one that is still iterating.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedStatements } from '../../src/server/store/statement-cache.js';

let raw: Database.Database | undefined;
afterEach(() => { if (raw?.open) raw.close(); raw = undefined; });

describe('SPEC 4.1: acks after the commit, on reused prepared statements (store/statement-cache.ts)', () => {
  it('the same SQL text gets the same statement; another text, another one', () => {
    raw = new Database(':memory:');
    const db = cachedStatements(raw);
    const a = db.prepare('select 1 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    expect(db.prepare('select 2 as x')).not.toBe(a);
    expect(db.cached).toBe(2);
  });

  it('keeps at most `size` statements, dropping the least recently used', () => {
    raw = new Database(':memory:');
    const db = cachedStatements(raw, 2);
    const one = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1');
    db.prepare('select 3');
    expect(db.cached).toBe(2);
    expect(db.prepare('select 1')).toBe(one);
    expect(() => cachedStatements(raw!, 0)).toThrow(TypeError);
  });

  it('a statement still iterating is not handed out again', () => {
    raw = new Database(':memory:');
    const db = cachedStatements(raw);
    raw.exec('create table t (v integer); insert into t values (1), (2), (3)');
    const first = db.prepare('select v from t order by v');
    const rows = first.iterate([]);
    expect(rows.next().value).toEqual({ v: 1 });
    const second = db.prepare('select v from t order by v');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    expect([...rows]).toEqual([{ v: 2 }, { v: 3 }]);
  });

  it('through Kysely: writes, reads, a failed transaction and a schema change give what a fresh statement would', async () => {
    raw = new Database(':memory:');
    const db = new Kysely<{ t: { id: number; v: string } }>({ dialect: new SqliteDialect({ database: cachedStatements(raw) }) });
    await db.schema.createTable('t').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('v', 'text').execute();
    for (let i = 1; i <= 3; i++) await db.insertInto('t').values({ id: i, v: `v${i}` }).execute();
    const read = () => db.selectFrom('t').selectAll().where('id', '=', 2).execute();
    expect(await read()).toEqual([{ id: 2, v: 'v2' }]);
    await expect(db.transaction().execute(async (tx) => {
      await tx.updateTable('t').set({ v: 'changed' }).where('id', '=', 2).execute();
      await tx.insertInto('t').values({ id: 1, v: 'duplicate' }).execute();
    })).rejects.toThrow(/UNIQUE/);
    expect(await read()).toEqual([{ id: 2, v: 'v2' }]);
    await db.schema.alterTable('t').addColumn('w', 'integer', (c) => c.defaultTo(7)).execute();
    expect(await read()).toEqual([{ id: 2, v: 'v2', w: 7 }]);
    await db.destroy();
    expect(raw.open).toBe(false);
  });
});
