// Which accounts this node holds in memory (issue 20). The boot loads, in bulk, only accounts with
// time-driven work of their own (Store.listWatchedAccountIds: boot grace, timed statuses); every
// other account loads on its first socket or request, concurrent first uses sharing one load; and
// an account with nothing left to watch is dropped after TIMINGS.accountIdleMs, to be read whole
// from the store on its next use. The hub supplies what a first load does (`activate`) and what
// it must undo on a drop; this file owns only the when.
import { repeatEvery, type Clock } from '../../common/clock.js';
import { TIMINGS } from '../../common/timings.js';
import { groupBy } from '../store/rows.js';
import type { Store } from '../store/store.js';
import type { AccountDirectory } from './account-directory.js';
import { liveDevices, type AccountState } from './account-state.js';

/** Accounts per bulk read at boot (well under SQLite's and PostgreSQL's bound-parameter limits). */
const BOOT_BATCH = 500;

export interface ResidencyOptions {
  store: Store;
  clock: Clock;
  directory: AccountDirectory;
  /** A first load: timers, boot grace, the first statuses (the hub). */
  activate(state: AccountState): Promise<void>;
  /** Widgets of the account mid-broadcast on this node: not dropped under them. */
  busy(accountId: string): boolean;
  /** A drop: the account's own timers stop and the bus stops following it. */
  forget(state: AccountState): void;
}

export class AccountResidency {
  /** Features that need an account kept in memory (webhooks: endpoints, open gaps, admins). */
  private readonly keepers = new Set<(accountId: string) => boolean>();
  private sweep: { cancel(): void } | null = null;
  /** Accounts dropped as idle since start (tests, operations). */
  dropped = 0;

  constructor(private readonly opts: ResidencyOptions) {}

  /** Loads the watched accounts in a few reads per BOOT_BATCH, then starts the idle sweep. */
  async boot(): Promise<void> {
    const { store, directory } = this.opts;
    // In bulk: a restart with thousands of agents online stays well inside the grace window.
    const watched = await store.listWatchedAccountIds();
    for (let i = 0; i < watched.length; i += BOOT_BATCH) {
      const { accounts, groups, agents } = await store.readAccounts(watched.slice(i, i + BOOT_BATCH));
      const groupsOf = groupBy(groups, (g) => g.accountId);
      const agentsOf = groupBy(agents, (a) => a.accountId);
      for (const row of accounts) await directory.ensure(row.id, (state) => this.opts.activate(state), { row, groups: groupsOf.get(row.id) ?? [], agents: agentsOf.get(row.id) ?? [] });
    }
    this.sweep = repeatEvery(this.opts.clock, TIMINGS.accountIdleScanMs, () => this.dropIdle());
  }

  stop(): void {
    this.sweep?.cancel();
    this.sweep = null;
  }

  /** The account, loaded on its first use; undefined when it does not exist. */
  ensure(accountId: string, ready: AccountState | undefined): Promise<AccountState | undefined> {
    if (ready) {
      ready.lastUsed = this.opts.clock.now();
      return Promise.resolve(ready);
    }
    return this.opts.directory.ensure(accountId, (state) => this.opts.activate(state));
  }

  /** The account of a site key, loaded on its first use; `lookup` finds a ready one by id. */
  async ensureBySite(siteKey: string, ready: AccountState | undefined, lookup: (accountId: string) => AccountState | undefined): Promise<AccountState | undefined> {
    if (ready) {
      ready.lastUsed = this.opts.clock.now();
      return ready;
    }
    const row = await this.opts.store.getAccountBySiteKey(siteKey);
    if (!row) return undefined;
    // Loaded meanwhile by another caller, or loading: that one; else this row saves a read.
    return lookup(row.id) ?? this.opts.directory.ensure(row.id, (state) => this.opts.activate(state), row);
  }

  /** A feature keeps the accounts it answers true for in memory; returns its removal. */
  keepLoaded(keeper: (accountId: string) => boolean): () => void {
    this.keepers.add(keeper);
    return () => this.keepers.delete(keeper);
  }

  /**
   * Drops accounts with nothing of their own to watch: no socket or widget here, every agent
   * offline (or disabled) with no device anywhere, no grace and no timer, no keeper, and unused for
   * `idleMs` (tests pass 0). Returns how many were dropped.
   */
  dropIdle(idleMs: number = TIMINGS.accountIdleMs): number {
    const { directory, clock } = this.opts;
    const now = clock.now();
    const before = this.dropped;
    for (const state of [...directory.all()]) {
      const id = state.account.id;
      if (now - state.lastUsed < idleMs || directory.loadingNow(id) || this.opts.busy(id)) continue;
      if ([...this.keepers].some((keep) => keep(id))) continue;
      const quiet = [...state.agents.values()].every((a) => liveDevices(a) === 0 && a.graceUntil === null && a.row.timerUntil === null && (a.row.intent === 'offline' || a.row.disabled));
      if (!quiet) continue;
      directory.remove(state);
      this.opts.forget(state);
      this.dropped += 1;
    }
    return this.dropped - before;
  }
}
