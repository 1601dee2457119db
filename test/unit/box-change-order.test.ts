// A chat box's change instants keep the order its changes happened in (issue 19): a change dated
// by its cause (a grace deadline that waited for Redis, or a timer that ran late) can be applied
// after a later-dated one. The history row then went in before that later change, so the log read
// "offline, online" where visitors saw "online, offline" (the partition suite's committed-log rule
// found it, about once in eight runs).
import { describe, expect, it } from 'vitest';
import { AccountState, type NextState } from '../../src/server/presence/account-state.js';
import type { ChatBoxSnapshot } from '../../src/server/presence/account-state.js';

const snapshot = (online: boolean): ChatBoxSnapshot => ({ website: { online, reason: online ? 'agents_online' : 'no_agents_online', nextOpenAt: null }, groups: new Map() }) as unknown as ChatBoxSnapshot;
const next = (online: boolean, changed: (string | null)[]): NextState => ({ snapshot: snapshot(online), changed, agents: [], previous: snapshot(!online) });

describe('chat box change instants', () => {
  const state = () => new AccountState({ id: 'acc', name: 'A', siteKey: 'site', whenOffline: 'message', officeHours: null, createdAt: 0 } as never);

  it('a change dated before the box\'s last change is dated just after it', () => {
    const s = state();
    s.publish(next(true, [null]), 553);
    s.publish(next(false, [null]), 540);
    expect(s.changedAt.get('')).toBe(554);
  });

  it('changes dated in order keep their own instants, per box', () => {
    const s = state();
    s.publish(next(true, [null, 'g1']), 100);
    s.publish(next(false, [null]), 200);
    s.publish(next(false, ['g1']), 150);
    expect([s.changedAt.get(''), s.changedAt.get('g1')]).toEqual([200, 150]);
  });
});
