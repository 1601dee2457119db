// Schema migrations, written with Kysely's schema builder so the same code runs on SQLite and
// PostgreSQL. Run at start by Kysely's Migrator; add new steps, never edit a shipped one.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('site_key', 'text', (c) => c.notNull().unique())
      .addColumn('when_offline', 'text', (c) => c.notNull().defaultTo('message'))
      .addColumn('office_hours', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createTable('agents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('intent', 'text', (c) => c.notNull().defaultTo('offline'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo('manual'))
      .addColumn('by_device_id', 'text')
      .addColumn('by_kind', 'text', (c) => c.notNull().defaultTo('server'))
      .addColumn('changed_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agents_account').on('agents').column('account_id').execute();
    await db.schema.createTable('groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('office_hours', 'text')
      .execute();
    await db.schema.createIndex('groups_account').on('groups').column('account_id').execute();
    await db.schema.createTable('group_members')
      .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'agent_id'])
      .execute();
    await db.schema.createIndex('group_members_agent').on('group_members').column('agent_id').execute();
    await db.schema.createTable('tokens')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('tokens_agent').on('tokens').column('agent_id').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['tokens', 'group_members', 'groups', 'agents', 'accounts']) await db.schema.dropTable(t).execute();
  },
};

// Issue 18: a timed status (`timer_until`, and the intent it returns to, `timer_revert`) and
// time off (a JSON list of periods) live on the agent row, so the intent, its timer and its
// version are written in one statement and one conditional update claims a firing.
const timed: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('agents').addColumn('timer_until', 'bigint').execute();
    await db.schema.alterTable('agents').addColumn('timer_revert', 'text').execute();
    await db.schema.alterTable('agents').addColumn('time_off', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const c of ['time_off', 'timer_revert', 'timer_until']) await db.schema.alterTable('agents').dropColumn(c).execute();
  },
};

// Issue 16: the event log (SPEC 9). No foreign keys: a deleted agent's or group's past stays
// reportable, and pruning a year of rows never waits on cascades. The unique indexes make a
// record idempotent: nodes of a cluster that both record the same change (same instant, same
// version) leave one row (ON CONFLICT DO NOTHING, see history-hooks.ts).
const history: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('history_agent_events')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('intent', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('by_device_id', 'text')
      .addColumn('by_kind', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('history_agent_events_once').on('history_agent_events').columns(['agent_id', 'at', 'version', 'status', 'reason']).unique().execute();
    await db.schema.createIndex('history_agent_events_account').on('history_agent_events').columns(['account_id', 'at']).execute();
    await db.schema.createTable('history_box_events')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('box', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('online', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('cause', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('history_box_events_once').on('history_box_events').columns(['account_id', 'box', 'at', 'online']).unique().execute();
    await db.schema.createTable('history_schedules')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('box', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('office_hours', 'text')
      .execute();
    await db.schema.createIndex('history_schedules_once').on('history_schedules').columns(['account_id', 'box', 'at']).unique().execute();
    await db.schema.createIndex('history_agent_events_at').on('history_agent_events').column('at').execute();
    await db.schema.createIndex('history_box_events_at').on('history_box_events').column('at').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['history_schedules', 'history_box_events', 'history_agent_events']) await db.schema.dropTable(t).execute();
  },
};

const migrations: Record<string, Migration> = { '0001_initial': initial, '0004_timed': timed, '0005_history': history };

class InCodeProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** `schema`: where Kysely keeps its migration tables; needed when several schemas share a database. */
export async function migrateToLatest(db: Kysely<unknown>, opts: { schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(), ...(opts.schema ? { migrationTableSchema: opts.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export { sql };
