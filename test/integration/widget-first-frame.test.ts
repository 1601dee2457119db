// SPEC 4.2 on a real server: the first frame of a widget connecting right after a change (a status,
// the account's whenOffline, office-hours messages, a group's own hours, an office-hours boundary)
// is the new status. The first frame is serialized once per published status (issue 20), so each
// step connects a widget before the change (the frame is built) and one after it.
import { describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';

const weekdays = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
const hours = (offline: string) => ({ enabled: true, timezone: 'Europe/Prague', weekly: weekdays('09:00', '17:00'), messages: { offline } });

/** The first frame of a widget connecting now (the socket is closed again). */
async function firstFrame(s: TestServer, group?: string) {
  const w = await widgetSocket(s, group);
  w.close();
  return w.messages[0]!;
}

describe('SPEC 4.2 a widget connecting right after a change gets the new status', () => {
  it('after a status change, whenOffline, office-hours messages, a group\'s own hours and a boundary', async () => {
    // Wednesday 2026-11-25 16:58:00 in Prague (UTC+1).
    const clock = new ManualClock(Date.parse('2026-11-25T15:58:00Z'));
    const s = await startTestServer({ clock });
    try {
      const sales = await s.createGroup('Sales', [s.admin.id]);
      const watcher = await widgetSocket(s);
      expect(watcher.messages[0]).toMatchObject({ online: false, reason: 'no_agents_online' });
      expect(await firstFrame(s)).toEqual(watcher.messages[0]);

      const a = await connectAgent(s.wsUrl, s.admin.token);
      clock.advance(1_000);
      await a.setStatus('online');
      const online = await watcher.next((m) => m.online);
      expect(await firstFrame(s)).toEqual(online);
      expect(await firstFrame(s, sales.id)).toMatchObject({ group: sales.id, online: true, at: online.at });

      const patched = await s.api('PATCH', '/api/v1/account', { token: s.admin.token, body: { whenOffline: 'hide' } });
      expect(patched.status).toBe(200);
      expect(await firstFrame(s)).toEqual({ ...online, whenOffline: 'hide' });

      expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Back tomorrow at nine.') })).status).toBe(200);
      expect(await firstFrame(s)).toMatchObject({ online: true, whenOffline: 'hide', messages: { offline: 'Back tomorrow at nine.' } });
      expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: hours('Back at nine sharp.') })).status).toBe(200);
      expect(await firstFrame(s)).toMatchObject({ messages: { offline: 'Back at nine sharp.' } });
      expect(await firstFrame(s, sales.id)).toMatchObject({ messages: { offline: 'Back at nine sharp.' } });

      expect((await s.api('PUT', `/api/v1/groups/${sales.id}/office-hours`, { token: s.admin.token, body: hours('Sales opens at nine.') })).status).toBe(200);
      expect(await firstFrame(s, sales.id)).toMatchObject({ group: sales.id, messages: { offline: 'Sales opens at nine.' } });
      expect(await firstFrame(s)).toMatchObject({ group: null, messages: { offline: 'Back at nine sharp.' } });

      // 17:00 in Prague: the boundary's recompute publishes the closed box.
      clock.set(Date.parse('2026-11-25T16:00:00Z'));
      await settle();
      const closed = await watcher.next((m) => !m.online);
      expect(closed).toMatchObject({ reason: 'outside_office_hours', nextOpenAt: '2026-11-26T09:00:00.000+01:00', at: '2026-11-25T16:00:00.000Z' });
      expect(await firstFrame(s)).toEqual(closed);
      expect(await firstFrame(s, sales.id)).toMatchObject({ online: false, reason: 'outside_office_hours', at: '2026-11-25T16:00:00.000Z' });
      watcher.close();
      await a.bye();
    } finally {
      await s.close();
    }
  });
});
