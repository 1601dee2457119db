// The webhook tables of migration 0006_webhooks, with the same Kysely queries on SQLite and
// PostgreSQL. The claims that keep one delivery in flight per endpoint across a cluster live here:
// an endpoint is leased (owner + lease_until) by a conditional write, so a node that dies
// mid-delivery loses it when the lease runs out and another node retries the same delivery.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { WebhookEventType, WebhookFormat } from '../../common/webhook-schemas.js';
import { newId } from '../ids.js';
import type { Database } from '../store/rows.js';
import type { ExtraRow, Store } from '../store/store.js';

interface Tables {
  webhook_endpoints: {
    id: string; account_id: string; url: string; events: string; description: string; format: string; secret: string; enabled: number;
    disabled_reason: string | null; failing_since: number | null; lease_owner: string | null; lease_until: number | null; created_at: number;
  };
  webhook_events: { seq?: number; id: string; account_id: string; type: string; body: string; created_at: number };
  webhook_deliveries: { id: string; endpoint_id: string; event_seq: number; event_id: string; type: string; body: string; attempts: number; next_at: number; created_at: number };
  webhook_attempts: { id: string; endpoint_id: string; event_id: string; type: string; at: number; status: number | null; error: string | null; duration_ms: number };
  coverage_gaps: { key: string; account_id: string; group_id: string | null; since: number; started_at: number | null };
}

type Db = Kysely<Tables & Database>;
type Tx = Transaction<Tables & Database>;

export interface EndpointRow {
  id: string;
  accountId: string;
  url: string;
  events: WebhookEventType[];
  description: string;
  format: WebhookFormat;
  secret: string;
  enabled: boolean;
  disabledReason: 'failing' | null;
  failingSince: number | null;
  createdAt: number;
}

export interface DeliveryRow { id: string; endpointId: string; eventSeq: number; eventId: string; type: string; body: string; attempts: number; nextAt: number }
export interface AttemptRow { at: number; eventId: string; type: string; status: number | null; error: string | null; durationMs: number }
export interface GapRow { key: string; accountId: string; groupId: string | null; since: number; startedAt: number | null }

/** The outcome of one attempt, written with the delivery's new state in one transaction. */
export interface AttemptOutcome {
  ok: boolean;
  at: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  /** Failed: when to try again. */
  retryAt: number;
  /** Failed for so long that the endpoint is disabled now. */
  disable: boolean;
}

const n = (v: unknown): number => Number(v);
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const toGap = (r: Tables['coverage_gaps']): GapRow => ({ key: r.key, accountId: r.account_id, groupId: r.group_id, since: n(r.since), startedAt: nn(r.started_at) });

const toEndpoint = (r: Tables['webhook_endpoints']): EndpointRow => ({
  id: r.id, accountId: r.account_id, url: r.url, events: JSON.parse(r.events) as WebhookEventType[], description: r.description,
  format: r.format as WebhookFormat, secret: r.secret, enabled: n(r.enabled) === 1, disabledReason: (r.disabled_reason ?? null) as 'failing' | null,
  failingSince: nn(r.failing_since), createdAt: n(r.created_at),
});

/** Attempts kept per endpoint (SPEC 10: the last 100 are shown). */
export const ATTEMPTS_KEPT = 100;
/** Any constant works; it only has to be the same on every node (fan-out runs on one node at a time). */
const FANOUT_LOCK_KEY = 726_173_017;

export class WebhookStore {
  private readonly db: Db;
  readonly postgres: boolean;

  /** The store's one-statement path (direct on the embedded store: store.ts `runOne`). */
  private readonly one: Store['runOne'];

  constructor(store: Pick<Store, 'db' | 'kind' | 'runOne'>) {
    this.db = store.db as unknown as Db;
    this.one = (key, params, build) => store.runOne(key, params, build);
    this.postgres = store.kind === 'postgres';
  }

  async createEndpoint(accountId: string, e: { url: string; events: WebhookEventType[]; description: string; format: WebhookFormat; secret: string }, now: number): Promise<EndpointRow> {
    const row = {
      id: newId(), account_id: accountId, url: e.url, events: JSON.stringify(e.events), description: e.description, format: e.format, secret: e.secret,
      enabled: 1, disabled_reason: null, failing_since: null, lease_owner: null, lease_until: null, created_at: now,
    };
    await this.db.insertInto('webhook_endpoints').values(row).execute();
    return toEndpoint(row);
  }

