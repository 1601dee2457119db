// Per-account fairness of the widget fan-out (issue 19, finding 3, second half): each account may
// send at most RATE_LIMITS.widgetFramesPerAccount widget frames per window. Past that its changes
// wait for the next window and go out then, latest status only (a widget needs only the latest),
// so a noisy account's fan-out costs at most that much CPU while other accounts' frames and acks
// go out at once. A cap per account, not a scheduler: it bounds the noisy one, it does not share
// out a busy node. Under the cap nothing waits; one counter per account is the whole cost.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { RateLimit } from '../../common/timings.js';

interface Window {
  start: number;
  frames: number;
  /** Widget keys (group id, '' for the website) whose latest status waits for the next window. */
  pending: Set<string>;
  timer: TimerHandle | null;
}

export class FanoutBudget {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock, private readonly limit: RateLimit, private readonly flush: (accountId: string, groups: (string | null)[]) => void) {}

  /**
   * Whether `frames` widget frames of `group` may go out now (they are then counted). The first
   * broadcast of a window always may, so a key with more widgets than the cap is still served.
   * When not, the key is remembered and flushed when the window ends.
   */
  take(accountId: string, group: string | null, frames: number): boolean {
    const now = this.clock.now();
    let w = this.windows.get(accountId);
    if (!w) this.windows.set(accountId, (w = { start: now, frames: 0, pending: new Set(), timer: null }));
    if (now - w.start >= this.limit.windowMs) {
      w.start = now;
      w.frames = 0;
    }
    const key = group ?? '';
    if (w.frames === 0 || w.frames + frames <= this.limit.max) {
      w.frames += frames;
      // Sent now with the latest status: a flush of the same key would only repeat it.
      w.pending.delete(key);
      return true;
    }
    w.pending.add(key);
    w.timer ??= this.clock.setTimeout(() => this.release(accountId), w.start + this.limit.windowMs - now);
    return false;
  }

  private release(accountId: string): void {
    const w = this.windows.get(accountId);
    if (!w) return;
    w.timer = null;
    const groups = [...w.pending].map((k) => (k === '' ? null : k));
    w.pending.clear();
    if (groups.length > 0) this.flush(accountId, groups);
  }

  close(): void {
    for (const w of this.windows.values()) if (w.timer !== null) this.clock.clearTimeout(w.timer);
    this.windows.clear();
  }
}
