// Grace deadlines (SPEC 2.1): how long an agent that lost its last device still counts as
// connected, and the one timer per agent that re-evaluates it when the deadline passes. The
// deadline itself lives on the AgentState (`graceUntil`, what the rules read); this module is the
// only one that sets, arms or clears it.
import { setTimeoutAt, type Clock } from '../../common/clock.js';
import type { Departure } from '../../common/presence-rules.js';
import type { AccountState, AgentState } from './account-state.js';

export interface GraceOptions {
  clock: Clock;
  /** After an unclean loss of the last device, and from boot. */
  graceMs: number;
  /** After the last device was a browser tab that went away (SPEC 2.1 tab grace); capped at graceMs. */
  tabGraceMs: number;
  /** Called when an armed deadline passes (the hub confirms and recomputes). */
  onDue(state: AccountState, agent: AgentState, until: number): void;
}

export class GraceTimers {
  constructor(private readonly opts: GraceOptions) {}

  /**
   * The deadline for a last device that left at `from` in this way (null: no grace at all). The
   * one place that maps a departure to its window, for the single node and the cluster alike.
   */
  deadline(from: number, departure: Departure): number | null {
    if (departure === 'clean') return null;
    return from + (departure === 'tab' ? this.tabGraceMs : this.opts.graceMs);
  }

  /** The tab grace in force (what `welcome.tabGraceMs` tells the dashboard). */
  get tabGraceMs(): number {
    return Math.min(this.opts.tabGraceMs, this.opts.graceMs);
  }

  /** The full window from `from` (boot, a cluster node that lost Redis' record of a device). */
  fullWindow(from: number): number {
    return from + this.opts.graceMs;
  }

  /** The agent's last device left: start the grace its departure earns (or end it at once). */
  start(state: AccountState, agent: AgentState, from: number, departure: Departure): void {
    const until = this.deadline(from, departure);
    if (until === null) this.clear(agent);
    else this.arm(state, agent, until);
  }

  /** Sets the deadline and arms its timer; a deadline already past is only recorded. */
  arm(state: AccountState, agent: AgentState, until: number): void {
    this.clear(agent);
    agent.graceUntil = until;
    if (until <= this.opts.clock.now()) return;
    agent.graceTimer = setTimeoutAt(this.opts.clock, until, () => {
      agent.graceTimer = null;
      this.opts.onDue(state, agent, until);
    });
  }

  /** No grace: a device is live again, the agent left cleanly, or it is gone. */
  clear(agent: AgentState): void {
    agent.graceTimer?.cancel();
    agent.graceTimer = null;
    agent.graceUntil = null;
  }

  /** Shutdown: no timer may fire after the hub closed. */
  cancelAll(accounts: Iterable<AccountState>): void {
    for (const state of accounts) for (const agent of state.agents.values()) agent.graceTimer?.cancel();
  }
}
