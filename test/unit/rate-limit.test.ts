// SPEC 4.1.6 (20 status.set per 10 s) and the per-IP limits of decisions.md share one limiter.
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../src/common/timings.js';
import { KeyedSlidingWindow, SlidingWindow } from '../../src/server/rate-limit.js';

describe('SPEC 4.1.6: more than 20 status.set per 10 s is rate limited (sliding window)', () => {
  it('allows exactly the limit inside any window, refuses without counting, and says when a slot frees', () => {
    const w = new SlidingWindow(RATE_LIMITS.statusSet);
    for (let i = 0; i < 20; i++) expect(w.hit(1_000 + i * 100)).toBe(0);
    expect(w.hit(3_000)).toBe(1_000 + 10_000 - 3_000);
    // The refused hit was not counted: once the first hit leaves the window exactly one slot frees.
    expect(w.hit(11_000)).toBe(0);
    expect(w.hit(11_001)).toBeGreaterThan(0);
    expect(w.hit(11_100)).toBe(0);
  });

  it('a window that slides past all hits starts empty', () => {
    const w = new SlidingWindow({ max: 2, windowMs: 1_000 });
    expect([w.hit(0), w.hit(1), w.hit(2)]).toEqual([0, 0, 998]);
    expect([w.hit(5_000), w.hit(5_001), w.hit(5_002)]).toEqual([0, 0, 998]);
  });
});

describe('decisions: per-IP limits (sign-in 30 a minute, public status 120 a minute)', () => {
  it('counts each key apart and forgets every key past the cap, so memory stays bounded', () => {
    const w = new KeyedSlidingWindow({ max: 1, windowMs: 60_000 }, 2);
    expect([w.hit('a', 0), w.hit('b', 0), w.hit('a', 1)]).toEqual([0, 0, 59_999]);
    expect(w.hit('c', 2)).toBe(0);
    // Past two keys the map started afresh: a is allowed again.
    expect(w.hit('a', 3)).toBe(0);
  });
});
