// Office-hours timers (SPEC 3): one per account, at the earliest next change of the account's and
// its groups' schedules, re-armed on every configuration write and when it fires. Every node
// recomputes its own widgets at a boundary; the boundary's cluster-wide side effects belong to the
// one node that claims it.
import type { Logger } from 'pino';
import { setTimeoutAt, type Clock } from '../../common/clock.js';
import { TIMINGS } from '../../common/timings.js';
import type { AccountState } from './account-state.js';
import type { DeviceLedger } from './device-ledger.js';

export interface ScheduleTimerOptions {
  clock: Clock;
  ledger: Pick<DeviceLedger, 'claimOnce'>;
  /** Recompute the account at the boundary `at`. */
  onBoundary(state: AccountState, at: number): void;
  log?: Logger | undefined;
}

export class ScheduleTimers {
  /** Office-hours boundaries this node won the cluster-wide claim for (one node per boundary). */
  owned = 0;

  constructor(private readonly opts: ScheduleTimerOptions) {}

  arm(state: AccountState): void {
    state.scheduleTimer?.cancel();
    state.scheduleTimer = null;
    const at = state.nextScheduleChange(this.opts.clock.now());
    if (at === null) return;
    state.scheduleTimer = setTimeoutAt(this.opts.clock, at, () => {
      state.scheduleTimer = null;
      this.opts.onBoundary(state, at);
      void this.opts.ledger.claimOnce(`boundary:${state.account.id}:${at}`, TIMINGS.boundaryClaimTtlMs).then((won) => {
        if (!won) return;
        this.owned += 1;
        this.opts.log?.info({ accountId: state.account.id, at: new Date(at).toISOString() }, 'office-hours boundary (this node owns it)');
      });
    });
  }

  cancelAll(accounts: Iterable<AccountState>): void {
    for (const state of accounts) state.scheduleTimer?.cancel();
  }
}
