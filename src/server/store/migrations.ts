// Schema migrations, written with Kysely's schema builder so the same code runs on SQLite and
// PostgreSQL. Run at start by Kysely's Migrator; add new steps, never edit a shipped one.
import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

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

// Issue 17 (SPEC 10): webhook endpoints, the outbox (events committed with the change that causes
// them, then fanned out into one delivery per subscribed endpoint), the last attempts, coverage
// gaps (the unstaffed alert, so a restart neither repeats a start nor loses an end), integration
// tokens, and the account's alert threshold. `seq` orders events per endpoint: an identity column
// on PostgreSQL, SQLite's rowid alias on SQLite (the one place the two need different DDL).
const webhooks: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.alterTable('accounts').addColumn('unstaffed_minutes', 'integer', (c) => c.notNull().defaultTo(5)).execute();
    await db.schema.createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('format', 'text', (c) => c.notNull().defaultTo('json'))
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('disabled_reason', 'text')
      .addColumn('failing_since', 'bigint')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_endpoints_account').on('webhook_endpoints').column('account_id').execute();
    const seq = (t: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
      (postgres ? t.addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()) : t.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement()));
    await seq(db.schema.createTable('webhook_events'))
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
      .addColumn('event_seq', 'bigint', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_deliveries_head').on('webhook_deliveries').columns(['endpoint_id', 'event_seq']).execute();
    await db.schema.createTable('webhook_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_attempts_endpoint').on('webhook_attempts').columns(['endpoint_id', 'at']).execute();
    await db.schema.createTable('coverage_gaps')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('group_id', 'text')
      .addColumn('since', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .execute();
    await db.schema.createTable('integration_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['integration_tokens', 'coverage_gaps', 'webhook_attempts', 'webhook_deliveries', 'webhook_events', 'webhook_endpoints']) await db.schema.dropTable(t).execute();
    await db.schema.alterTable('accounts').dropColumn('unstaffed_minutes').execute();
  },
};

const migrations: Record<string, Migration> = { '0001_initial': initial, '0004_timed': timed, '0005_history': history, '0006_webhooks': webhooks };

class InCodeProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** `schema`: where Kysely keeps its migration tables; needed when several schemas share a database. */
export async function migrateToLatest(db: Kysely<unknown>, opts: { schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(), ...(opts.schema ? { migrationTableSchema: opts.schema } : {}) });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its tables by listing every schema's tables; a schema another tenant drops
  // during that listing fails it with 3F000 before anything ran (seen with parallel test suites
  // on one PostgreSQL). Nothing was applied then, and the caller holds the migration lock.
  for (let retry = 0; retry < 3 && isVanishedSchema(error, opts.schema) && !results?.length; retry++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** PostgreSQL's "schema … does not exist" (3F000) about a schema other than ours. */
function isVanishedSchema(error: unknown, own: string | undefined): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '3F000' && !(own !== undefined && e.message?.includes(`"${own}"`));
}

export { sql };
