import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresenceClientError } from '../../src/client/presence-client.js';
import { mergeOwnStatus } from '../../src/client/status-order.js';
import type { OwnStatusView } from '../../src/client/types.js';
import { FakeSocket, flush, statusMsg, welcome } from './client-fakes.js';
import { harness } from './client-harness.js';

describe('SPEC 4.1.3: status.set resolves on ack, rejects on error', () => {
  it('resolves with the acked version and shows it at once', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect(3);
    const p = h.client.setStatus('away');
    const sent = s.sent.at(-1)!;
    expect(sent).toMatchObject({ type: 'status.set', status: 'away', reason: 'manual' });
    s.deliver({ type: 'ack', seq: sent.seq, version: 4 });
    await expect(p).resolves.toEqual({ version: 4 });
    expect(h.client.getSnapshot().status).toMatchObject({ status: 'away', effective: 'away', version: 4, by: { deviceId: 'device-0001' } });
  });

  it('rejects with a PresenceClientError carrying the server code', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect();
    const p = h.client.setStatus('online', 'manual');
    s.deliver({ type: 'error', seq: s.sent.at(-1)!.seq, code: 'rate_limited', message: 'slow down' });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PresenceClientError);
    expect(err).toMatchObject({ code: 'rate_limited' });
  });

  it('rejects at once when signed out', async () => {
    const h = harness();
    await expect(h.client.setStatus('online')).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});

describe('Issue 5: an unacknowledged setStatus is replayed after a reconnect, newest intent only', () => {
  it('sends only the newest pending intent again and settles every caller with its ack', async () => {
    const h = harness();
    await h.client.start();
    const s1 = await h.connect(1);
    const p1 = h.client.setStatus('away');
    const p2 = h.client.setStatus('offline');
    s1.drop(1006);
    await h.clock.advance(1_000);
    const p3 = h.client.setStatus('online'); // queued while reconnecting
    const s2 = await h.connect(1);
    const sets = s2.sent.filter((m) => m.type === 'status.set');
    expect(sets).toEqual([{ type: 'status.set', status: 'online', reason: 'manual', seq: expect.any(Number) }]);
    s2.deliver({ type: 'ack', seq: sets[0]!.seq, version: 2 });
    await expect(Promise.all([p1, p2, p3])).resolves.toEqual([{ version: 2 }, { version: 2 }, { version: 2 }]);
  });

  it('holds a setStatus made while connecting until welcome', async () => {
    const h = harness();
    await h.client.start();
    const p = h.client.setStatus('away');
    const s = await h.connect(1);
    const set = s.sent.find((m) => m.type === 'status.set')!;
    expect(s.sent[0]!.type).toBe('hello');
    s.deliver({ type: 'ack', seq: set.seq, version: 2 });
    await expect(p).resolves.toEqual({ version: 2 });
  });
});

describe('SPEC 2.1: versions only grow; an older version never overwrites a newer one', () => {
  it('ignores a status push older than what is shown', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect(5);
    s.deliver(statusMsg(4, 'away'));
    expect(h.client.getSnapshot().status?.version).toBe(5);
    s.deliver(statusMsg(6, 'away'));
    expect(h.client.getSnapshot().status).toMatchObject({ version: 6, status: 'away' });
  });

  it('takes a same-version push that only changes the effective status', () => {
    const cur: OwnStatusView = { status: 'online', effective: 'online', version: 3, reason: 'manual', by: { deviceId: null, kind: 'server' }, at: 'x' };
    expect(mergeOwnStatus(cur, { ...cur, effective: 'offline' }).effective).toBe('offline');
  });

  it('property: random interleavings of pushes, acks, welcomes and reconnects never move the version backwards', async () => {
    type Ev = { k: 'push'; v: number } | { k: 'set' } | { k: 'ack'; v: number } | { k: 'drop' } | { k: 'welcome'; v: number };
    const ev = fc.oneof(
      fc.record({ k: fc.constant('push' as const), v: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ k: fc.constant('set' as const) }),
      fc.record({ k: fc.constant('ack' as const), v: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ k: fc.constant('drop' as const) }),
      fc.record({ k: fc.constant('welcome' as const), v: fc.integer({ min: 0, max: 30 }) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(ev as fc.Arbitrary<Ev>, { maxLength: 40 }), async (events) => {
      const h = harness();
      const versions: number[] = [];
      h.client.subscribe((s) => { if (s.status) versions.push(s.status.version); });
      await h.client.start();
      await h.connect(1);
      for (const e of events) {
        const s = FakeSocket.last();
        if (e.k === 'push') s.deliver(statusMsg(e.v, e.v % 2 ? 'away' : 'online'));
        else if (e.k === 'set') h.client.setStatus('away').catch(() => undefined);
        else if (e.k === 'ack') {
          const set = [...s.sent].reverse().find((m) => m.type === 'status.set');
          if (set) s.deliver({ type: 'ack', seq: set.seq, version: e.v });
        } else if (e.k === 'drop') { s.drop(1006); await h.clock.advance(1_000); }
        else if (s.readyState === 0) { s.open(); s.deliver(welcome(e.v)); }
        await flush();
      }
      for (let i = 1; i < versions.length; i++) expect(versions[i]!).toBeGreaterThanOrEqual(versions[i - 1]!);
      h.client.stop();
    }), { numRuns: 60 });
  });
});

describe('Issue 5: a set whose ack was lost is not applied twice', () => {
  it('settles the pending set from welcome when the server already holds it, written by this device', async () => {
    const h = harness();
    await h.client.start();
    const s1 = await h.connect(4);
    const p = h.client.setStatus('away');
    s1.drop(1006); // the set reached the server, the ack did not come back
    await h.clock.advance(1_000);
    const s2 = FakeSocket.last();
    s2.open();
    s2.deliver({ ...welcome(5, 'away'), status: { ...welcome(5, 'away').status, by: { deviceId: 'device-0001', kind: 'desktop' } } });
    await flush();
    await expect(p).resolves.toEqual({ version: 5 });
    expect(s2.types()).toEqual(['hello']);
  });
});

describe('SPEC 11: a timed status through the client core', () => {
  it('sends until, shows it from the ack, and rejects with on_leave when the server refuses an automatic online', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect(3);
    const until = '2026-12-02T13:30:00.000Z';
    const p = h.client.setStatus('away', 'manual', { until });
    const sent = s.sent.at(-1)!;
    expect(sent).toMatchObject({ type: 'status.set', status: 'away', reason: 'manual', until });
    s.deliver({ type: 'ack', seq: sent.seq, version: 4 });
    await expect(p).resolves.toEqual({ version: 4 });
    expect(h.client.getSnapshot().status).toMatchObject({ status: 'away', version: 4, until });
    const back = h.client.setStatus('online', 'schedule');
    expect(s.sent.at(-1)).not.toHaveProperty('until');
    s.deliver({ type: 'error', seq: s.sent.at(-1)!.seq, code: 'on_leave', message: 'on leave until 2026-12-31' });
    await expect(back).rejects.toMatchObject({ code: 'on_leave' });
  });
});
