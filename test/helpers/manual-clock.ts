// A clock tests move by hand: grace windows and office-hours boundaries without sleeping.
import type { Clock, TimerHandle } from '../../src/common/clock.js';

interface Timer { id: number; at: number; fn: () => void }

export class ManualClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(private current: number = Date.parse('2026-11-25T10:00:00Z')) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(atMs: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= atMs).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = atMs;
  }

  pending(): number {
    return this.timers.length;
  }
}

/** Lets sockets deliver what the server just sent. */
export const settle = (ms = 100): Promise<void> => new Promise((r) => setTimeout(r, ms));
