import { describe, expect, it } from 'vitest';
import { LiveStatus, type LiveEnv, type SocketLike } from '../../src/widget/live-status.js';
import type { PublicStatus } from '../../src/widget/status.js';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closedWith: number | undefined;
  constructor(readonly url: string, readonly createdAt: number) {}
  open(): void { this.onopen?.({}); }
  send(status: object): void { this.onmessage?.({ data: JSON.stringify({ type: 'chatBox.status', ...status }) }); }
  /** Like a browser: an abnormal closure (1006) brings an error event first, a close frame does not. */
  fail(code = 1006): void { if (code === 1006) this.onerror?.({}); this.onclose?.({ code }); }
  /** What Chromium does for a CSP-blocked socket: an error event and never a close event. */
  refuse(): void { this.onerror?.({}); }
  close(code?: number): void { this.closedWith = code; }
}

/** A hand-driven clock and page: time moves only when the test says so. */
function harness(opts: { withSocket?: boolean } = {}) {
  let t = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const sockets: FakeSocket[] = [];
  const fetches: string[] = [];
  let fetchAnswer: () => Promise<{ status: number; text: string }> = async () => ({ status: 200, text: JSON.stringify({ type: 'chatBox.status', ...status(true) }) });
  let hidden = false;
  const env: LiveEnv = {
    openSocket: opts.withSocket === false ? null : (url) => { const s = new FakeSocket(url, t); sockets.push(s); return s; },
    fetchStatus: (url) => { fetches.push(url); return fetchAnswer(); },
    setTimeout: (fn, ms) => { const id = nextId++; timers.set(id, { at: t + ms, fn }); return id; },
    clearTimeout: (id) => { if (id !== undefined) timers.delete(id); },
    random: () => 0.999,
    hidden: () => hidden,
  };
  const seen: PublicStatus[] = [];
  let gone = 0;
  const live = new LiveStatus(env, {
    wsUrl: (g) => `ws://x/ws/widget?site=s${g ? `&group=${g}` : ''}`,
    statusUrl: (g) => `http://x/api/v1/widget/s/status${g ? `?group=${g}` : ''}`,
    pollMs: 30_000, hiddenPauseMs: 60_000, failuresBeforePoll: 3,
  }, null, (s) => seen.push(s), () => { gone++; });
  return {
    live, sockets, fetches, seen,
    get gone() { return gone; },
    last: () => sockets[sockets.length - 1]!,
    /** Advances in small steps until the next socket attempt starts. */
    async nextSocket() {
      const n = sockets.length;
      for (let i = 0; i < 1000 && sockets.length === n; i++) await this.advance(50);
      return sockets[sockets.length - 1]!;
    },
    setHidden(h: boolean) { hidden = h; live.visibilityChanged(); },
    answer(fn: typeof fetchAnswer) { fetchAnswer = fn; },
    /** Runs every timer due within `ms`, in order, letting awaited fetches settle in between. */
    async advance(ms: number) {
      const end = t + ms;
      for (;;) {
        await new Promise((r) => setImmediate(r));
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const e of timers) if (e[1].at <= end && (!due || e[1].at < due[1].at)) due = e;
        if (!due) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].fn();
      }
      t = end;
      await new Promise((r) => setImmediate(r));
    },
  };
}

function status(online: boolean, extra: Partial<PublicStatus> = {}) {
  return { site: 's', group: null, online, reason: online ? 'agents_online' : 'no_agents_online', nextOpenAt: null,
    messages: {}, whenOffline: 'message', at: new Date().toISOString(), ...extra };
}

describe('SPEC 4.2 widget socket: status on connect and on every change', () => {
  it('publishes each distinct status once', async () => {
    const h = harness();
    h.live.start();
    expect(h.sockets).toHaveLength(1);
    h.last().open();
    h.last().send(status(true));
    h.last().send(status(true)); // a resend after reconnect is not a change
    h.last().send(status(false));
    expect(h.seen.map((s) => s.online)).toEqual([true, false]);
    expect(h.live.status()?.online).toBe(false);
  });

  it('stops for good on 4404 (unknown site or group)', async () => {
    const h = harness();
    h.live.start();
    h.last().fail(4404);
    await h.advance(10 * 60_000);
    expect(h.gone).toBe(1);
    expect(h.sockets).toHaveLength(1);
    expect(h.fetches).toHaveLength(0);
  });
});

