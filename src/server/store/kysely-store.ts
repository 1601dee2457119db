// The Store over Kysely: one set of queries for SQLite and PostgreSQL. Writes that touch more
// than one row run in a transaction, so an acknowledged change is whole or absent.
import { CompiledQuery, sql, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Clock } from '../../common/clock.js';
import type { OfficeHours } from '../../common/office-hours.js';
import type { WhenOffline } from '../../common/protocol.js';
import { newId, newSiteKey } from '../ids.js';
import { keepAnEnabledAdmin, removesAdmin } from './admin-guard.js';
import { CompiledShapes } from './compiled-shapes.js';
import { hoursColumn, membersBy, toAccount, toAgent, toGroup, type Database } from './rows.js';
import type { Checkpointer } from './sqlite-checkpointer.js';
import type { DirectSqlite } from './sqlite-direct.js';
import { StoreError } from './store-error.js';
import type { AccountRow, AgentPatch, AgentRow, ExtraRow, GroupRow, IntentChange, NewAgent, RowsFor, ScheduleFilter, Store, TimeOffPeriod, TokenRow } from './store.js';

export type { Database } from './rows.js';

type Db = Kysely<Database> | Transaction<Database>;

const isUniqueViolation = (err: unknown): boolean => /unique|duplicate key/i.test(String((err as Error)?.message));
// One answer wherever the address is taken, this account or another (issue 19, docs/decisions.md).
const emailTaken = (): StoreError => new StoreError('duplicate', 'this email cannot be used for an agent; choose another address');

/** Schedules are stored as JSON.stringify output, so a holiday rule always carries this key. */
const HOLIDAYS_LIKE = '%"holidays":{%';

/** Transaction control, compiled once (issue 20: a sql`` template is built and compiled per call). */
const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

export class KyselyStore implements Store {
  /** The status-change path's queries, compiled once per shape (compiled-shapes.ts). */
  private readonly shapes = new CompiledShapes();

  /** `direct`: SQLite's synchronous path for the status change's writes (sqlite-direct.ts). */
  constructor(readonly kind: 'sqlite' | 'postgres', readonly db: Kysely<Database>, private readonly clock: Clock, private readonly onClose: () => Promise<void>, private readonly direct?: DirectSqlite, readonly checkpointer?: Checkpointer) {}

