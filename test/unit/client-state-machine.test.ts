import { describe, expect, it } from 'vitest';
import { MemoryCredentials } from '../helpers/memory-credentials.js';
import { FakeNodeSocket, FakeSocket, flush, statusMsg } from './client-fakes.js';
import { harness } from './client-harness.js';

describe('SPEC 4.1.1-2: hello, welcome and the connection states', () => {
  it('stays signedOut without a stored token', async () => {
    const h = harness({ credentials: new MemoryCredentials({ token: null, deviceId: null }) });
    await h.client.start();
    expect(h.client.getSnapshot().connection).toBe('signedOut');
    expect(FakeSocket.instances).toHaveLength(0);
    // A deviceId is generated and kept even before signing in.
    expect(h.store.value.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('says hello first, then shows agent, status and chat box from welcome', async () => {
    const h = harness();
    const seen: string[] = [];
    h.client.subscribe((s) => seen.push(s.connection));
    await h.client.start();
    expect(h.client.getSnapshot().connection).toBe('connecting');
    expect(FakeSocket.last().url).toBe('ws://127.0.0.1:9/ws/agent');
    await h.connect(7);
    expect(FakeSocket.last().sent[0]).toEqual({ type: 'hello', token: 'tok-1', device: { id: 'device-0001', kind: 'desktop', name: 'test' }, protocol: 1 });
    const snap = h.client.getSnapshot();
    expect(snap.connection).toBe('connected');
    expect(snap.agent?.email).toBe('ann@example.com');
    expect(snap.status?.version).toBe(7);
    expect(snap.chatBox?.website.online).toBe(true);
    expect(seen).toEqual(['connecting', 'connected']);
  });

  it('gives up on an attempt that gets no welcome within connectTimeoutMs', async () => {
    const h = harness({ connectTimeoutMs: 3_000 });
    await h.client.start();
    await h.clock.advance(3_000);
    expect(h.client.getSnapshot().connection).toBe('reconnecting');
  });
});

describe('Reconnect policy: full-jitter backoff, 0.5 s base, 30 s cap, reset after a stable minute', () => {
  it('retries after random(0, 0.5 s · 2^attempt), growing to the cap', async () => {
    const h = harness({ random: () => 0.999 });
    await h.client.start();
    await h.connect();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const before = FakeSocket.instances.length;
      FakeSocket.last().drop(1006);
      await flush();
      expect(h.client.getSnapshot().connection).toBe('reconnecting');
      const t0 = h.clock.now();
      while (FakeSocket.instances.length === before) await h.clock.advance(10);
      delays.push(h.clock.now() - t0);
    }
    expect(delays[0]).toBeLessThanOrEqual(500);
    expect(delays[1]).toBeGreaterThan(500);
    expect(delays[1]).toBeLessThanOrEqual(1_000);
    expect(delays[2]).toBeGreaterThan(1_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
    expect(delays.at(-1)).toBeGreaterThan(29_000);
  });

  it('starts from the smallest delay again after a connection that lasted a minute', async () => {
    const h = harness({ random: () => 0.999 });
    await h.client.start();
    await h.connect();
    for (let i = 0; i < 4; i++) {
      FakeSocket.last().drop(1006);
      await h.clock.advance(30_000);
    }
    await h.connect();
    for (let i = 0; i < 6; i++) {
      await h.clock.advance(10_000);
      FakeSocket.last().deliver(statusMsg(1)); // traffic keeps the silence watchdog quiet
    }
    const before = FakeSocket.instances.length;
    FakeSocket.last().drop(1006);
    await h.clock.advance(500);
    expect(FakeSocket.instances.length).toBe(before + 1);
  });

  it('spreads reconnects over 0–2 s after 1001 (server going away)', async () => {
    const h = harness({ random: () => 0.75 });
    await h.client.start();
    await h.connect();
    const before = FakeSocket.instances.length;
    FakeSocket.last().drop(1001);
    await h.clock.advance(1_499);
    expect(FakeSocket.instances.length).toBe(before);
    await h.clock.advance(1);
    expect(FakeSocket.instances.length).toBe(before + 1);
  });

  it.each([4401, 4403])('does not reconnect after %i: signedOut, token forgotten, lastError set', async (code) => {
    const h = harness();
    await h.client.start();
    await h.connect();
    FakeSocket.last().drop(code);
    await h.clock.advance(120_000);
    const snap = h.client.getSnapshot();
    expect(snap.connection).toBe('signedOut');
    expect(snap.lastError?.code).toBe(code === 4401 ? 'unauthorized' : 'forbidden');
    expect(h.store.value.token).toBeNull();
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('does not fight a replacing connection (4409): closed with lastError', async () => {
    const h = harness();
    await h.client.start();
    await h.connect();
    FakeSocket.last().drop(4409);
    await h.clock.advance(120_000);
    expect(h.client.getSnapshot()).toMatchObject({ connection: 'closed', lastError: { code: 'replaced' } });
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('reconnects at once on a network-back hint instead of waiting for the backoff', async () => {
    const h = harness({ random: () => 0.999 });
    await h.client.start();
    await h.connect();
    FakeSocket.last().drop(1006);
    await flush();
    expect(FakeSocket.instances).toHaveLength(1);
    h.client.hint('network-back');
    expect(FakeSocket.instances).toHaveLength(2);
    expect(h.client.getSnapshot().connection).toBe('reconnecting');
  });

  it('stop() closes without reconnecting', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect();
    h.client.stop();
    await h.clock.advance(120_000);
    expect(h.client.getSnapshot().connection).toBe('closed');
    expect(s.closedWith?.code).toBe(1000);
    expect(s.types()).not.toContain('bye');
    expect(FakeSocket.instances).toHaveLength(1);
  });
});

describe('SPEC 4.1.5: heartbeat and silence detection', () => {
  it('browser mode: app-level pings every heartbeatMs, reconnect after heartbeatMs + 10 s of silence', async () => {
    const h = harness({ pingMode: 'auto' });
    await h.client.start();
    const s = await h.connect(1, 1_000);
    await h.clock.advance(1_000);
    expect(s.sent.filter((m) => m.type === 'ping')).toHaveLength(1);
    s.deliver({ type: 'pong', id: 1 });
    await h.clock.advance(10_500);
    expect(h.client.getSnapshot().connection).toBe('connected');
    await h.clock.advance(500);
    expect(h.client.getSnapshot().connection).toBe('reconnecting');
    expect(h.client.getSnapshot().lastError?.code).toBe('disconnected');
  });

  it('Node mode (auto-detected ws): ping frames, and server ping frames count as life', async () => {
    const h = harness({ Socket: FakeNodeSocket, pingMode: 'auto' });
    await h.client.start();
    const s = (await h.connect(1, 1_000)) as FakeNodeSocket;
    for (let i = 0; i < 30; i++) {
      await h.clock.advance(1_000);
      s.emitFrame('ping');
    }
    expect(h.client.getSnapshot().connection).toBe('connected');
    expect(s.pings).toBeGreaterThanOrEqual(29);
    expect(s.sent.filter((m) => m.type === 'ping')).toHaveLength(0);
    await h.clock.advance(11_000);
    expect(h.client.getSnapshot().connection).toBe('reconnecting');
    expect(s.terminated).toBe(true);
  });

  it('resume hint probes an open socket and reconnects if it does not answer in 5 s', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect();
    h.client.hint('resume');
    expect(s.sent.at(-1)?.type).toBe('ping');
    await h.clock.advance(5_000);
    expect(h.client.getSnapshot().connection).toBe('reconnecting');
  });

  it('resume hint keeps a socket that answers the probe', async () => {
    const h = harness();
    await h.client.start();
    const s = await h.connect();
    h.client.hint('resume');
    await h.clock.advance(100);
    s.deliver({ type: 'pong', id: 1 });
    await h.clock.advance(5_000);
    expect(h.client.getSnapshot().connection).toBe('connected');
  });
});
