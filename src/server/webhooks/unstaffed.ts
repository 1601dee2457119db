// The unstaffed alert (SPEC 10): a chat box inside its office hours but offline because nobody is
// online (`no_agents_online`) for the account's `alerts.unstaffedMinutes` gets coverage.gap.started
// once; coverage.gap.ended follows when it is online again, its hours close or the alert is
// switched off. The gap lives in `coverage_gaps`, so a restart keeps its first `since` (no second
// start) and still ends it; the start and end are conditional writes, so a cluster fires each once.
// Every node watches every chat box (a sweep each webhookPollMs, plus the change hook at once);
// the exact instant comes from a timer at since + threshold on the injected clock.
import type { Logger } from 'pino';
import { repeatEvery, setTimeoutAt, type Clock } from '../../common/clock.js';
import { TIMINGS } from '../../common/timings.js';
import type { PresenceHub } from '../presence/hub.js';
import { makeEvent, outboxRow } from './events.js';
import type { GapRow, WebhookStore } from './webhook-store.js';

export interface UnstaffedOptions {
  hub: PresenceHub;
  store: WebhookStore;
  clock: Clock;
  log?: Logger | undefined;
  /** An event was committed: wake the dispatcher. */
  committed: () => void;
  /**
   * Whether anyone listens to this account's alerts: an enabled endpoint, or an admin connected
   * (the banner and the tray read GET /alerts). Only those accounts are tracked; when nobody
   * listens any more the gap ends (`alert_off`), and a later look dates it again from the chat
   * box's own instant, so the `since` an admin sees is the same.
   */
  wants: (accountId: string) => boolean;
  /**
   * One node alone writes the gaps (the embedded store, as the dispatcher's `singleNode`): every
   * gap row is one this node opened or read at start, so a chat box change with no gap known here
   * needs no query to end one (issue 20: that query ran on every change of every chat box).
   */
  alone?: boolean;
}

/** What this node last saw of one chat box's gap; the table is the truth, this saves queries. */
interface Known { since: number; started: boolean; timer: { cancel(): void } | null; due: number }

const keyOf = (accountId: string, group: string | null): string => `${accountId}:${group ?? ''}`;

export class UnstaffedMonitor {
  private readonly known = new Map<string, Known>();
  private readonly busy = new Map<string, Promise<void>>();
  private readonly recheck = new Set<string>();
  /** Alone: boxes whose row this node lost track of (a start that missed); ended with a query. */
  private readonly unsure = new Set<string>();
  private sweeper: { cancel(): void } | null = null;
  private sweeps = 0;
  private closed = false;

  constructor(private readonly opts: UnstaffedOptions) {}

  async start(): Promise<void> {
    for (const gap of await this.opts.store.listGaps()) {
      // The gap's account is watched in memory (issue 20: accounts load on first use); a deleted one ends it.
      await this.opts.hub.ensureAccount(gap.accountId);
      this.known.set(gap.key, { since: gap.since, started: gap.startedAt !== null, timer: null, due: 0 });
    }
    this.sweep();
    this.sweeper = repeatEvery(this.opts.clock, TIMINGS.webhookPollMs, () => this.sweep());
  }

  close(): Promise<void> {
    this.closed = true;
    this.sweeper?.cancel();
    for (const k of this.known.values()) k.timer?.cancel();
    return Promise.allSettled([...this.busy.values()]).then(() => undefined);
  }

  private async adopt(): Promise<void> {
    for (const gap of await this.opts.store.listGaps()) {
      if (this.known.has(gap.key) || this.busy.has(gap.key)) continue;
      await this.opts.hub.ensureAccount(gap.accountId);
      this.known.set(gap.key, { since: gap.since, started: gap.startedAt !== null, timer: null, due: 0 });
    }
  }

  /** A gap of the account is known here (its account must stay in memory until the gap ends). */
  tracks(accountId: string): boolean {
    for (const key of this.known.keys()) if (key.startsWith(`${accountId}:`)) return true;
    return false;
  }

  /** A chat box changed (the change hook): look at it now rather than at the next sweep. */
  observe(accountId: string, group: string | null): void {
    this.check(accountId, group, true);
  }

  private sweep(): void {
    if (this.closed) return;
    // Now and then, adopt gaps other nodes opened (one that died must not leave a gap unended).
    if (++this.sweeps % 30 === 0) void this.adopt().catch((err: unknown) => this.opts.log?.error({ err }, 'reading coverage gaps failed'));
    for (const state of this.opts.hub.allAccounts()) {
      this.check(state.account.id, null);
      for (const id of state.groups.keys()) this.check(state.account.id, id);
    }
    // Gaps of chat boxes that no longer exist (a deleted group) end too.
    for (const key of this.known.keys()) {
      const [accountId, group] = key.split(':') as [string, string];
      const state = this.opts.hub.account(accountId);
      if (!state || (group !== '' && !state.groups.has(group))) this.queue(key, () => this.end(key, 'removed', this.opts.clock.now()));
    }
  }

