// Wires the event log into a node: the hub's change hooks write events, the schedule in force for
// each chat box is recorded when its account is loaded and after every configuration change (so a report for last
// month uses last month's office hours), and old events are pruned in the background.
import type { Logger } from 'pino';
import type { Clock } from '../../common/clock.js';
import type { OfficeHours } from '../../common/office-hours.js';
import { TIMINGS } from '../../common/timings.js';
import type { AccountState } from '../presence/account-state.js';
import type { PresenceHooks } from '../presence/change-hooks.js';
import type { Store } from '../store/store.js';
import { historyHooks } from './history-hooks.js';
import { HistoryStore } from './history-store.js';

export interface HistoryOptions {
  store: Store;
  clock: Clock;
  /** 0 = history off (`--history-days 0`): no rows written, nothing pruned, reports refused. */
  retentionMs: number;
  log?: Logger | undefined;
}

const sameHours = (a: OfficeHours | null, b: OfficeHours | null): boolean => JSON.stringify(a) === JSON.stringify(b);

export class HistoryService {
  readonly store: HistoryStore;
  private pruneTimer: NodeJS.Timeout | null = null;
  /** Schedule writes in flight, so close() and tests can wait for them. */
  private pending = Promise.resolve();

  constructor(private readonly opts: HistoryOptions) {
    this.store = HistoryStore.open(opts.store.tables());
  }

  /** False with `--history-days 0`: the log is neither written nor pruned (docs/decisions.md). */
  get recording(): boolean {
    return this.opts.retentionMs > 0;
  }

  /** For HubOptions.hooks: registered before the hub boots, so boot statuses are recorded too. */
  hooks(): PresenceHooks {
    // Off: no hook at all, so a status change commits exactly as it would without the feature.
    if (!this.recording) return {};
    return {
      ...historyHooks(this.opts.clock),
      // Every node reloads the configuration; the node that wrote it records the schedules.
      configApplied: (state, origin) => { if (origin === 'here' && !this.closed) this.recordSchedules(state); },
      // Each account's schedules as this node first sees them (at boot or on first use, issue 20).
      accountLoaded: (state) => { if (!this.closed) this.recordSchedules(state); },
    };
  }

  /** After the hub booted: the schedules of the accounts it loaded are written, a first prune, then one every hour. */
  async start(): Promise<void> {
    // Off: rows from earlier runs stay as they are (an operator's switch must not delete a year).
    if (!this.recording) return;
    await this.pending;
    await this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), TIMINGS.historyPruneEveryMs);
    this.pruneTimer.unref();
  }

  /** Deletes what is older than the retention (keeping each key's state at the cutoff); returns the count. */
  async prune(): Promise<number> {
    if (!this.recording) return 0;
    try {
      return await this.store.prune(this.opts.clock.now() - this.opts.retentionMs);
    } catch (err) {
      this.opts.log?.error({ err }, 'pruning the status history failed; trying again later');
      return 0;
    }
  }

  /** Resolves once the schedule records written so far are committed. */
  settled(): Promise<void> {
    return this.pending;
  }

  private closed = false;

  async close(): Promise<void> {
    this.closed = true;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.pending;
  }

  /** The website's and each group's schedule, when it differs from the last one recorded. */
  private recordSchedules(state: AccountState): void {
    const accountId = state.account.id;
    const boxes: [string, OfficeHours | null][] = [['', state.scheduleOf(null)], ...[...state.groups.keys()].map((g): [string, OfficeHours | null] => [g, state.scheduleOf(g)])];
    const at = this.opts.clock.now();
    this.pending = this.pending.then(async () => {
      for (const [box, hours] of boxes) {
        const last = await this.store.latestSchedule(accountId, box);
        if (!last || !sameHours(last.hours, hours)) await this.store.recordSchedule(accountId, box, at, hours);
      }
    }).catch((err: unknown) => this.opts.log?.error({ err }, 'recording office hours in the history failed'));
  }
}
