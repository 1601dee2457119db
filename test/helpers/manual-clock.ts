// The one clock tests move by hand: grace windows, office-hours boundaries, heartbeats and quit
// deadlines without sleeping. `advance` fires due timers in order, synchronously; SettlingClock
// (for async code such as the client core) lets promises and setImmediate callbacks run after each.
import type { Clock, TimerHandle } from '../../src/common/clock.js';

interface Timer { id: number; at: number; fn: () => void }

export class ManualClock implements Clock {
  protected timers: Timer[] = [];
  private nextId = 1;

  constructor(protected current: number = Date.parse('2026-11-25T10:00:00Z')) {}

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
    for (let due = this.takeDue(atMs); due; due = this.takeDue(atMs)) due.fn();
    this.current = atMs;
  }

  pending(): number {
    return this.timers.length;
  }

  /** Removes and returns the earliest timer due by `atMs`, with the clock moved to its instant. */
  protected takeDue(atMs: number): Timer | undefined {
    const due = this.timers.filter((t) => t.at <= atMs).sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (!due) return undefined;
    this.timers = this.timers.filter((t) => t !== due);
    this.current = Math.max(this.current, due.at);
    return due;
  }
}

/** A ManualClock whose `advance` also lets the code under test react to each timer before the next. */
export class SettlingClock extends ManualClock {
  override async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flush();
    for (let due = this.takeDue(target); due; due = this.takeDue(target)) {
      due.fn();
      await flush();
    }
    this.current = target;
    await flush();
  }
}

/** A few turns of the event loop: pending promise callbacks and setImmediate work run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Lets sockets deliver what the server just sent. */
export const settle = (ms = 100): Promise<void> => new Promise((r) => setTimeout(r, ms));
