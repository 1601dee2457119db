// A PostgreSQL connection reset while a query runs (found by the partition suite) must fail that
// query, not the process: pg emits 'error' on a checked-out client, which has no listener once
// the pool hands it out, and an 'error' event without a listener is an uncaught exception.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { cleanup, clusterServicesAvailable, PG_URL } from '../helpers/cluster.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

const available = await clusterServicesAvailable();
const schema = `r_${randomBytes(5).toString('hex')}`;

describe.skipIf(!available)('PostgreSQL store: a connection reset mid-query', () => {
  afterAll(() => cleanup(schema, `reset:${schema}:`));

  it('rejects the running queries and leaves the process and the store usable', async () => {
    const proxy = await startTcpProxy(Number(new URL(PG_URL).port));
    const url = new URL(PG_URL);
    url.port = String(proxy.port);
    const store = await openPostgresStore(url.toString(), { schema, poolSize: 2 });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => { uncaught.push(err); };
    process.prependListener('uncaughtException', onUncaught);
    try {
      const slow = [sql`SELECT pg_sleep(5)`.execute(store.db), sql`SELECT pg_sleep(5)`.execute(store.db)];
      await new Promise((r) => setTimeout(r, 300));
      proxy.cut();
      for (const q of slow) await expect(q).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);
      // The pool replaces the broken clients.
      const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db);
      expect(again.rows[0]?.one).toBe(1);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      await store.close();
      await proxy.close();
    }
  });
});