  async getEndpoint(id: string): Promise<EndpointRow | null> {
    const r = await this.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toEndpoint(r) : null;
  }

  async listEndpoints(accountId: string): Promise<EndpointRow[]> {
    return (await this.db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute()).map(toEndpoint);
  }

  /** Re-enabling clears the failure run and makes the waiting deliveries due at once. */
  async updateEndpoint(id: string, patch: { url?: string; events?: WebhookEventType[]; description?: string; format?: WebhookFormat; enabled?: boolean }, now: number): Promise<EndpointRow | null> {
    const values: Partial<Tables['webhook_endpoints']> = {};
    if (patch.url !== undefined) values.url = patch.url;
    if (patch.events !== undefined) values.events = JSON.stringify(patch.events);
    if (patch.description !== undefined) values.description = patch.description;
    if (patch.format !== undefined) values.format = patch.format;
    if (patch.enabled !== undefined) {
      values.enabled = patch.enabled ? 1 : 0;
      values.disabled_reason = null;
      if (patch.enabled) values.failing_since = null;
    }
    await this.db.transaction().execute(async (tx) => {
      if (Object.keys(values).length > 0) await tx.updateTable('webhook_endpoints').set(values).where('id', '=', id).execute();
      if (patch.enabled === true) await tx.updateTable('webhook_deliveries').set({ next_at: now }).where('endpoint_id', '=', id).execute();
    });
    return this.getEndpoint(id);
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
      await tx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
      await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    });
  }

  /** Accounts with at least one enabled endpoint: only their changes are written to the outbox. */
  async accountsWithEndpoints(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('webhook_endpoints').select('account_id').distinct().where('enabled', '=', 1).execute();
    return new Set(rows.map((r) => r.account_id));
  }

  async appendEvent(row: ExtraRow): Promise<void> {
    await this.db.insertInto('webhook_events').values(row.values as Tables['webhook_events']).execute();
  }

  /**
   * Moves outbox events into one delivery per enabled endpoint subscribed to their type (a test
   * event names its one endpoint). One node at a time (an advisory lock on PostgreSQL; SQLite is
   * one node), in `seq` order, so deliveries of an endpoint are ordered like the commits.
   */
  async fanOut(now: number, limit = 200): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      if (this.postgres) {
        const got = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${FANOUT_LOCK_KEY}) as locked`.execute(tx);
        if (!got.rows[0]?.locked) return 0;
      }
      const events = await tx.selectFrom('webhook_events').selectAll().orderBy('seq').limit(limit).execute();
      if (events.length === 0) return 0;
      const accounts = [...new Set(events.map((e) => e.account_id))];
      const endpoints = (await tx.selectFrom('webhook_endpoints').selectAll().where('account_id', 'in', accounts).where('enabled', '=', 1).execute()).map(toEndpoint);
      for (const e of events) {
        const parsed = JSON.parse(e.body) as { endpointId?: string };
        const targets = e.type === 'webhook.test' ? endpoints.filter((x) => x.id === parsed.endpointId) : endpoints.filter((x) => x.accountId === e.account_id && x.events.includes(e.type as WebhookEventType));
        for (const target of targets) {
          await tx.insertInto('webhook_deliveries').values({
            id: `dlv_${newId()}`, endpoint_id: target.id, event_seq: n(e.seq), event_id: e.id, type: e.type, body: stripTarget(e.body, e.type), attempts: 0, next_at: now, created_at: now,
          }).execute();
        }
      }
      await tx.deleteFrom('webhook_events').where('seq', 'in', events.map((e) => n(e.seq))).execute();
      return events.length;
    });
  }

  /**
   * Leases up to `limit` endpoints whose oldest waiting delivery is due and that nobody holds.
   * PostgreSQL: `FOR UPDATE SKIP LOCKED` so nodes claiming together never wait on each other, then
   * the lease is written in the same transaction. SQLite: one writer, the same conditional update.
   */
  async claimEndpoints(owner: string, now: number, leaseMs: number, limit: number, busy: readonly string[] = []): Promise<string[]> {
    if (limit <= 0) return [];
    return this.db.transaction().execute(async (tx) => {
      let q = tx.selectFrom('webhook_endpoints as e').select('e.id')
        .where('e.enabled', '=', 1)
        .where((eb) => eb.or([eb('e.lease_until', 'is', null), eb('e.lease_until', '<', now)]))
        .where((eb) => eb.exists(
          eb.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.endpoint_id', '=', 'e.id').where('d.next_at', '<=', now)
            .where((inner) => inner.not(inner.exists(inner.selectFrom('webhook_deliveries as o').select('o.id').whereRef('o.endpoint_id', '=', 'd.endpoint_id').whereRef('o.event_seq', '<', 'd.event_seq'))))))
        .orderBy('e.id').limit(limit);
      if (busy.length > 0) q = q.where('e.id', 'not in', busy);
      if (this.postgres) q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await tx.updateTable('webhook_endpoints').set({ lease_owner: owner, lease_until: now + leaseMs }).where('id', 'in', ids)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])).execute();
      const won = await tx.selectFrom('webhook_endpoints').select('id').where('id', 'in', ids).where('lease_owner', '=', owner).where('lease_until', '=', now + leaseMs).execute();
      return won.map((r) => r.id);
    });
  }

  /** The endpoint and its oldest waiting delivery (the only one that may be sent: order per endpoint). */
  async head(endpointId: string): Promise<{ endpoint: EndpointRow; delivery: DeliveryRow } | null> {
    const endpoint = await this.getEndpoint(endpointId);
    if (!endpoint) return null;
    const d = await this.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('event_seq').limit(1).executeTakeFirst();
    if (!d) return null;
    return { endpoint, delivery: { id: d.id, endpointId, eventSeq: n(d.event_seq), eventId: d.event_id, type: d.type, body: d.body, attempts: n(d.attempts), nextAt: n(d.next_at) } };
  }

  /** Records an attempt and its consequence, and gives the lease back, in one transaction. */
  async finishAttempt(owner: string, delivery: DeliveryRow, out: AttemptOutcome): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('webhook_attempts').values({
        id: newId(), endpoint_id: delivery.endpointId, event_id: delivery.eventId, type: delivery.type, at: out.at, status: out.status, error: out.error, duration_ms: Math.round(out.durationMs),
      }).execute();
      if (out.ok) {
        await tx.deleteFrom('webhook_deliveries').where('id', '=', delivery.id).execute();
        await tx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', delivery.endpointId).execute();
      } else {
        await tx.updateTable('webhook_deliveries').set({ attempts: delivery.attempts + 1, next_at: out.retryAt }).where('id', '=', delivery.id).execute();
        await tx.updateTable('webhook_endpoints').set({ failing_since: out.at }).where('id', '=', delivery.endpointId).where('failing_since', 'is', null).execute();
        if (out.disable) await tx.updateTable('webhook_endpoints').set({ enabled: 0, disabled_reason: 'failing' }).where('id', '=', delivery.endpointId).execute();
      }
      await this.prune(tx, delivery.endpointId);
      await tx.updateTable('webhook_endpoints').set({ lease_owner: null, lease_until: null }).where('id', '=', delivery.endpointId).where('lease_owner', '=', owner).execute();
    });
  }

  async releaseLease(endpointId: string, owner: string): Promise<void> {
    await this.db.updateTable('webhook_endpoints').set({ lease_owner: null, lease_until: null }).where('id', '=', endpointId).where('lease_owner', '=', owner).execute();
  }

  /** A single node starting again holds nothing: its old leases (from before a kill) are void. */
  async releaseAllLeases(): Promise<void> {
    await this.db.updateTable('webhook_endpoints').set({ lease_owner: null, lease_until: null }).where('lease_owner', 'is not', null).execute();
  }

  private async prune(tx: Tx, endpointId: string): Promise<void> {
    const cutoff = await tx.selectFrom('webhook_attempts').select(['at', 'id']).where('endpoint_id', '=', endpointId)
      .orderBy('at', 'desc').orderBy('id', 'desc').offset(ATTEMPTS_KEPT).limit(1).executeTakeFirst();
    if (cutoff) await tx.deleteFrom('webhook_attempts').where('endpoint_id', '=', endpointId).where('at', '<=', n(cutoff.at)).execute();
  }

  async listAttempts(endpointId: string): Promise<AttemptRow[]> {
    const rows = await this.db.selectFrom('webhook_attempts').selectAll().where('endpoint_id', '=', endpointId).orderBy('at', 'desc').orderBy('id', 'desc').limit(ATTEMPTS_KEPT).execute();
    return rows.map((r) => ({ at: n(r.at), eventId: r.event_id, type: r.type, status: nn(r.status), error: r.error, durationMs: n(r.duration_ms) }));
  }

  async pendingCount(): Promise<number> {
    const r = await this.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirst();
    const e = await this.db.selectFrom('webhook_events').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirst();
    return n(r?.c ?? 0) + n(e?.c ?? 0);
  }

  // ---- coverage gaps (the unstaffed alert) ----

  /** The gap of `key`, opened at `since` unless one is already open (a restart keeps the first `since`). */
  async openGap(key: string, accountId: string, groupId: string | null, since: number): Promise<GapRow> {
    // The new row comes back from the insert itself; only a gap already open is read again.
    const insert = () => this.db.insertInto('coverage_gaps').values({ key, account_id: accountId, group_id: groupId, since, started_at: null })
      .onConflict((oc) => oc.column('key').doNothing()).returningAll();
    const made = (await this.one('open-gap', [key, accountId, groupId, since, null], insert)).rows[0];
    return made ? toGap(made) : (await this.getGap(key))!;
  }

  async getGap(key: string): Promise<GapRow | null> {
    const r = await this.db.selectFrom('coverage_gaps').selectAll().where('key', '=', key).executeTakeFirst();
    return r ? toGap(r) : null;
  }

  async listGaps(accountId?: string): Promise<GapRow[]> {
    let q = this.db.selectFrom('coverage_gaps').selectAll();
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return (await q.execute()).map(toGap);
  }

  /** Marks the gap started with its event, once per cluster (the conditional update decides who). */
  async startGap(key: string, since: number, at: number, event: ExtraRow): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const res = await tx.updateTable('coverage_gaps').set({ started_at: at }).where('key', '=', key).where('since', '=', since).where('started_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await tx.insertInto('webhook_events').values(event.values as Tables['webhook_events']).execute();
      return true;
    });
  }

  /**
   * Closes the gap; a started one gets its end event in the same transaction, once per cluster.
   * `notStarted`: the caller knows the gap as not started (the common case, a gap shorter than
   * the alert's threshold), so one conditional delete may end it, with no event to write; when it
   * misses (another node started the gap, or there is none) the full round below decides.
   */
  async endGap(key: string, event: (gap: GapRow) => ExtraRow, opts: { notStarted?: boolean } = {}): Promise<boolean> {
    if (opts.notStarted) {
      const res = await this.one('end-unstarted-gap', [key], () => this.db.deleteFrom('coverage_gaps').where('key', '=', key).where('started_at', 'is', null));
      if (Number(res.numAffectedRows) === 1) return false;
    }
    // The delete names the state it read, so a start committed by another node in between makes
    // it miss; the next round then sees the started gap and writes its end (no end is lost).
    for (let round = 0; round < 5; round++) {
      const outcome = await this.db.transaction().execute(async (tx) => {
        const r = await tx.selectFrom('coverage_gaps').selectAll().where('key', '=', key).executeTakeFirst();
        if (!r) return 'gone' as const;
        const res = await tx.deleteFrom('coverage_gaps').where('key', '=', key).where('since', '=', r.since)
          .where('started_at', r.started_at === null ? 'is' : '=', r.started_at).executeTakeFirst();
        if (Number(res.numDeletedRows) !== 1) return 'raced' as const;
        if (r.started_at === null) return 'gone' as const;
        const gap = toGap(r);
        await tx.insertInto('webhook_events').values(event(gap).values as Tables['webhook_events']).execute();
        return 'ended' as const;
      });
      if (outcome !== 'raced') return outcome === 'ended';
    }
    return false;
  }
}

/** A test event names its endpoint for the fan-out; the receiver does not need to see that. */
function stripTarget(body: string, type: string): string {
  if (type !== 'webhook.test') return body;
  const { endpointId: _drop, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(rest);
}
