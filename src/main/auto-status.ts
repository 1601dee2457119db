// Automatic status changes (SPEC 6): suspend → offline, lock → away, idle → away, and restoring on
// resume, unlock or activity. The app only ever undoes its own change: it remembers the version
// it wrote, and if the status has a different version by then (the agent, another device or an
// admin changed it), it forgets the change and leaves the status alone.
import type { Clock } from '../common/clock.js';
import type { Reason, Status } from '../common/protocol.js';
import type { AgentClientPort, Logger } from './ports.js';
import { silentLogger } from './ports.js';

/** session-end: Windows asked to end the session (query-session-end); undone if it is cancelled. */
export type AutoCause = 'suspend' | 'lock' | 'idle' | 'session-end';
export type AutoAction = Status | 'nothing';

export interface AutoStatusSettings {
  onSuspend: AutoAction;
  onLock: AutoAction;
  idleMinutes: number;
}

interface AutoChange {
  /** What the agent had before the app stepped in; restored when every cause has ended. */
  restoreTo: Status;
  /** The version the app itself wrote last; anything else means someone else took over. */
  version: number;
  causes: Set<AutoCause>;
}

const rank: Record<Status, number> = { online: 0, away: 1, offline: 2 };
const reasonOf: Record<AutoCause, Reason> = { suspend: 'suspend', lock: 'lock', idle: 'idle', 'session-end': 'shutdown' };

export class AutoStatus {
  private change: AutoChange | null = null;
  // Serialized so that lock, suspend and resume arriving back to back apply in order.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly getClient: () => AgentClientPort | null,
    private readonly getSettings: () => AutoStatusSettings,
    private readonly log: Logger = silentLogger,
  ) {}

  /** The pending automatic change, for tests and the tooltip. */
  get pending(): { restoreTo: Status; version: number; causes: AutoCause[] } | null {
    return this.change ? { restoreTo: this.change.restoreTo, version: this.change.version, causes: [...this.change.causes] } : null;
  }

  /** `reason` overrides the cause's own (a Windows logoff is `logout`, not `shutdown`). */
  begin(cause: AutoCause, reason?: Reason): Promise<void> { return this.enqueue(() => this.doBegin(cause, reason)); }
  end(cause: AutoCause): Promise<void> { return this.enqueue(() => this.doEnd(cause)); }
  /** Forget without restoring (sign-out, quit). */
  reset(): void { this.change = null; }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((err: unknown) => this.log.warn('auto status: change failed', { err: String(err) }));
    return this.queue;
  }

  private actionFor(cause: AutoCause): AutoAction {
    const s = this.getSettings();
    if (cause === 'session-end') return 'offline';
    if (cause === 'suspend') return s.onSuspend;
    if (cause === 'lock') return s.onLock;
    return s.idleMinutes > 0 ? 'away' : 'nothing';
  }

  private current(): { status: Status; version: number } | null {
    const st = this.getClient()?.getSnapshot().status;
    return st ? { status: st.status, version: st.version } : null;
  }

  /** Someone else changed the status since our last write: drop our claim, never fight them. */
  private stillOurs(cur: { version: number }): boolean {
    if (this.change && cur.version !== this.change.version) {
      this.log.info('auto status: changed elsewhere meanwhile, nothing to restore', { ours: this.change.version, now: cur.version });
      this.change = null;
    }
    return this.change !== null;
  }

  private async doBegin(cause: AutoCause, reason?: Reason): Promise<void> {
    const action = this.actionFor(cause);
    const client = this.getClient();
    const cur = this.current();
    if (action === 'nothing' || !client || !cur) return;
    this.stillOurs(cur);
    if (this.change) {
      this.change.causes.add(cause);
      await this.apply(client, reason ?? reasonOf[cause]);
      return;
    }
    // Only step down: an away agent does not become "more online" because the screen locked.
    if (rank[action] <= rank[cur.status]) return;
    this.change = { restoreTo: cur.status, version: cur.version, causes: new Set([cause]) };
    await this.apply(client, reason ?? reasonOf[cause]);
  }

  private async doEnd(cause: AutoCause): Promise<void> {
    const client = this.getClient();
    const cur = this.current();
    if (!this.change || !this.change.causes.has(cause) || !client || !cur) return;
    if (!this.stillOurs(cur)) return;
    this.change.causes.delete(cause);
    await this.apply(client, reasonOf[cause]);
  }

  /** Moves the status to what the remaining causes call for (or back to restoreTo). */
  private async apply(client: AgentClientPort, reason: Reason): Promise<void> {
    const change = this.change;
    if (!change) return;
    let target: Status = change.restoreTo;
    for (const c of change.causes) {
      const a = this.actionFor(c);
      if (a !== 'nothing' && rank[a] > rank[target]) target = a;
    }
    const cur = this.current();
    // SPEC 11: on leave, a restore never puts the agent online; it keeps what the app set instead.
    if (target === 'online' && this.getClient()?.getSnapshot().status?.leaveUntil) {
      this.log.info('auto status: restore to online skipped, on leave');
      if (change.causes.size === 0 && this.change === change) this.change = null;
      return;
    }
    if (cur && cur.status !== target) {
      const { version } = await client.setStatus(target, reason);
      if (this.change === change) change.version = version;
    }
    if (change.causes.size === 0 && this.change === change) this.change = null;
  }
}

/**
 * Polls a condition of the system and reports when it flips: idle for N minutes (any input ends
 * it), and on Linux the locked screen (Electron emits lock-screen only on macOS and Windows,
 * docs/api/power-monitor.md, so Linux polls getSystemIdleState() === 'locked').
 */
export class ConditionPoller {
  private timer: unknown = null;
  private state = false;

  constructor(
    private readonly clock: Clock,
    private readonly sample: () => boolean,
    private readonly onChange: (on: boolean) => void,
    private readonly pollMs: number,
  ) {}

  start(): void { if (this.timer === null) this.schedule(); }
  stop(): void { if (this.timer !== null) this.clock.clearTimeout(this.timer); this.timer = null; }

  /** One poll; public so tests and `resume` can check at once. */
  check(): void {
    const on = this.sample();
    if (on !== this.state) {
      this.state = on;
      this.onChange(on);
    }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => { this.check(); this.schedule(); }, this.pollMs);
  }
}

/** Idle for the configured minutes (0 = never). */
export function idleCondition(idleSeconds: () => number, thresholdMinutes: () => number): () => boolean {
  return () => { const m = thresholdMinutes(); return m > 0 && idleSeconds() >= m * 60; };
}
