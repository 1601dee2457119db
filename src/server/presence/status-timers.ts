// Timed statuses (SPEC 11): one timer per agent with a pending `until`, armed from the agent's
// row whenever this node learns a row (its own commit, another node's over the bus, boot, a
// reload). Every node arms it; at `until` each tries a conditional update on the row's version
// (Store.setIntentIf), so exactly one node's firing commits and the others' find the version moved.
// A row whose `until` passed while no server ran fires at once at boot.
import { setTimeoutAt, type Clock } from '../../common/clock.js';
import type { AgentRow } from '../store/store.js';

export interface StatusTimerOptions {
  clock: Clock;
  /** The timer of the row at `version` is due; resolves when its firing is settled (won, lost or failed). */
  onDue(accountId: string, agentId: string, version: number): Promise<void>;
}

interface Armed { version: number; until: number; cancel(): void }

export class StatusTimers {
  private readonly armed = new Map<string, Armed>();

  constructor(private readonly opts: StatusTimerOptions) {}

  /** Arms, re-arms or cancels the agent's timer to match its row. */
  sync(accountId: string, row: AgentRow): void {
    const current = this.armed.get(row.id);
    if (current && current.version === row.version && current.until === row.timerUntil) return;
    this.clear(row.id);
    if (row.timerUntil === null) return;
    const { version } = row;
    const handle = setTimeoutAt(this.opts.clock, row.timerUntil, () => {
      this.armed.delete(row.id);
      void this.opts.onDue(accountId, row.id, version);
    });
    this.armed.set(row.id, { version, until: row.timerUntil, cancel: handle.cancel });
  }

  /** Arms again `delayMs` from now (a firing that could not reach the store). */
  retry(accountId: string, row: AgentRow, delayMs: number): void {
    this.sync(accountId, { ...row, timerUntil: Math.max(row.timerUntil ?? 0, this.opts.clock.now() + delayMs) });
  }

  clear(agentId: string): void {
    this.armed.get(agentId)?.cancel();
    this.armed.delete(agentId);
  }

  get pending(): number {
    return this.armed.size;
  }

  cancelAll(): void {
    for (const id of [...this.armed.keys()]) this.clear(id);
  }
}
