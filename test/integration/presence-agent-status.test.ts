// SPEC 2.1 (agent status), rule by rule, against a real server on loopback with a real SQLite
// file. Grace windows run on a manual clock so nothing sleeps for two minutes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';

const GRACE = 120_000;

describe('SPEC 2.1 agent status', () => {
  let s: TestServer;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    s = await startTestServer({ clock, graceMs: GRACE });
  });
  afterEach(async () => { await s.close(); });

  it('a change on one device reaches the agent\'s other devices, versioned', async () => {
    const agent = await s.createAgent();
    const laptop = await connectAgent(s.wsUrl, agent.token, { kind: 'desktop' });
    const phone = await connectAgent(s.wsUrl, agent.token, { kind: 'mobile' });
    const ack = await laptop.setStatus('online');
    const seen = await phone.next('status', (m) => m.version === ack.version);
    expect(seen).toMatchObject({ status: 'online', effective: 'online', by: { deviceId: laptop.deviceId, kind: 'desktop' }, reason: 'manual' });
    const ack2 = await phone.setStatus('away');
    expect(ack2.version).toBe(ack.version + 1);
    expect(await laptop.next('status', (m) => m.version === ack2.version)).toMatchObject({ status: 'away', by: { deviceId: phone.deviceId } });
    await laptop.bye();
    await phone.bye();
  });

  it('the website flips online when an agent goes online and offline on an explicit offline', async () => {
    const w = await widgetSocket(s);
    expect(await w.next()).toMatchObject({ online: false, reason: 'no_agents_online' });
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    expect(await w.next()).toMatchObject({ online: true, reason: 'agents_online' });
    await a.setStatus('offline');
    expect(await w.next()).toMatchObject({ online: false, reason: 'no_agents_online' });
    w.close();
  });

  it('an unclean drop keeps the chat online until the grace window ends', async () => {
    const w = await widgetSocket(s);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    await w.next((m) => m.online);
    a.ws.terminate();
    await a.closed;
    await settle();
    clock.advance(GRACE - 1);
    await settle();
    expect(w.messages.at(-1)?.online).toBe(true);
    clock.advance(1);
    expect(await w.next((m) => !m.online)).toMatchObject({ reason: 'no_agents_online' });
    w.close();
  });

  it('a reconnect inside the grace window causes no widget message at all', async () => {
    const w = await widgetSocket(s);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    await w.next((m) => m.online);
    const before = w.messages.length;
    a.ws.terminate();
    await a.closed;
    await settle();
    clock.advance(GRACE / 2);
    const again = await connectAgent(s.wsUrl, s.admin.token, { deviceId: a.deviceId });
    clock.advance(GRACE * 2);
    await settle(200);
    expect(w.messages.length).toBe(before);
    await again.bye();
    expect(await w.next((m) => !m.online)).toBeTruthy();
    w.close();
  });

  it('bye from the last device turns the widget offline at once, and the intent is kept', async () => {
    const w = await widgetSocket(s);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    await w.next((m) => m.online);
    await a.bye();
    expect(await w.next((m) => !m.online)).toBeTruthy();
    const back = await connectAgent(s.wsUrl, s.admin.token);
    expect(back.messages[0]).toMatchObject({ type: 'welcome', status: { status: 'online', effective: 'online' } });
    expect(await w.next((m) => m.online)).toBeTruthy();
    await back.bye();
    w.close();
  });

  it('bye from one device keeps the agent online through its other device', async () => {
    const w = await widgetSocket(s);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    const b = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    await w.next((m) => m.online);
    const before = w.messages.length;
    await a.bye();
    await settle(150);
    expect(w.messages.length).toBe(before);
    await b.bye();
    await w.next((m) => !m.online);
    w.close();
  });

  it('an admin sets a forgetful agent offline: every device and widget follows at once', async () => {
    const agent = await s.createAgent();
    const w = await widgetSocket(s);
    const dev = await connectAgent(s.wsUrl, agent.token);
    await dev.setStatus('online');
    await w.next((m) => m.online);
    const res = await s.api('PUT', `/api/v1/agents/${agent.id}/status`, { token: s.admin.token, body: { status: 'offline' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agent.id, intent: 'offline', status: 'offline' });
    expect(await dev.next('status', (m) => m.status === 'offline')).toMatchObject({ reason: 'admin', by: { kind: 'server' } });
    expect(await w.next((m) => !m.online)).toBeTruthy();
    await dev.bye();
    w.close();
  });

  it('away is signed in but does not keep the chat online', async () => {
    const w = await widgetSocket(s);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('away');
    await settle(150);
    expect(w.messages.every((m) => !m.online)).toBe(true);
    await a.bye();
    w.close();
  });

  it('a disabled agent never counts and its sockets are closed with 4403', async () => {
    const agent = await s.createAgent();
    const w = await widgetSocket(s);
    const dev = await connectAgent(s.wsUrl, agent.token);
    await dev.setStatus('online');
    await w.next((m) => m.online);
    const res = await s.api('PATCH', `/api/v1/agents/${agent.id}`, { token: s.admin.token, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await dev.closed).code).toBe(4403);
    expect(await w.next((m) => !m.online)).toBeTruthy();
    await expect(connectAgent(s.wsUrl, agent.token)).rejects.toMatchObject({ code: 4401 });
    w.close();
  });

  it('a second connection with the same deviceId replaces the first (4409) without a flap', async () => {
    const w = await widgetSocket(s);
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    await w.next((m) => m.online);
    const before = w.messages.length;
    const b = await connectAgent(s.wsUrl, s.admin.token, { deviceId: a.deviceId });
    expect((await a.closed).code).toBe(4409);
    await settle(150);
    expect(w.messages.length).toBe(before);
    await b.bye();
    w.close();
  });
});

describe('SPEC 2.1 boot grace: a restart shorter than the window causes no flap', () => {
  it('online agents reconnecting after a restart never flip the widget', async () => {
    const s = await startTestServer({ graceMs: 3_000 });
    try {
      const a = await connectAgent(s.wsUrl, s.admin.token);
      await a.setStatus('online');
      await s.restart();
      await a.closed;
      const w = await widgetSocket(s);
      expect(w.messages[0]).toMatchObject({ online: true });
      const back = await connectAgent(s.wsUrl, s.admin.token, { deviceId: a.deviceId });
      await settle(3_500);
      expect(w.messages.every((m) => m.online)).toBe(true);
      await back.bye();
      expect(await w.next((m) => !m.online)).toBeTruthy();
      w.close();
    } finally {
      await s.close();
    }
  });

  it('an online agent that does not come back turns offline one grace window after boot', async () => {
    const clock = new ManualClock();
    const s = await startTestServer({ graceMs: GRACE, clock });
    try {
      const a = await connectAgent(s.wsUrl, s.admin.token);
      await a.setStatus('online');
      await s.restart();
      const w = await widgetSocket(s);
      expect(w.messages[0]).toMatchObject({ online: true });
      clock.advance(GRACE);
      expect(await w.next((m) => !m.online)).toBeTruthy();
      w.close();
    } finally {
      await s.close();
    }
  });
});