describe('issue 8: reconnect with full-jitter backoff (0.5 s base, 30 s cap)', () => {
  it('reconnects after a drop, waiting longer after each failed attempt, never beyond 30 s', async () => {
    const h = harness();
    h.live.start();
    h.last().open();
    h.last().fail(1001); // server restart
    for (let i = 0; i < 10; i++) (await h.nextSocket()).fail();
    const gaps = h.sockets.slice(1).map((s, i) => s.createdAt - h.sockets[i]!.createdAt);
    // random() = 0.999, so each wait sits just under its ceiling: 0.5 s, 1 s, 2 s, ... capped at 30 s.
    expect(gaps.map((g) => Math.ceil(g / 50) * 50)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });
});

describe('issue 8: fall back to polling every 30 s when the WebSocket cannot connect', () => {
  it('polls after 3 attempts that never open, keeps retrying the socket, and stops polling once it opens', async () => {
    const h = harness();
    h.live.start();
    h.last().fail();
    (await h.nextSocket()).fail();
    expect(h.fetches).toHaveLength(0);
    (await h.nextSocket()).fail();
    await h.advance(0);
    expect(h.fetches).toEqual(['http://x/api/v1/widget/s/status']);
    expect(h.seen.map((s) => s.online)).toEqual([true]);
    await h.advance(30_000);
    expect(h.fetches.length).toBeGreaterThanOrEqual(2);
    expect(h.sockets.length).toBeGreaterThanOrEqual(4); // still retrying the socket
    (await h.nextSocket()).open();
    const polled = h.fetches.length;
    await h.advance(120_000);
    expect(h.fetches).toHaveLength(polled);
  });

  it('counts a socket refused with only an error event (CSP in Chromium) or hanging past 10 s as a failed attempt', async () => {
    const h = harness();
    h.live.start();
    h.last().refuse();
    await h.advance(500);
    expect(h.sockets).toHaveLength(2);
    await h.advance(10_000); // never opens, never closes: given up after 10 s
    await h.advance(1_000);
    expect(h.sockets).toHaveLength(3);
    h.last().refuse();
    await h.advance(0);
    expect(h.fetches).toHaveLength(1);
  });

  it('treats a poll 404 like 4404', async () => {
    const h = harness({ withSocket: false });
    h.answer(async () => ({ status: 404, text: '' }));
    h.live.start();
    await h.advance(120_000);
    expect(h.gone).toBe(1);
    expect(h.fetches).toHaveLength(1);
  });

  it('survives a failing fetch and keeps the schedule', async () => {
    const h = harness({ withSocket: false });
    h.answer(async () => { throw new Error('offline'); });
    h.live.start();
    await h.advance(90_000);
    expect(h.fetches).toHaveLength(4);
  });
});

describe('issue 8: pause while the tab is hidden for long, refresh at once when visible', () => {
  it('keeps the socket for short hides and drops it after 60 s hidden', async () => {
    const h = harness();
    h.live.start();
    h.last().open();
    h.setHidden(true);
    await h.advance(59_000);
    h.setHidden(false);
    expect(h.last().closedWith).toBeUndefined();
    h.setHidden(true);
    await h.advance(60_000);
    expect(h.last().closedWith).toBe(1000);
    await h.advance(10 * 60_000);
    expect(h.sockets).toHaveLength(1); // nothing while paused
    h.setHidden(false);
    expect(h.sockets).toHaveLength(2);
  });

  it('polls at once on becoming visible when in polling mode', async () => {
    const h = harness({ withSocket: false });
    h.live.start();
    await h.advance(0);
    h.setHidden(true);
    await h.advance(61_000);
    const before = h.fetches.length;
    await h.advance(10 * 60_000);
    expect(h.fetches).toHaveLength(before);
    h.setHidden(false);
    await h.advance(0);
    expect(h.fetches).toHaveLength(before + 1);
  });
});

describe('issue 8: AgentPresence.setGroup switches the stream', () => {
  it('reconnects with the new group and ignores late frames of the old socket', async () => {
    const h = harness();
    h.live.start();
    const first = h.last();
    first.open();
    first.send(status(true));
    h.live.setGroup('g1');
    expect(first.closedWith).toBe(1000);
    expect(h.live.status()).toBeNull();
    expect(h.last().url).toBe('ws://x/ws/widget?site=s&group=g1');
    first.send(status(false));
    expect(h.seen).toHaveLength(1);
    h.last().open();
    h.last().send(status(true, { group: 'g1' }));
    expect(h.seen.map((s) => s.group)).toEqual([null, 'g1']);
  });
});
