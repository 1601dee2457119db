import { describe, expect, it } from 'vitest';
import { setTimeoutAt, systemClock, type Clock } from '../../src/common/clock.js';
import { ManualClock } from '../helpers/manual-clock.js';

/**
 * A clock whose timers wake `earlyMs` before the wall-clock instant they were armed for, as Node's
 * do when libuv's cached loop time runs ahead of Date.now() (a grace timer fired at -1 ms in CI).
 */
function earlyClock(base: ManualClock, earlyMs: number): Clock {
  return {
    now: () => base.now(),
    // Node clamps a delay to at least 1 ms, so a short re-arm still lets time move on.
    setTimeout: (fn, ms) => base.setTimeout(fn, Math.max(Math.min(ms, 1), ms - earlyMs)),
    clearTimeout: (h) => base.clearTimeout(h),
  };
}

describe('setTimeoutAt: never before its instant', () => {
  it('runs at the instant on a punctual clock', () => {
    const clock = new ManualClock();
    const at = clock.now() + 3_000;
    const fired: number[] = [];
    setTimeoutAt(clock, at, () => fired.push(clock.now()));
    clock.advance(2_999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([at]);
  });

  it('a timer that wakes early re-arms for what is left instead of running inside the window', () => {
    const base = new ManualClock();
    const clock = earlyClock(base, 1);
    const at = base.now() + 3_000;
    const fired: number[] = [];
    setTimeoutAt(clock, at, () => fired.push(base.now()));
    base.advance(2_999); // the early wake-up
    expect(fired).toEqual([]);
    expect(base.pending()).toBe(1);
    base.advance(1);
    expect(fired).toEqual([at]);
    expect(base.pending()).toBe(0);
  });

  it('cancel also stops the re-armed remainder', () => {
    const base = new ManualClock();
    const clock = earlyClock(base, 1);
    let fired = 0;
    const t = setTimeoutAt(clock, base.now() + 100, () => fired++);
    base.advance(99);
    t.cancel();
    base.advance(1_000);
    expect(fired).toBe(0);
    expect(base.pending()).toBe(0);
  });

  it('on the system clock the callback never sees now() before the instant (many short timers)', async () => {
    const early: number[] = [];
    await Promise.all(Array.from({ length: 200 }, (_, i) => new Promise<void>((resolve) => {
      const at = Date.now() + 1 + (i % 7);
      setTimeoutAt(systemClock, at, () => { if (Date.now() < at) early.push(at - Date.now()); resolve(); });
    })));
    expect(early).toEqual([]);
  });
});
