// SPEC 2 pure rules against a deliberately naive reference model, with fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveStatus, groupStatus, websiteStatus, type AgentPresence } from '../../src/common/presence-rules.js';
import type { Status } from '../../src/common/protocol.js';

const status = fc.constantFrom<Status>('online', 'away', 'offline');
const agentPresence = fc.record({
  intent: status,
  disabled: fc.boolean(),
  liveDevices: fc.nat(3),
  graceUntil: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
});
const groupIds = ['g1', 'g2', 'g3'];
const agent = fc.record({ presence: agentPresence, groupIds: fc.subarray(groupIds) });

// The reference says the rules in words, one case at a time.
function referenceEffective(a: AgentPresence, now: number): Status {
  if (a.disabled) return 'offline';
  const connected = a.liveDevices > 0;
  const inGrace = a.graceUntil !== null && now < a.graceUntil;
  return connected || inGrace ? a.intent : 'offline';
}

describe('SPEC 2.1 effective status', () => {
  it('is the intent while connected or in grace, offline otherwise, never for a disabled agent', () => {
    fc.assert(fc.property(agentPresence, fc.integer({ min: 0, max: 1000 }), (a, now) => {
      expect(effectiveStatus(a, now)).toBe(referenceEffective(a, now));
    }), { numRuns: 2000 });
  });

  it('the grace window ends exactly at its deadline', () => {
    const a = { intent: 'online' as const, disabled: false, liveDevices: 0, graceUntil: 120_000 };
    expect(effectiveStatus(a, 119_999)).toBe('online');
    expect(effectiveStatus(a, 120_000)).toBe('offline');
  });
});

describe('SPEC 2.2 chat box status', () => {
  it('website: online iff open and someone is effectively online; group: members or no-group agents', () => {
    fc.assert(fc.property(fc.array(agent, { maxLength: 6 }), fc.boolean(), fc.integer({ min: 0, max: 1000 }), (agents, open, now) => {
      const views = agents.map((a) => ({ effective: referenceEffective(a.presence, now), groupIds: a.groupIds, disabled: a.presence.disabled }));
      const openState = { open, nextOpenAt: open ? null : '2026-11-26T09:00:00.000+01:00' };
      const anyOnline = agents.some((a) => referenceEffective(a.presence, now) === 'online');
      const site = websiteStatus(views, openState);
      expect(site.online).toBe(open && anyOnline);
      expect(site.reason).toBe(!open ? 'outside_office_hours' : anyOnline ? 'agents_online' : 'no_agents_online');
      expect(site.nextOpenAt).toBe(open ? null : openState.nextOpenAt);
      for (const g of groupIds) {
        const counts = agents.some((a) => referenceEffective(a.presence, now) === 'online' && (a.groupIds.length === 0 || a.groupIds.includes(g)));
        expect(groupStatus(g, views, openState).online).toBe(open && counts);
      }
    }), { numRuns: 2000 });
  });

  it('the seed: one online agent in no group keeps every group and the website online', () => {
    const views = [{ effective: 'online' as const, groupIds: [] }, { effective: 'offline' as const, groupIds: ['sales'] }];
    const open = { open: true, nextOpenAt: null };
    expect(groupStatus('sales', views, open).online).toBe(true);
    expect(groupStatus('support', views, open).online).toBe(true);
    expect(websiteStatus(views, open).online).toBe(true);
  });

  it('away never counts as available', () => {
    const views = [{ effective: 'away' as const, groupIds: [] }];
    expect(websiteStatus(views, { open: true, nextOpenAt: null })).toEqual({ online: false, reason: 'no_agents_online', nextOpenAt: null });
  });
});