  /**
   * Synchronous and cheap when nothing differs from what this node knows. `recorded`: this node
   * records the change (the hook), so it ends a gap even one it did not know of (another node
   * opened it); sweeps only act on what they know, to stay free of queries.
   */
  private check(accountId: string, group: string | null, recorded = false): void {
    if (this.closed) return;
    const state = this.opts.hub.account(accountId);
    if (!state) return;
    const minutes = this.opts.wants(accountId) ? state.account.alerts.unstaffedMinutes : 0;
    const status = this.opts.hub.widgetStatus(state, group);
    const key = keyOf(accountId, group);
    const known = this.known.get(key);
    const unstaffed = minutes > 0 && !status.online && status.reason === 'no_agents_online';
    if (!unstaffed) {
      const mayHaveRow = known !== undefined || (recorded && (!this.opts.alone || this.unsure.has(key)));
      if (mayHaveRow) this.queue(key, () => this.end(key, status.online ? 'online' : minutes === 0 ? 'alert_off' : 'closed', Date.parse(status.at)));
      return;
    }
    // Never in the future: a status dated by another clock (boot dates by the last commit) must not push the alert out.
    const since = Math.min(Date.parse(status.at), this.opts.clock.now());
    if (!known) {
      this.queue(key, () => this.open(key, accountId, group, since));
      return;
    }
    const due = known.since + minutes * 60_000;
    if (!known.started && known.due !== due) this.arm(key, known, due);
  }

  /**
   * One operation per chat box at a time. A change seen while one runs is not dropped: the box is
   * looked at again once it finishes (a box that went online and offline again inside one write).
   */
  private queue(key: string, op: () => Promise<void>): void {
    if (this.busy.has(key)) {
      this.recheck.add(key);
      return;
    }
    const p = op().catch((err: unknown) => this.opts.log?.error({ err, key }, 'unstaffed alert bookkeeping failed')).finally(() => {
      this.busy.delete(key);
      if (this.recheck.delete(key)) {
        const [accountId, group] = key.split(':') as [string, string];
        this.check(accountId, group === '' ? null : group);
      }
    });
    this.busy.set(key, p);
  }

  private async open(key: string, accountId: string, group: string | null, since: number): Promise<void> {
    const gap = await this.opts.store.openGap(key, accountId, group, since);
    this.unsure.delete(key);
    const known: Known = { since: gap.since, started: gap.startedAt !== null, timer: null, due: 0 };
    this.known.set(key, known);
    this.check(accountId, group);
  }

  private arm(key: string, known: Known, due: number): void {
    known.timer?.cancel();
    // Already past (the gap was read back after a restart, or opened while time moved on): now.
    // `due` is not recorded then: when the box is busy (this runs inside `open`) the fire waits
    // for the recheck, and that recheck must arm it again rather than find it armed.
    if (due <= this.opts.clock.now()) {
      known.timer = null;
      known.due = 0;
      this.queue(key, () => this.fire(key, known, due));
      return;
    }
    known.due = due;
    known.timer = setTimeoutAt(this.opts.clock, due, () => this.queue(key, () => this.fire(key, known, due)));
  }

  /** The threshold passed: start the gap if the box is still unstaffed, dated at the exact instant. */
  private async fire(key: string, known: Known, due: number): Promise<void> {
    const [accountId, group] = key.split(':') as [string, string];
    const groupId = group === '' ? null : group;
    const state = this.opts.hub.account(accountId);
    if (!state) return;
    const status = this.opts.hub.widgetStatus(state, groupId);
    if (status.online || status.reason !== 'no_agents_online') return;
    const event = makeEvent(accountId, 'coverage.gap.started', due, { groupId, groupName: groupId === null ? null : state.groups.get(groupId)?.name ?? null, since: new Date(known.since).toISOString() });
    if (await this.opts.store.startGap(key, known.since, due, outboxRow(event, this.opts.clock.now()))) {
      known.started = true;
      this.opts.committed();
    } else {
      // Another node started it, or the gap was closed and reopened meanwhile: read it again.
      this.known.delete(key);
      this.unsure.add(key);
    }
  }

  /** `at`: when the chat box stopped being unstaffed (its status's own instant, e.g. the closing time). */
  private async end(key: string, reason: string, at: number): Promise<void> {
    const known = this.known.get(key);
    known?.timer?.cancel();
    this.known.delete(key);
    const now = this.opts.clock.now();
    const ended = await this.opts.store.endGap(key, (gap: GapRow) => {
      const name = gap.groupId === null ? null : this.opts.hub.account(gap.accountId)?.groups.get(gap.groupId)?.name ?? null;
      return outboxRow(makeEvent(gap.accountId, 'coverage.gap.ended', at, { groupId: gap.groupId, groupName: name, since: new Date(gap.since).toISOString(), endedAt: new Date(at).toISOString(), reason }), now);
    }, { notStarted: known !== undefined && !known.started });
    this.unsure.delete(key);
    if (ended) this.opts.committed();
  }
}
