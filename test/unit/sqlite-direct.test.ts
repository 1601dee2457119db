// SPEC 4.1 and 9 (an ack only after the commit; a change and its event in one transaction) on the
// embedded store's direct path (issue 20, store/sqlite-direct.ts): a status change's transaction
// runs synchronously on the same connection only while Kysely neither holds nor waits for it, so it
// never lands inside another transaction, never overtakes a write asked for first, and a failure
// leaves nothing behind.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Generated, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DirectSqlite } from '../../src/server/store/sqlite-direct.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import type { IntentChange, Store } from '../../src/server/store/store.js';

/** The probe table's rows as Kysely sees them. */
interface Probe { id: Generated<number>; tag: string }

let store: Store;
let agentId: string;
let direct: ReturnType<typeof vi.spyOn>;

const change = (status: IntentChange['status']): IntentChange => ({ status, reason: 'manual', byDeviceId: 'dev-1', byKind: 'desktop', at: Date.now(), until: null });
const tags = async (): Promise<string[]> => (await sql<{ tag: string }>`select tag from probe order by id`.execute(store.tables())).rows.map((r) => r.tag);
const probeRow = (tag: string) => ({ table: 'probe', values: { tag } });

/**
 * A Kysely transaction that inserts `tag` and then holds the connection until `release`; it
 * fails (rolls back) with `failure` when one is given. Resolves once it holds the connection.
 */
async function heldTransaction(tag: string, failure?: string): Promise<{ release: () => void; done: Promise<void> }> {
  const db = store.tables() as Kysely<{ probe: Probe }>;
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const done = db.transaction().execute(async (trx) => {
    await trx.insertInto('probe').values({ tag }).execute();
    await held;
    if (failure) throw new Error(failure);
  });
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { release, done };
}

beforeEach(async () => {
  store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'presence-direct-')));
  const account = await store.createAccount('Direct');
  agentId = (await store.createAgent(account.id, { email: 'a@direct.example', name: 'A', role: 'agent', groupIds: [], passwordHash: 'x' })).id;
  await sql`create table probe (id integer primary key autoincrement, tag text not null)`.execute(store.tables());
  direct = vi.spyOn(DirectSqlite.prototype, 'transaction');
});

afterEach(async () => {
  direct.mockRestore();
  await store.close();
});

describe('SPEC 4.1/9: the status change\'s direct SQLite transaction (store/sqlite-direct.ts)', () => {
  it('commits the intent and its rows in one synchronous transaction while the connection is idle', async () => {
    const before = (await store.getAgent(agentId))!.version;
    const row = await store.setIntent(agentId, change('online'), () => [probeRow('with-intent')]);
    expect(direct).toHaveBeenCalledTimes(1);
    expect(row).toMatchObject({ id: agentId, intent: 'online', version: before + 1, byDeviceId: 'dev-1' });
    expect(await store.getAgent(agentId)).toMatchObject({ intent: 'online', version: before + 1 });
    expect(await tags()).toEqual(['with-intent']);
    await store.appendRows([probeRow('appended')]);
    expect(direct).toHaveBeenCalledTimes(2);
    expect(await tags()).toEqual(['with-intent', 'appended']);
  });

  it('waits for a Kysely transaction in progress instead of writing inside it', async () => {
    const other = await heldTransaction('other', 'the other transaction fails');
    const intent = store.setIntent(agentId, change('away'), () => [probeRow('with-intent')]);
    other.release();
    await expect(other.done).rejects.toThrow('the other transaction fails');
    expect(await intent).toMatchObject({ intent: 'away' });
    expect(direct).not.toHaveBeenCalled();
    // The other transaction's rollback took only its own row.
    expect(await tags()).toEqual(['with-intent']);
    expect((await store.getAgent(agentId))!.intent).toBe('away');
  });

  it('never overtakes a Kysely write that asked for the connection first', async () => {
    const holder = await heldTransaction('first');
    const queued = store.appendRows([probeRow('second')]);
    const intent = store.setIntent(agentId, change('online'), () => [probeRow('third')]);
    holder.release();
    await Promise.all([holder.done, queued, intent]);
    expect(await tags()).toEqual(['first', 'second', 'third']);
    // Once everyone is done the next change takes the direct path again.
    await store.setIntent(agentId, change('offline'), () => [probeRow('fourth')]);
    expect(direct).toHaveBeenCalledTimes(1);
  });

  it('waits for a read that holds the connection outside any transaction (a stream)', async () => {
    const db = store.tables() as Kysely<{ probe: Probe }>;
    await db.insertInto('probe').values([{ tag: 'a' }, { tag: 'b' }]).execute();
    const rows = db.selectFrom('probe').select('tag').orderBy('id').stream()[Symbol.asyncIterator]();
    expect((await rows.next()).value).toEqual({ tag: 'a' });
    // No transaction is open, but the statement still iterates on the one connection.
    const intent = store.setIntent(agentId, change('away'), () => [probeRow('c')]);
    expect((await rows.next()).value).toEqual({ tag: 'b' });
    expect((await rows.next()).done).toBe(true);
    expect(await intent).toMatchObject({ intent: 'away' });
    expect(direct).not.toHaveBeenCalled();
    expect(await tags()).toEqual(['a', 'b', 'c']);
  });

  it('one statement (runOne) runs directly while idle and waits for a transaction in progress', async () => {
    const db = store.tables() as Kysely<{ probe: Probe }>;
    const execute = vi.spyOn(DirectSqlite.prototype, 'execute');
    try {
      const insert = (tag: string) => () => db.insertInto('probe').values({ tag }).returning('tag');
      expect((await store.runOne('probe-insert', ['idle'], insert('idle'))).rows).toEqual([{ tag: 'idle' }]);
      expect(execute).toHaveBeenCalledTimes(1);
      const other = await heldTransaction('other', 'rolled back');
      const during = store.runOne('probe-insert', ['during'], insert('during'));
      other.release();
      await expect(other.done).rejects.toThrow('rolled back');
      expect((await during).rows).toEqual([{ tag: 'during' }]);
      expect(execute).toHaveBeenCalledTimes(1);
      expect(await tags()).toEqual(['idle', 'during']);
    } finally {
      execute.mockRestore();
    }
  });

  it('a failing row rolls the whole change back and leaves the connection usable', async () => {
    const before = (await store.getAgent(agentId))!;
    await expect(store.setIntent(agentId, change('online'), () => [probeRow('kept-out'), { table: 'no_such_table', values: { x: 1 } }])).rejects.toThrow(/no_such_table/);
    expect(direct).toHaveBeenCalledTimes(1);
    expect(await store.getAgent(agentId)).toMatchObject({ intent: before.intent, version: before.version });
    expect(await tags()).toEqual([]);
    expect(await store.setIntent(agentId, change('online'), () => [probeRow('after')])).toMatchObject({ version: before.version + 1 });
    expect(await tags()).toEqual(['after']);
  });

  it('an unknown agent is not_found and writes none of its rows', async () => {
    await expect(store.setIntent('no-such-agent', change('online'), () => [probeRow('orphan')])).rejects.toMatchObject({ kind: 'not_found' });
    expect(await tags()).toEqual([]);
  });
});
