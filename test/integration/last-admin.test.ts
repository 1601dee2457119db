// Issue 19, finding 5: "at least one enabled admin" holds inside the store's transaction. On
// PostgreSQL two admins demoting, disabling or deleting each other at once both used to succeed
// (different rows, no conflict) and the account was left with no admin; SQLite serializes writes.
// The two calls go to the store at once on separate pooled connections: exactly one may win.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import { isStoreError } from '../../src/server/store/store-error.js';
import type { Store } from '../../src/server/store/store.js';
import { cleanup, clusterServicesAvailable, PG_URL } from '../helpers/cluster.js';

type Removal = (store: Store, id: string) => Promise<unknown>;
const REMOVALS: Record<string, Removal> = {
  demote: (store, id) => store.updateAgent(id, { role: 'agent' }),
  disable: (store, id) => store.updateAgent(id, { disabled: true }),
  delete: (store, id) => store.deleteAgent(id),
};
const PAIRS: [string, string][] = [['demote', 'demote'], ['disable', 'disable'], ['delete', 'delete'], ['demote', 'delete'], ['disable', 'demote']];

async function twoAdmins(store: Store): Promise<{ accountId: string; a: string; b: string }> {
  const account = await store.createAccount(`Last admin ${randomBytes(3).toString('hex')}`);
  const mk = async (n: string) => (await store.createAgent(account.id, { email: `${n}-${randomBytes(4).toString('hex')}@test.example`, name: n, role: 'admin', passwordHash: 'x', groupIds: [] })).id;
  return { accountId: account.id, a: await mk('a'), b: await mk('b') };
}

const enabledAdmins = async (store: Store, accountId: string) => (await store.listAgents(accountId)).filter((x) => x.role === 'admin' && !x.disabled).length;

function suite(name: string, open: () => Promise<Store | null>): void {
  describe(`at least one enabled admin per account (${name})`, () => {
    let store: Store | null = null;
    afterAll(async () => { await store?.close(); });

    for (const [first, second] of PAIRS) {
      it(`two admins who ${first} and ${second} each other at once: exactly one succeeds`, async () => {
        store ??= await open();
        if (!store) return;
        for (let round = 0; round < 3; round++) {
          const { accountId, a, b } = await twoAdmins(store);
          const results = await Promise.allSettled([REMOVALS[first]!(store, b), REMOVALS[second]!(store, a)]);
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          expect(isStoreError(refused.reason, 'conflict')).toBe(true);
          expect(await enabledAdmins(store, accountId)).toBe(1);
        }
      });
    }

    it('the last enabled admin cannot be removed even alone; a second admin makes it possible', async () => {
      store ??= await open();
      if (!store) return;
      const { accountId, a, b } = await twoAdmins(store);
      await store.updateAgent(b, { disabled: true });
      await expect(store.updateAgent(a, { role: 'agent' })).rejects.toMatchObject({ kind: 'conflict' });
      await expect(store.deleteAgent(a)).rejects.toMatchObject({ kind: 'conflict' });
      await store.updateAgent(b, { disabled: false });
      await store.updateAgent(a, { role: 'agent' });
      expect(await enabledAdmins(store, accountId)).toBe(1);
      // Changes that keep the admin (a new name, a re-enable) are not refused.
      await store.updateAgent(b, { name: 'still admin' });
    });
  });
}

const schema = `t_lastadmin_${randomBytes(4).toString('hex')}`;
afterAll(async () => { if (await clusterServicesAvailable()) await cleanup(schema, `test:${schema}:`); });

suite('PostgreSQL', async () => ((await clusterServicesAvailable()) ? openPostgresStore(PG_URL, { schema, poolSize: 4 }) : null));
suite('SQLite', () => openSqliteStore(mkdtempSync(join(tmpdir(), 'presence-last-admin-'))));
