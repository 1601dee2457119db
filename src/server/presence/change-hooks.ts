// The one place where features observe presence changes (history events, a webhook outbox):
// - a committed intent change, whose hook rows go into the intent's own transaction, so an
//   acknowledged change always has its rows (SPEC 9, 10);
// - an effective-status change the server made (grace expired, last device gone, device back,
//   boot grace ended, agent disabled), and
// - a chat box change (website or group), recorded once per cluster (by its node, or as idempotent
//   rows every node whose view moved writes alike).
// With no hooks registered the hub skips all of this (the fan-out path pays nothing).
import type { Logger } from 'pino';
import type { ChatBoxStatus, Status } from '../../common/protocol.js';
import type { AgentRow, ExtraRow, Store } from '../store/store.js';
import type { AccountState, NextState } from './account-state.js';

/** Why a recompute happened; `intent` changes are recorded by the intent hook, never twice. */
export type ChangeCause = 'boot' | 'intent' | 'device_attached' | 'device_left' | 'grace_expired' | 'leases' | 'config' | 'schedule' | 'resync';

/**
 * Who records a server-made change: `here` (this node's own commit, device or configuration write),
 * `elsewhere` (another node did and records it), `timer` (every node saw it; one claims it).
 */
export type Origin = 'here' | 'elsewhere' | 'timer';

/** Why a recompute runs: the cause, who records it, and the instant that dates it (the same on every node). */
export interface Why {
  cause: ChangeCause;
  origin: Origin;
  at?: number | undefined;
}

export interface IntentCommit {
  accountId: string;
  /** The row as committed (new version, reason, by, changedAt). */
  row: AgentRow;
  /** The effective status right after the commit (SPEC 9 `status`). */
  effective: Status;
}

export interface EffectiveChange {
  accountId: string;
  row: AgentRow;
  /** null the first time this node sees the agent (boot, a new agent). */
  from: Status | null;
  to: Status;
  cause: ChangeCause;
  /** When the change happened: its cause's instant (a grace deadline, a boundary), the same on every node. */
  at: number;
}

export interface ChatBoxChange {
  accountId: string;
  /** null = the website. */
  group: string | null;
  previous: ChatBoxStatus | null;
  status: ChatBoxStatus;
  cause: ChangeCause;
  at: number;
}

/**
 * A box's history instant: its cause's, unless a later-dated change of that box was recorded
 * already; then just after that one. A change dated by its cause (a grace deadline) can be applied
 * after a later-dated one (the deadline waited for Redis, or the timer ran late on a busy node),
 * and the log would then read "offline, online" where visitors saw "online, offline" (issue 19's
 * committed-log rule found it). Every node that recorded the same earlier change dates it alike.
 */
export function boxInstant(lastRecorded: number | undefined, at: number): number {
  return lastRecorded !== undefined && at < lastRecorded ? lastRecorded + 1 : at;
}

function recordedInstant(state: AccountState, group: string | null, at: number): number {
  const t = boxInstant(state.recordedAt.get(group ?? ''), at);
  state.recordedAt.set(group ?? '', t);
  return t;
}

export interface PresenceHooks {
  /** Rows to commit with the intent, inside its transaction: synchronous, no I/O. */
  intentRows?(commit: IntentCommit): readonly ExtraRow[];
  /** Rows recording an effective change the server made. */
  effectiveRows?(change: EffectiveChange): readonly ExtraRow[];
  chatBoxRows?(change: ChatBoxChange): readonly ExtraRow[];
  /** After rows from this list were committed (e.g. wake a webhook sender); not when it gave none. */
  committed?(): void;
  /** An account's configuration was reloaded (office hours, groups): history records the schedules. */
  configApplied?(state: AccountState, origin: Origin): void;
  /** An account was loaded into this node (boot or first use, issue 20): history records its schedules. */
  accountLoaded?(state: AccountState): void;
}

export interface RecordPorts {
  store: Pick<Store, 'appendRows'>;
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  log?: Logger | undefined;
}

/** The intent's rows for the store's transaction, and the wake-up of the hooks that gave them. */
export interface IntentRows {
  rows: (row: AgentRow) => ExtraRow[];
  /** After the transaction committed: `committed` of each hook with a row in it. */
  committed: () => void;
}

/** How long a record claim is kept: longer than any skew between nodes recomputing the same change. */
const RECORD_CLAIM_MS = 10 * 60_000;

/** A hook's row, so that a write wakes the hooks it holds rows of and no other. */
interface Tagged { hook: PresenceHooks; row: ExtraRow }

/** Each hook once, in registration order (the order of the rows). */
const hooksOf = (list: readonly Tagged[]): PresenceHooks[] => [...new Set(list.map((t) => t.hook))];

export class ChangeHooks {
  private readonly hooks: PresenceHooks[] = [];

