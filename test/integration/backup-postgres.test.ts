// Issue 19, backups on PostgreSQL: the documented pg_dump / pg_restore (docs/operations.md) run for
// real. A dump taken while a node keeps writing, restored into a fresh database, opens as a store
// with every change committed before the dump began (pg_dump reads one snapshot).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/server/setup.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { cleanup, clusterServicesAvailable, PG_URL } from '../helpers/cluster.js';

const run = promisify(execFile);
const tag = randomBytes(4).toString('hex');
const schema = `t_backup_${tag}`;
const restoredDb = `restore_${tag}`;
const urlOf = (db: string) => { const u = new URL(PG_URL); u.pathname = `/${db}`; return u.toString(); };

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client(PG_URL);
  await client.connect();
  try { await client.query(sqlText); } finally { await client.end(); }
}

afterAll(async () => {
  if (!(await clusterServicesAvailable())) return;
  await cleanup(schema, `test:${schema}:`);
  await admin(`DROP DATABASE IF EXISTS ${restoredDb}`);
});

describe('PostgreSQL backup with pg_dump and pg_restore', () => {
  it('a dump taken during writes, restored into a new database, holds every change committed before it', async () => {
    if (!(await clusterServicesAvailable())) return;
    const store = await openPostgresStore(PG_URL, { schema, poolSize: 4 });
    const created = await createAccount(store, { account: 'Backup', email: `admin-${tag}@test.example`, password: 'password-123' });
    const committed: string[] = [];
    for (let i = 0; i < 20; i++) committed.push((await store.createGroup(created.accountId, `before-${i}`, [])).name);
    await store.setIntent(created.adminId, { status: 'away', reason: 'manual', byDeviceId: null, byKind: 'server', at: Date.now() });

    let stop = false;
    let during = 0;
    const writer = (async () => {
      for (let k = 0; !stop; k++) { await store.createGroup(created.accountId, `during-${k}`, []); during++; }
    })();
    const file = join(mkdtempSync(join(tmpdir(), 'presence-pgdump-')), 'presence.dump');
    await run('pg_dump', ['--dbname', PG_URL, '--schema', schema, '--format', 'custom', '--file', file]);
    stop = true;
    await writer;
    await store.close();

    await admin(`CREATE DATABASE ${restoredDb}`);
    await run('pg_restore', ['--dbname', urlOf(restoredDb), '--no-owner', file]);
    // The restored schema carries Kysely's migration tables too: opening it migrates nothing.
    const restored = await openPostgresStore(urlOf(restoredDb), { schema, poolSize: 2 });
    try {
      const names = new Set((await restored.listGroups(created.accountId)).map((g) => g.name));
      expect(committed.filter((n) => !names.has(n))).toEqual([]);
      expect((await restored.getAgent(created.adminId))).toMatchObject({ intent: 'away', version: 1, role: 'admin' });
      expect(during).toBeGreaterThan(0);
    } finally {
      await restored.close();
    }
  }, 60_000);
});
