// Reads, schedule records and pruning of the event log, with the same Kysely queries on SQLite
// and PostgreSQL. Every read of a range also returns the row in force at its start (the last one
// before it), which is what a report needs to know the state at `from`.
import { sql, type Kysely } from 'kysely';
import type { OfficeHours } from '../../common/office-hours.js';
import type { Status } from '../../common/protocol.js';
import { parseHours, hoursColumn } from '../store/rows.js';
import { withStoreErrors } from '../store/store-error.js';
import { AGENT_EVENTS, BOX_EVENTS, SCHEDULES, toAgentEvent, type AgentEvent, type BoxEvent, type HistoryDb } from './history-tables.js';

/** Events read back at once when looking for the start of the current status. */
const SINCE_SCAN = 50;

export interface InRange<T> {
  /** The last row before `from`, if any: the state in force at `from`. */
  initial: T | null;
  rows: T[];
}

export interface ScheduleRecord {
  at: number;
  hours: OfficeHours | null;
}

export class HistoryStore {
  private readonly db: Kysely<HistoryDb>;

  constructor(db: Kysely<unknown>) {
    this.db = db as Kysely<HistoryDb>;
  }

  /** Driver errors leave classified like the main store's (disk full, read only). */
  static open(db: Kysely<unknown>): HistoryStore {
    return withStoreErrors(new HistoryStore(db));
  }

  async agentEvents(agentId: string, from: number, to: number): Promise<InRange<AgentEvent>> {
    const base = this.db.selectFrom(AGENT_EVENTS).selectAll().where('agent_id', '=', agentId);
    const [before, rows] = await Promise.all([
      base.where('at', '<', from).orderBy('at', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst(),
      base.where('at', '>=', from).where('at', '<', to).orderBy('at').orderBy('version').execute(),
    ]);
    return { initial: before ? toAgentEvent(before) : null, rows: rows.map(toAgentEvent) };
  }

  /** Only the instants and effective statuses (the agents report): a year of an agent is ~36,000 rows. */
  async statusChanges(agentId: string, from: number, to: number): Promise<InRange<{ at: number; status: Status }>> {
    const base = this.db.selectFrom(AGENT_EVENTS).select(['at', 'status']).where('agent_id', '=', agentId);
    const [before, rows] = await Promise.all([
      base.where('at', '<', from).orderBy('at', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst(),
      base.where('at', '>=', from).where('at', '<', to).orderBy('at').orderBy('version').execute(),
    ]);
    const toChange = (r: { at: number; status: string }): { at: number; status: Status } => ({ at: Number(r.at), status: r.status as Status });
    return { initial: before ? toChange(before) : null, rows: rows.map(toChange) };
  }

  /**
   * When the agent's current run of `status` began: the oldest event of the newest run of events
   * with that status (intent changes inside the run do not restart it). null: nothing recorded.
   */
  async since(agentId: string, status: string): Promise<number | null> {
    const recent = await this.db.selectFrom(AGENT_EVENTS).select(['at', 'status']).where('agent_id', '=', agentId)
      .orderBy('at', 'desc').orderBy('version', 'desc').limit(SINCE_SCAN).execute();
    let since: number | null = null;
    for (const r of recent) {
      if (r.status !== status) return since;
      since = Number(r.at);
    }
    if (recent.length < SINCE_SCAN) return since;
    // A long run (many intent changes with the same effective status): ask the index instead.
    const other = await this.db.selectFrom(AGENT_EVENTS).select((eb) => eb.fn.max('at').as('at')).where('agent_id', '=', agentId).where('status', '!=', status).executeTakeFirst();
    const first = await this.db.selectFrom(AGENT_EVENTS).select((eb) => eb.fn.min('at').as('at')).where('agent_id', '=', agentId).where('at', '>', Number(other?.at ?? -1)).executeTakeFirst();
    return first?.at === null || first?.at === undefined ? since : Number(first.at);
  }

  async boxEvents(accountId: string, box: string, from: number, to: number): Promise<InRange<BoxEvent>> {
    const base = this.db.selectFrom(BOX_EVENTS).select(['at', 'online']).where('account_id', '=', accountId).where('box', '=', box);
    const [before, rows] = await Promise.all([
      base.where('at', '<', from).orderBy('at', 'desc').limit(1).executeTakeFirst(),
      base.where('at', '>=', from).where('at', '<', to).orderBy('at').execute(),
    ]);
    const toBox = (r: { at: number; online: number }): BoxEvent => ({ at: Number(r.at), online: Number(r.online) === 1 });
    return { initial: before ? toBox(before) : null, rows: rows.map(toBox) };
  }

  async schedules(accountId: string, box: string, from: number, to: number): Promise<InRange<ScheduleRecord>> {
    const base = this.db.selectFrom(SCHEDULES).select(['at', 'office_hours']).where('account_id', '=', accountId).where('box', '=', box);
    const [before, rows] = await Promise.all([
      base.where('at', '<', from).orderBy('at', 'desc').limit(1).executeTakeFirst(),
      base.where('at', '>=', from).where('at', '<', to).orderBy('at').execute(),
    ]);
    const toRecord = (r: { at: number; office_hours: string | null }): ScheduleRecord => ({ at: Number(r.at), hours: parseHours(r.office_hours) });
    return { initial: before ? toRecord(before) : null, rows: rows.map(toRecord) };
  }

  async latestSchedule(accountId: string, box: string): Promise<ScheduleRecord | null> {
    const r = await this.db.selectFrom(SCHEDULES).select(['at', 'office_hours']).where('account_id', '=', accountId).where('box', '=', box)
      .orderBy('at', 'desc').limit(1).executeTakeFirst();
    return r ? { at: Number(r.at), hours: parseHours(r.office_hours) } : null;
  }

  async recordSchedule(accountId: string, box: string, at: number, hours: OfficeHours | null): Promise<void> {
    await this.db.insertInto(SCHEDULES).values({ account_id: accountId, box, at, office_hours: hoursColumn(hours) })
      // Two writes in the same millisecond: the later one is what is in force.
      .onConflict((oc) => oc.columns(['account_id', 'box', 'at']).doUpdateSet({ office_hours: hoursColumn(hours) })).execute();
  }

  /**
   * Deletes rows older than `cutoff`, except the newest one before it of each agent, box and
   * schedule: that row is the state in force at the cutoff, which a report starting there needs.
   */
  async prune(cutoff: number): Promise<number> {
    const agents = await sql`delete from history_agent_events where at < ${cutoff} and at < (
      select max(n.at) from history_agent_events n where n.agent_id = history_agent_events.agent_id and n.at < ${cutoff})`.execute(this.db);
    const boxes = await sql`delete from history_box_events where at < ${cutoff} and at < (
      select max(n.at) from history_box_events n where n.account_id = history_box_events.account_id and n.box = history_box_events.box and n.at < ${cutoff})`.execute(this.db);
    const schedules = await sql`delete from history_schedules where at < ${cutoff} and at < (
      select max(n.at) from history_schedules n where n.account_id = history_schedules.account_id and n.box = history_schedules.box and n.at < ${cutoff})`.execute(this.db);
    return [agents, boxes, schedules].reduce((sum, r) => sum + Number(r.numAffectedRows ?? 0), 0);
  }
}