  /**
   * A transaction that fails with the error that broke it. Kysely's own transaction() answers a
   * failed COMMIT with a ROLLBACK; after SQLITE_FULL SQLite has already rolled back, so that
   * ROLLBACK fails with "no transaction is active" and would hide the real cause (disk full).
   */
  private tx<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      await conn.executeQuery(BEGIN);
      try {
        const result = await fn(conn);
        await conn.executeQuery(COMMIT);
        return result;
      } catch (err) {
        await conn.executeQuery(ROLLBACK).catch(() => undefined);
        throw err;
      }
    });
  }

  tables(): Kysely<unknown> {
    return this.db as Kysely<unknown>;
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('accounts').select('id').limit(1).execute();
    // A write that touches no row: PostgreSQL still refuses it when the database is read-only (a
    // standby after a failover, default_transaction_read_only), which a read alone never shows.
    await sql`update accounts set name = name where 1 = 0`.execute(this.db);
  }

  async createAccount(name: string, whenOffline: WhenOffline = 'message'): Promise<AccountRow> {
    const row = { id: newId(), name, site_key: newSiteKey(), when_offline: whenOffline, office_hours: null, created_at: this.clock.now() };
    await this.db.insertInto('accounts').values(row).execute();
    return toAccount(row);
  }

  async getAccount(id: string): Promise<AccountRow | null> {
    const r = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAccount(r) : null;
  }

  async getAccountBySiteKey(siteKey: string): Promise<AccountRow | null> {
    const r = await this.db.selectFrom('accounts').selectAll().where('site_key', '=', siteKey).executeTakeFirst();
    return r ? toAccount(r) : null;
  }

  async listAccounts(opts: ScheduleFilter = {}): Promise<AccountRow[]> {
    let q = this.db.selectFrom('accounts').selectAll();
    if (opts.withHolidays) q = q.where('office_hours', 'like', HOLIDAYS_LIKE);
    return (await q.orderBy('created_at').execute()).map(toAccount);
  }

  async updateAccount(id: string, patch: { name?: string; whenOffline?: WhenOffline; officeHours?: OfficeHours | null; alerts?: { unstaffedMinutes: number } }): Promise<AccountRow> {
    const values: Partial<Database['accounts']> = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.whenOffline !== undefined) values.when_offline = patch.whenOffline;
    if (patch.officeHours !== undefined) values.office_hours = hoursColumn(patch.officeHours);
    if (patch.alerts !== undefined) values.unstaffed_minutes = patch.alerts.unstaffedMinutes;
    if (Object.keys(values).length > 0) await this.db.updateTable('accounts').set(values).where('id', '=', id).execute();
    const row = await this.getAccount(id);
    if (!row) throw new StoreError('not_found', 'account not found');
    return row;
  }

  private async groupIdsOf(db: Db, agentIds: string[]): Promise<Map<string, string[]>> {
    if (agentIds.length === 0) return new Map();
    return membersBy(await db.selectFrom('group_members').selectAll().where('agent_id', 'in', agentIds).orderBy('group_id').execute(), 'agent_id');
  }

  private async agentIn(db: Db, id: string): Promise<AgentRow | null> {
    const r = await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return null;
    return toAgent(r, (await this.groupIdsOf(db, [id])).get(id) ?? []);
  }

  /** Only groups of the same account may be joined; anything else is a caller bug or an attack. */
  private async checkGroups(db: Db, accountId: string, groupIds: string[]): Promise<void> {
    if (groupIds.length === 0) return;
    const found = await db.selectFrom('groups').select('id').where('account_id', '=', accountId).where('id', 'in', groupIds).execute();
    if (found.length !== new Set(groupIds).size) throw new StoreError('unknown_reference', 'unknown group id');
  }

  async createAgent(accountId: string, agent: NewAgent): Promise<AgentRow> {
    const id = newId();
    try {
      await this.tx(async (tx) => {
        await this.checkGroups(tx, accountId, agent.groupIds);
        await tx.insertInto('agents').values({
          id, account_id: accountId, email: agent.email, name: agent.name, role: agent.role, disabled: 0, password_hash: agent.passwordHash,
          intent: 'offline', version: 0, reason: 'manual', by_device_id: null, by_kind: 'server', changed_at: this.clock.now(),
          timer_until: null, timer_revert: null, time_off: null,
        }).execute();
        for (const groupId of new Set(agent.groupIds)) await tx.insertInto('group_members').values({ group_id: groupId, agent_id: id }).execute();
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    return (await this.getAgent(id))!;
  }

  getAgent(id: string): Promise<AgentRow | null> {
    return this.agentIn(this.db, id);
  }

  async getAgentByEmail(email: string): Promise<AgentRow | null> {
    const r = await this.db.selectFrom('agents').select('id').where('email', '=', email).executeTakeFirst();
    return r ? this.getAgent(r.id) : null;
  }

  async listAgents(accountId: string): Promise<AgentRow[]> {
    const rows = await this.db.selectFrom('agents').selectAll().where('account_id', '=', accountId).orderBy('name').orderBy('id').execute();
    const groups = await this.groupIdsOf(this.db, rows.map((r) => r.id));
    return rows.map((r) => toAgent(r, groups.get(r.id) ?? []));
  }

  async listWatchedAccountIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('agents').select('account_id').distinct()
      .where((eb) => eb.or([eb.and([eb('intent', '!=', 'offline'), eb('disabled', '=', 0)]), eb('timer_until', 'is not', null)]))
      .execute();
    return rows.map((r) => r.account_id);
  }

  async readAccounts(ids: readonly string[]): Promise<{ accounts: AccountRow[]; groups: GroupRow[]; agents: AgentRow[] }> {
    if (ids.length === 0) return { accounts: [], groups: [], agents: [] };
    const list = [...ids];
    const accounts = await this.db.selectFrom('accounts').selectAll().where('id', 'in', list).orderBy('created_at').execute();
    const groupRows = await this.db.selectFrom('groups').selectAll().where('account_id', 'in', list).orderBy('name').orderBy('id').execute();
    const agentRows = await this.db.selectFrom('agents').selectAll().where('account_id', 'in', list).orderBy('name').orderBy('id').execute();
    const memberRows = await this.db.selectFrom('group_members').selectAll()
      .where('group_id', 'in', this.db.selectFrom('groups').select('id').where('account_id', 'in', list)).orderBy('group_id').execute();
    const ofAgent = membersBy(memberRows, 'agent_id');
    const ofGroup = membersBy([...memberRows].sort((a, b) => (a.agent_id < b.agent_id ? -1 : a.agent_id > b.agent_id ? 1 : 0)), 'group_id');
    return {
      accounts: accounts.map(toAccount),
      groups: groupRows.map((r) => toGroup(r, ofGroup.get(r.id) ?? [])),
      agents: agentRows.map((r) => toAgent(r, ofAgent.get(r.id) ?? [])),
    };
  }

  async listAllGroups(opts: ScheduleFilter = {}): Promise<GroupRow[]> {
    let q = this.db.selectFrom('groups').selectAll();
    let m = this.db.selectFrom('group_members').selectAll();
    if (opts.withHolidays) {
      q = q.where('office_hours', 'like', HOLIDAYS_LIKE);
      m = m.where('group_id', 'in', this.db.selectFrom('groups').select('id').where('office_hours', 'like', HOLIDAYS_LIKE));
    }
    const rows = await q.orderBy('name').orderBy('id').execute();
    const members = membersBy(await m.orderBy('agent_id').execute(), 'group_id');
    return rows.map((r) => toGroup(r, members.get(r.id) ?? []));
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<AgentRow> {
    try {
      await this.tx(async (tx) => {
        const current = await tx.selectFrom('agents').select(['account_id']).where('id', '=', id).executeTakeFirst();
        if (!current) throw new StoreError('not_found', 'agent not found');
        if (removesAdmin(patch)) await keepAnEnabledAdmin(tx, this.kind, id);
        const values: Partial<Database['agents']> = {};
        if (patch.email !== undefined) values.email = patch.email;
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.role !== undefined) values.role = patch.role;
        if (patch.disabled !== undefined) values.disabled = patch.disabled ? 1 : 0;
        if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
        if (Object.keys(values).length > 0) await tx.updateTable('agents').set(values).where('id', '=', id).execute();
        if (patch.groupIds !== undefined) {
          await this.checkGroups(tx, current.account_id, patch.groupIds);
          await tx.deleteFrom('group_members').where('agent_id', '=', id).execute();
          for (const groupId of new Set(patch.groupIds)) await tx.insertInto('group_members').values({ group_id: groupId, agent_id: id }).execute();
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    return (await this.getAgent(id))!;
  }

  async deleteAgent(id: string): Promise<void> {
    await this.tx(async (tx) => {
      await keepAnEnabledAdmin(tx, this.kind, id);
      await tx.deleteFrom('tokens').where('agent_id', '=', id).execute();
      await tx.deleteFrom('group_members').where('agent_id', '=', id).execute();
      await tx.deleteFrom('agents').where('id', '=', id).execute();
    });
  }

  async setIntent(agentId: string, change: IntentChange, extra?: RowsFor<AgentRow>): Promise<AgentRow> {
    const row = await this.writeIntent(agentId, null, change, extra);
    if (!row) throw new StoreError('not_found', 'agent not found');
    return row;
  }

  setIntentIf(agentId: string, version: number, change: IntentChange, extra?: RowsFor<AgentRow>): Promise<AgentRow | null> {
    return this.writeIntent(agentId, version, change, extra);
  }

  /**
   * One UPDATE writes the intent, the version and the timer, so they never disagree. A timed
   * status keeps the return target of a timer already pending (away 15 min, then away 1 h, still
   * returns to what it was before the first); any other change clears the timer.
   */
  private writeIntent(agentId: string, ifVersion: number | null, change: IntentChange, extra?: RowsFor<AgentRow>): Promise<AgentRow | null> {
    return this.write(function* (): Steps<AgentRow | null> {
      const timed = change.until !== undefined && change.until !== null;
      const update = (db: Db) => {
        let q = db.updateTable('agents')
          .set((eb) => ({
            intent: change.status, reason: change.reason, by_device_id: change.byDeviceId, by_kind: change.byKind, changed_at: change.at,
            version: eb('version', '+', 1),
            timer_until: timed ? change.until! : null,
            timer_revert: timed ? sql<string>`case when timer_until is not null then timer_revert else intent end` : null,
          }))
          .where('id', '=', agentId);
        if (ifVersion !== null) q = q.where('version', '=', ifVersion).where('timer_until', 'is not', null);
        // The row as written comes back from the UPDATE (RETURNING, SQLite ≥ 3.35 and PostgreSQL): one read fewer per change.
        return q.returningAll();
      };
      // What Kysely binds for that UPDATE, in order (checked on its first compile, compiled-shapes.ts).
      const params = [change.status, change.reason, change.byDeviceId, change.byKind, change.at, 1, ...(timed ? [change.until] : [null, null]), agentId, ...(ifVersion !== null ? [ifVersion] : [])];
      const written = (yield { key: `intent:${timed}:${ifVersion !== null}`, params, build: update }).rows[0] as Database['agents'] | undefined;
      if (!written) return null;
      const members = yield { key: 'members-of-one', params: [agentId], build: (db) => db.selectFrom('group_members').selectAll().where('agent_id', 'in', [agentId]).orderBy('group_id') };
      const row = toAgent(written, membersBy(members.rows as Database['group_members'][], 'agent_id').get(agentId) ?? []);
      if (extra) yield* insertSteps(extra(row));
      return row;
    });
  }

  /**
   * A write of several statements in one transaction, its queries given as steps (one shape each,
   * compiled-shapes.ts). On SQLite, while Kysely does not use the connection, it runs as one
   * synchronous transaction on the same statements (sqlite-direct.ts); otherwise through Kysely.
   */
  private write<T>(steps: () => Steps<T>): Promise<T> {
    const direct = this.direct;
    if (direct?.idle) return settled(() => direct.transaction(() => drive(steps(), (s) => direct.execute(this.shapes.compile(s.key, s.params, () => s.build(this.db))))));
    return this.tx(async (tx) => {
      const gen = steps();
      let next = gen.next();
      while (!next.done) {
        const step = next.value;
        next = gen.next(await this.shapes.run(tx, step.key, step.params, () => step.build(tx)));
      }
      return next.value;
    });
  }

  runOne<R>(key: string, params: readonly unknown[], build: () => Compilable<R>): Promise<QueryResult<R>> {
    const compiled = this.shapes.compile(key, params, build);
    const direct = this.direct;
    return direct?.idle ? settled(() => direct.execute(compiled)) : this.db.executeQuery(compiled);
  }

  async setTimeOff(agentId: string, periods: TimeOffPeriod[]): Promise<AgentRow> {
    const res = await this.db.updateTable('agents').set({ time_off: periods.length > 0 ? JSON.stringify(periods) : null }).where('id', '=', agentId).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new StoreError('not_found', 'agent not found');
    return (await this.getAgent(agentId))!;
  }

  async appendRows(rows: readonly ExtraRow[]): Promise<void> {
    if (rows.length > 0) await this.write(function* () { yield* insertSteps(rows); });
  }

  async createGroup(accountId: string, name: string, memberIds: string[]): Promise<GroupRow> {
    const id = newId();
    await this.tx(async (tx) => {
      await tx.insertInto('groups').values({ id, account_id: accountId, name, office_hours: null }).execute();
      await this.writeMembers(tx, accountId, id, memberIds);
    });
    return (await this.getGroup(id))!;
  }

  private async writeMembers(tx: Db, accountId: string, groupId: string, agentIds: string[]): Promise<void> {
    const unique = [...new Set(agentIds)];
    if (unique.length > 0) {
      const found = await tx.selectFrom('agents').select('id').where('account_id', '=', accountId).where('id', 'in', unique).execute();
      if (found.length !== unique.length) throw new StoreError('unknown_reference', 'unknown agent id');
    }
    await tx.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    for (const agentId of unique) await tx.insertInto('group_members').values({ group_id: groupId, agent_id: agentId }).execute();
  }

  async getGroup(id: string): Promise<GroupRow | null> {
    const r = await this.db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return null;
    const members = await this.db.selectFrom('group_members').select('agent_id').where('group_id', '=', id).orderBy('agent_id').execute();
    return toGroup(r, members.map((m) => m.agent_id));
  }

  async listGroups(accountId: string): Promise<GroupRow[]> {
    const rows = await this.db.selectFrom('groups').selectAll().where('account_id', '=', accountId).orderBy('name').orderBy('id').execute();
    const ids = rows.map((r) => r.id);
    const members = ids.length === 0 ? new Map<string, string[]>() : membersBy(await this.db.selectFrom('group_members').selectAll().where('group_id', 'in', ids).orderBy('agent_id').execute(), 'group_id');
    return rows.map((r) => toGroup(r, members.get(r.id) ?? []));
  }

  async updateGroup(id: string, patch: { name?: string; officeHours?: OfficeHours | null }): Promise<GroupRow> {
    const values: Partial<Database['groups']> = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.officeHours !== undefined) values.office_hours = hoursColumn(patch.officeHours);
    if (Object.keys(values).length > 0) await this.db.updateTable('groups').set(values).where('id', '=', id).execute();
    return (await this.getGroup(id))!;
  }

  async setGroupMembers(id: string, agentIds: string[]): Promise<GroupRow> {
    await this.tx(async (tx) => {
      const group = await tx.selectFrom('groups').select('account_id').where('id', '=', id).executeTakeFirst();
      if (!group) throw new StoreError('not_found', 'group not found');
      await this.writeMembers(tx, group.account_id, id, agentIds);
    });
    return (await this.getGroup(id))!;
  }

  async deleteGroup(id: string): Promise<void> {
    await this.tx(async (tx) => {
      await tx.deleteFrom('group_members').where('group_id', '=', id).execute();
      await tx.deleteFrom('groups').where('id', '=', id).execute();
    });
  }

  async createToken(tokenHash: string, agentId: string, expiresAt: number): Promise<void> {
    await this.db.insertInto('tokens').values({ hash: tokenHash, agent_id: agentId, expires_at: expiresAt, revoked: 0 }).execute();
  }

  async getToken(tokenHash: string): Promise<TokenRow | null> {
    const r = await this.db.selectFrom('tokens').selectAll().where('hash', '=', tokenHash).executeTakeFirst();
    return r ? { agentId: r.agent_id, expiresAt: Number(r.expires_at), revoked: Number(r.revoked) === 1 } : null;
  }

  async revokeToken(tokenHash: string): Promise<void> {
    await this.db.updateTable('tokens').set({ revoked: 1 }).where('hash', '=', tokenHash).execute();
  }

  async revokeAgentTokens(agentId: string): Promise<void> {
    await this.db.updateTable('tokens').set({ revoked: 1 }).where('agent_id', '=', agentId).execute();
  }
}

/** One query of a write: its shape's key, what Kysely binds for it in order, and its builder. */
interface Step { key: string; params: readonly unknown[]; build: (db: Db) => Compilable<unknown> }
/** A write's queries, each step given the result of the one before. */
type Steps<T> = Generator<Step, T, QueryResult<unknown>>;

/** A synchronous call's result or error as a promise, as the Kysely path would give it. */
function settled<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err as Error);
  }
}

/** Runs the steps with a synchronous executor. */
function drive<T>(gen: Steps<T>, execute: (step: Step) => QueryResult<unknown>): T {
  let next = gen.next();
  while (!next.done) next = gen.next(execute(next.value));
  return next.value;
}

/** Tables of other features are not in `Database` (their migrations add them), hence the casts. */
function* insertSteps(rows: readonly ExtraRow[]): Steps<void> {
  for (const row of rows) {
    // Kysely leaves out columns whose value is undefined; the shape does the same.
    const columns = Object.keys(row.values).filter((c) => row.values[c] !== undefined);
    yield {
      key: `insert:${row.table}:${row.ignoreDuplicate === true}:${columns.join(',')}`,
      params: columns.map((c) => row.values[c]),
      build: (db) => {
        const insert = db.insertInto(row.table as keyof Database).values(row.values as never);
        return row.ignoreDuplicate ? insert.onConflict((oc) => oc.doNothing()) : insert;
      },
    };
  }
}
