// The durable state of the product behind one interface: SQLite (embedded, the default) and
// PostgreSQL (cluster mode) implement it with the same Kysely queries. Every method resolves only
// after its write is committed, so callers may acknowledge once it resolves. Errors meant for the
// caller are StoreErrors with a `kind` (store-error.ts).
import type { Compilable, Kysely, QueryResult } from 'kysely';
import type { OfficeHours } from '../../common/office-hours.js';
import type { AnyReason, DeviceKind, Role, Status, WhenOffline } from '../../common/protocol.js';
import type { Database } from './rows.js';

export interface AccountRow {
  id: string;
  name: string;
  siteKey: string;
  whenOffline: WhenOffline;
  officeHours: OfficeHours | null;
  /** SPEC 10: minutes a chat box may be unstaffed inside its hours before coverage.gap.started (0 = off). */
  alerts: { unstaffedMinutes: number };
}

export interface AgentRow {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  passwordHash: string;
  intent: Status;
  version: number;
  reason: AnyReason;
  byDeviceId: string | null;
  byKind: DeviceKind | 'server';
  changedAt: number;
  groupIds: string[];
  /** A timed status (SPEC 11): when it ends (epoch ms), and the intent it then returns to. */
  timerUntil: number | null;
  timerRevert: Status | null;
  /** Time off (SPEC 11): inclusive local dates in the account's zone. */
  timeOff: TimeOffPeriod[];
}

export interface TimeOffPeriod {
  from: string;
  to: string;
  note?: string;
}

export interface GroupRow {
  id: string;
  accountId: string;
  name: string;
  officeHours: OfficeHours | null;
  memberIds: string[];
}

export interface TokenRow {
  agentId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface IntentChange {
  status: Status;
  reason: AnyReason;
  byDeviceId: string | null;
  byKind: DeviceKind | 'server';
  at: number;
  /** A timed status: the intent returns to what it was before at this instant (SPEC 11). */
  until?: number | null;
}

export interface NewAgent {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  groupIds: string[];
}

export interface AgentPatch {
  email?: string;
  name?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
  groupIds?: string[];
}

/**
 * A row another feature commits together with a change, in the change's own transaction (a
 * history event, a webhook outbox entry): an acknowledged change always has its rows. The table
 * comes from that feature's own migration.
 */
export interface ExtraRow {
  table: string;
  values: Record<string, unknown>;
  /**
   * A row whose table has a unique key over what makes it the same record (history, issue 16): a
   * second insert of it is skipped (ON CONFLICT DO NOTHING), so several nodes may write it.
   */
  ignoreDuplicate?: boolean;
}

/** `withHolidays`: only rows whose schedule has a public-holidays rule (the yearly refresh, issue 20: not every account). */
export interface ScheduleFilter { withHolidays?: boolean }

/** Rows to commit with an intent change, made from the row as it will be committed (its new version). */
export type RowsFor<T> = (committed: T) => readonly ExtraRow[];

export { StoreError, type StoreErrorKind } from './store-error.js';

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** The Kysely handle, for a feature's own tables and queries (history, issue 16). */
  tables(): Kysely<unknown>;
  close(): Promise<void>;
  /** Cheap round trip for /readyz: a read, and a write of no rows that a read-only database refuses. */
  ping(): Promise<void>;

  createAccount(name: string, whenOffline?: WhenOffline): Promise<AccountRow>;
  getAccount(id: string): Promise<AccountRow | null>;
  getAccountBySiteKey(siteKey: string): Promise<AccountRow | null>;
  listAccounts(opts?: ScheduleFilter): Promise<AccountRow[]>;
  updateAccount(id: string, patch: { name?: string; whenOffline?: WhenOffline; officeHours?: OfficeHours | null; alerts?: { unstaffedMinutes: number } }): Promise<AccountRow>;

  createAgent(accountId: string, agent: NewAgent): Promise<AgentRow>;
  getAgent(id: string): Promise<AgentRow | null>;
  getAgentByEmail(email: string): Promise<AgentRow | null>;
  listAgents(accountId: string): Promise<AgentRow[]>;
  /** StoreError `duplicate` when the email is taken, `unknown_reference` for a group of another account. */
  updateAgent(id: string, patch: AgentPatch): Promise<AgentRow>;
  deleteAgent(id: string): Promise<void>;
  /**
   * Writes the intent and bumps the version by one in one transaction; returns the new row.
   * `extra` rows (made from the new row) are inserted in that same transaction.
   */
  setIntent(agentId: string, change: IntentChange, extra?: RowsFor<AgentRow>): Promise<AgentRow>;
  /**
   * The same write, only if the agent's version is still `version` and a timer is pending: a timed
   * status's firing, claimed once per cluster by this conditional update. null when it lost.
   */
  setIntentIf(agentId: string, version: number, change: IntentChange, extra?: RowsFor<AgentRow>): Promise<AgentRow | null>;
  setTimeOff(agentId: string, periods: TimeOffPeriod[]): Promise<AgentRow>;
  /** Inserts rows in one transaction: the record of a change the server made without a write of its own. */
  appendRows(rows: readonly ExtraRow[]): Promise<void>;

  /**
   * Accounts with time-driven work of their own (issue 20): an enabled agent whose intent is not
   * offline (its boot grace, then its return to offline) or any agent with a timed status pending.
   * Boot loads only these; every other account loads on first use.
   */
  listWatchedAccountIds(): Promise<string[]>;
  /** These accounts with their groups and agents in a few bulk reads (boot: the watched ones, issue 20). */
  readAccounts(ids: readonly string[]): Promise<{ accounts: AccountRow[]; groups: GroupRow[]; agents: AgentRow[] }>;
  /** Every group (of every account) whose schedule matches `opts`, with its members (the holiday refresh). */
  listAllGroups(opts?: ScheduleFilter): Promise<GroupRow[]>;

  createGroup(accountId: string, name: string, memberIds: string[]): Promise<GroupRow>;
  getGroup(id: string): Promise<GroupRow | null>;
  listGroups(accountId: string): Promise<GroupRow[]>;
  updateGroup(id: string, patch: { name?: string; officeHours?: OfficeHours | null }): Promise<GroupRow>;
  setGroupMembers(id: string, agentIds: string[]): Promise<GroupRow>;
  deleteGroup(id: string): Promise<void>;

  createToken(tokenHash: string, agentId: string, expiresAt: number): Promise<void>;
  getToken(tokenHash: string): Promise<TokenRow | null>;
  revokeToken(tokenHash: string): Promise<void>;
  revokeAgentTokens(agentId: string): Promise<void>;

  /** The connection, for feature stores whose tables come from their own migration (webhooks/webhook-store.ts). */
  readonly db: Kysely<Database>;
  /**
   * One statement of a fixed shape (compiled-shapes.ts: `params` are what Kysely binds for
   * `build`, in order) outside any transaction. The embedded store runs it directly while the
   * connection is idle (sqlite-direct.ts): a feature's write on the status path, such as the
   * unstaffed alert's gap, then never makes the change's own rows wait for Kysely's connection.
   */
  runOne<R>(key: string, params: readonly unknown[], build: () => Compilable<R>): Promise<QueryResult<R>>;
}