  constructor(private readonly ports: RecordPorts) {}

  get empty(): boolean {
    return this.hooks.length === 0;
  }

  add(hooks: PresenceHooks): () => void {
    this.hooks.push(hooks);
    return () => {
      const i = this.hooks.indexOf(hooks);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /**
   * The rows for a commit, or undefined when nobody listens (the store then writes the intent
   * alone); `committed` after the commit wakes only the hooks that gave rows to it.
   */
  intentRows(make: (row: AgentRow) => IntentCommit): IntentRows | undefined {
    if (this.empty) return undefined;
    let gave: PresenceHooks[] = [];
    return {
      rows: (row) => {
        const commit = make(row);
        const tagged = this.hooks.flatMap((hook) => (hook.intentRows?.(commit) ?? []).map((extra) => ({ hook, row: extra })));
        gave = hooksOf(tagged);
        return tagged.map((t) => t.row);
      },
      committed: () => { for (const h of gave) h.committed?.(); },
    };
  }

  configApplied(state: AccountState, origin: Origin): void {
    for (const h of this.hooks) h.configApplied?.(state, origin);
  }

  accountLoaded(state: AccountState): void {
    for (const h of this.hooks) h.accountLoaded?.(state);
  }

  /** The hooks' view of one recompute; an intent's own effective change was recorded with its commit. */
  recordNext(state: AccountState, next: NextState, changedAgentId: string | null, why: Why, at: number): void {
    const accountId = state.account.id;
    const { cause } = why;
    const effective = next.agents
      .filter((d) => !(cause === 'intent' && d.agentId === changedAgentId))
      .map((d) => ({ accountId, row: state.agents.get(d.agentId)!.row, from: d.from, to: d.to, cause, at }));
    const chatBox = next.changed.map((group) => ({
      accountId, group, cause, at: recordedInstant(state, group, at),
      previous: (group === null ? next.previous?.website : next.previous?.groups.get(group)) ?? null,
      status: group === null ? next.snapshot.website : next.snapshot.groups.get(group)!,
    }));
    if (effective.length > 0 || chatBox.length > 0) this.record(effective, chatBox, why.origin, why.at !== undefined);
  }

  /**
   * Server-made changes of one recompute, written once per cluster in one transaction. `shared`:
   * the changes are dated by an instant every node uses (an intent's commit, a lease event's).
   */
  record(effective: readonly EffectiveChange[], chatBox: readonly ChatBoxChange[], origin: Origin, shared = false): void {
    // Another node's change is its to record, except where this node's own view moved and the
    // other's did not (a node back from a Redis cut: its peer's widgets come back online, its own
    // never left): the idempotent rows, dated alike on every node, cover that and cost a no-op
    // insert otherwise. Without a shared instant each node's rows would differ, so none are written.
    if (this.empty || (origin === 'elsewhere' && !shared)) return;
    const rows: Tagged[] = [
      ...effective.flatMap((c) => this.hooks.flatMap((hook) => (hook.effectiveRows?.(c) ?? []).map((row) => ({ hook, row })))),
      ...chatBox.flatMap((c) => this.hooks.flatMap((hook) => (hook.chatBoxRows?.(c) ?? []).map((row) => ({ hook, row })))),
    ];
    if (rows.length === 0) return;
    const first = effective[0] ?? chatBox[0]!;
    const key = `record:${first.accountId}:${first.cause}:${first.at}:${effective.map((c) => c.row.id).join(',')}:${chatBox.map((c) => c.group ?? '').join(',')}`;
    // Idempotent rows (a unique key makes a second insert a no-op) are written by every node that
    // saw the change, so a node dying between its claim and its write loses nothing (issue 16).
    const idempotent = origin !== 'here' ? rows.filter((t) => t.row.ignoreDuplicate) : [];
    const once = idempotent.length > 0 ? rows.filter((t) => !t.row.ignoreDuplicate) : rows;
    // Only the hooks whose rows were in this write are woken: a webhook pass per history row of
    // an account without endpoints cost two transactions per change (issue 20, bench/findings.md).
    const write = (list: readonly Tagged[]): Promise<void> => this.ports.store.appendRows(list.map((t) => t.row)).then(() => { for (const h of hooksOf(list)) h.committed?.(); });
    if (idempotent.length > 0) void write(idempotent).catch((err: unknown) => this.ports.log?.error({ err }, 'recording a presence change failed'));
    if (once.length === 0 || origin === 'elsewhere') return;
    const claimed = origin === 'here' ? Promise.resolve(true) : this.ports.claimOnce(key, RECORD_CLAIM_MS);
    void claimed
      .then((won) => (won ? write(once) : undefined))
      .catch((err: unknown) => this.ports.log?.error({ err }, 'recording a presence change failed'));
  }
}
