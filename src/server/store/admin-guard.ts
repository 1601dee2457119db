// "At least one enabled admin per account" (issue 19, finding 5), checked inside the transaction
// that would break it. On PostgreSQL the account's enabled admins are locked FOR UPDATE in id
// order, so two admins removing each other at once serialize: the second, once the first has
// committed, re-reads the rows (READ COMMITTED re-checks a locked row against the WHERE), no
// longer sees the first's target as an admin, and is refused. SQLite runs one write transaction
// at a time over Kysely's single connection, so the plain read is enough there.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './rows.js';
import { StoreError } from './store-error.js';

type Db = Kysely<Database> | Transaction<Database>;

export const LAST_ADMIN_MESSAGE = 'an account needs at least one enabled admin; make another agent an admin first';

/** Throws StoreError `conflict` when removing `agentId` as an enabled admin would leave its account without one. */
export async function keepAnEnabledAdmin(db: Db, kind: 'sqlite' | 'postgres', agentId: string): Promise<void> {
  const target = await db.selectFrom('agents').select('account_id').where('id', '=', agentId).executeTakeFirst();
  if (!target) return;
  let q = db.selectFrom('agents').select('id')
    .where('account_id', '=', target.account_id).where('role', '=', 'admin').where('disabled', '=', 0)
    .orderBy('id');
  if (kind === 'postgres') q = q.forUpdate();
  const admins = (await q.execute()).map((r) => r.id);
  if (admins.includes(agentId) && admins.length < 2) throw new StoreError('conflict', LAST_ADMIN_MESSAGE);
}

/** Whether a patch takes away an admin: a new role other than admin, or disabling. */
export const removesAdmin = (patch: { role?: string; disabled?: boolean }): boolean =>
  (patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true;
