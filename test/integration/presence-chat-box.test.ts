// SPEC 2.2 (chat box status) and SPEC 3 on the server: groups, the no-group rule, dedup, what the
// public status reveals, and office-hours boundaries on an injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';

describe('SPEC 2.2 chat box status', () => {
  let s: TestServer;
  beforeEach(async () => { s = await startTestServer({ graceMs: 60_000 }); });
  afterEach(async () => { await s.close(); });

  it('a group is online only through its members, or through an agent in no group at all', async () => {
    const sales = await s.createGroup('Sales');
    const support = await s.createGroup('Support');
    const sam = await s.createAgent({ groupIds: [sales.id] });
    const nico = await s.createAgent({ groupIds: [] });
    // The admin is in no group either; move it into Support so only nico is group-less.
    await s.api('PATCH', `/api/v1/agents/${s.admin.id}`, { token: s.admin.token, body: { groupIds: [support.id] } });
    const wSales = await widgetSocket(s, sales.id);
    const wSupport = await widgetSocket(s, support.id);
    const wSite = await widgetSocket(s);

    const samDev = await connectAgent(s.wsUrl, sam.token);
    await samDev.setStatus('online');
    expect(await wSales.next((m) => m.online)).toMatchObject({ group: sales.id, reason: 'agents_online' });
    expect(await wSite.next((m) => m.online)).toMatchObject({ group: null });
    await settle(150);
    expect(wSupport.messages.every((m) => !m.online)).toBe(true);

    const nicoDev = await connectAgent(s.wsUrl, nico.token);
    await nicoDev.setStatus('online');
    expect(await wSupport.next((m) => m.online)).toMatchObject({ group: support.id, reason: 'agents_online' });

    await nicoDev.setStatus('offline');
    expect(await wSupport.next((m) => !m.online)).toBeTruthy();
    await samDev.setStatus('offline');
    expect(await wSales.next((m) => !m.online)).toBeTruthy();
    expect(await wSite.next((m) => !m.online)).toBeTruthy();
    for (const w of [wSales, wSupport, wSite]) w.close();
    await samDev.bye();
    await nicoDev.bye();
  });

  it('widgets receive a message only when their status actually changes', async () => {
    const a = await s.createAgent();
    const w = await widgetSocket(s);
    const d1 = await connectAgent(s.wsUrl, s.admin.token);
    const d2 = await connectAgent(s.wsUrl, a.token);
    await d1.setStatus('online');
    await w.next((m) => m.online);
    await d2.setStatus('online');
    await d2.setStatus('away');
    await d2.setStatus('online');
    await d1.setStatus('offline');
    await settle(150);
    expect(w.messages.map((m) => m.online)).toEqual([false, true]);
    w.close();
    await d1.bye();
    await d2.bye();
  });

  it('the public status never reveals agent names, ids or counts', async () => {
    const a = await connectAgent(s.wsUrl, s.admin.token);
    await a.setStatus('online');
    const res = await s.api('GET', `/api/v1/widget/${s.siteKey}/status`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['at', 'group', 'messages', 'nextOpenAt', 'online', 'reason', 'site', 'type', 'whenOffline']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(s.admin.id);
    expect(text).not.toContain(s.admin.email);
    await a.bye();
  });

  it('unknown sites and groups get 404 and 4404 and nothing else', async () => {
    const res = await s.api('GET', '/api/v1/widget/nope/status');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'unknown site or group' } });
    expect((await s.api('GET', `/api/v1/widget/${s.siteKey}/status?group=nope`)).status).toBe(404);
    const w = await widgetSocket(s, 'nope');
    expect(await w.closed).toBe(4404);
    const other = await widgetSocket(s, undefined, 'unknown-site');
    expect(await other.closed).toBe(4404);
  });

  it('deleting a group closes its widget sockets with 4404', async () => {
    const group = await s.createGroup('Temporary');
    const w = await widgetSocket(s, group.id);
    const site = await widgetSocket(s);
    expect((await s.api('DELETE', `/api/v1/groups/${group.id}`, { token: s.admin.token })).status).toBe(204);
    expect(await w.closed).toBe(4404);
    site.close();
  });

  it('the widget status route has CORS open, a short cache and a working ETag', async () => {
    const res = await fetch(`${s.url}/api/v1/widget/${s.siteKey}/status`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${s.url}/api/v1/widget/${s.siteKey}/status`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // Authenticated routes do not open CORS.
    const me = await fetch(`${s.url}/api/v1/me`);
    expect(me.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('SPEC 3 office hours drive the chat box at the exact boundaries', () => {
  const weekdays = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));

  it('online → outside_office_hours → online, with nextOpenAt and the offline message', async () => {
    // Wednesday 2026-11-25 16:59:00 in Prague (UTC+1).
    const clock = new ManualClock(Date.parse('2026-11-25T15:59:00Z'));
    const s = await startTestServer({ clock });
    try {
      const a = await connectAgent(s.wsUrl, s.admin.token);
      await a.setStatus('online');
      const schedule = { enabled: true, timezone: 'Europe/Prague', weekly: weekdays('09:00', '17:00'), messages: { offline: 'Back tomorrow at nine.' } };
      const put = await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: schedule });
      expect(put.status).toBe(200);
      expect(await a.next('config.changed')).toMatchObject({ what: 'officeHours' });
      const w = await widgetSocket(s);
      expect(w.messages[0]).toMatchObject({ online: true, reason: 'agents_online', messages: { offline: 'Back tomorrow at nine.' } });
      clock.advance(59_999);
      await settle();
      expect(w.messages).toHaveLength(1);
      clock.advance(1);
      expect(await w.next((m) => !m.online)).toMatchObject({ reason: 'outside_office_hours', nextOpenAt: '2026-11-26T09:00:00.000+01:00' });
      expect(await a.next('chatBox', (m) => m.website.reason === 'outside_office_hours')).toBeTruthy();
      clock.set(Date.parse('2026-11-26T08:00:00Z'));
      expect(await w.next((m) => m.online)).toMatchObject({ reason: 'agents_online', nextOpenAt: null });
      w.close();
      await a.bye();
    } finally {
      await s.close();
    }
  });

  it('a group with its own hours differs from the account; null inherits again', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T19:00:00Z')); // 20:00 in Prague
    const s = await startTestServer({ clock });
    try {
      const night = await s.createGroup('Night shift');
      const a = await connectAgent(s.wsUrl, s.admin.token);
      await a.setStatus('online');
      await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: { enabled: true, timezone: 'Europe/Prague', weekly: weekdays('09:00', '17:00') } });
      const own = await s.api('PUT', `/api/v1/groups/${night.id}/office-hours`, { token: s.admin.token, body: { enabled: true, timezone: 'Europe/Prague', weekly: weekdays('18:00', '06:00') } });
      expect(own.status).toBe(200);
      const site = await widgetSocket(s);
      const group = await widgetSocket(s, night.id);
      expect(site.messages[0]).toMatchObject({ online: false, reason: 'outside_office_hours' });
      expect(group.messages[0]).toMatchObject({ online: true });
      expect((await s.api('PUT', `/api/v1/groups/${night.id}/office-hours`, { token: s.admin.token, body: null })).status).toBe(200);
      expect(await group.next((m) => !m.online)).toMatchObject({ reason: 'outside_office_hours' });
      site.close();
      group.close();
      await a.bye();
    } finally {
      await s.close();
    }
  });

  it('an invalid schedule is rejected with 400 naming the field and the stored one stays', async () => {
    const s = await startTestServer();
    try {
      const good = { enabled: true, timezone: 'Europe/Prague', weekly: weekdays('09:00', '17:00') };
      await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: good });
      const bad = await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: { ...good, weekly: { mon: [{ from: '25:00', to: '26:00' }] } } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
      expect(bad.body.error.details[0].path).toMatch(/^weekly\.mon\[0\]\.from/);
      const zone = await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: { ...good, timezone: 'Mars/Olympus' } });
      expect(zone.status).toBe(400);
      expect(zone.body.error.details.map((d: { path: string }) => d.path)).toContain('timezone');
      const stored = await s.api('GET', '/api/v1/office-hours', { token: s.admin.token });
      expect(stored.body).toMatchObject(good);
      const agent = await s.createAgent();
      expect((await s.api('PUT', '/api/v1/office-hours', { token: agent.token, body: good })).status).toBe(403);
    } finally {
      await s.close();
    }
  });
});
