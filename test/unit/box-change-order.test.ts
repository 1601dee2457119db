// A chat box's history instants keep the order its changes happened in (issue 19): a change dated
// by its cause (a grace deadline that waited for Redis, or a timer that ran late) can be applied
// after a later-dated one. Its row then went in before that later change, so the log read
// "offline, online" where visitors saw "online, offline" (the partition suite's committed-log rule
// found it, twice in about sixteen runs under CPU load).
import { describe, expect, it } from 'vitest';
import { boxInstant } from '../../src/server/presence/change-hooks.js';

describe('chat box history instants', () => {
  it('a change dated before the box\'s last recorded change is dated just after it', () => {
    expect(boxInstant(553, 540)).toBe(554);
  });
  it('a change dated after it, or at the same instant, keeps its own instant (ties stay ties)', () => {
    expect([boxInstant(553, 600), boxInstant(553, 553), boxInstant(undefined, 540)]).toEqual([600, 553, 540]);
  });
});
