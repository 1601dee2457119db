// SPEC 9 end to end: a real server on loopback with a real SQLite file. Agents change status, drop
// uncleanly inside and beyond the grace window, and the coverage report's gaps are the offline
// times a real widget socket saw; schedule history, the agents report, CSV and bad input.
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { connectAgent } from '../helpers/agent-socket.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestServer } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A widget socket that notes when each status arrived. */
async function timedWidget(wsUrl: string, siteKey: string): Promise<{ seen: { at: number; online: boolean }[]; close(): void; waitFor(online: boolean, timeoutMs?: number): Promise<number> }> {
  const ws = new WebSocket(`${wsUrl}/ws/widget?site=${siteKey}`);
  const seen: { at: number; online: boolean }[] = [];
  ws.on('message', (data) => seen.push({ at: Date.now(), online: (JSON.parse(String(data)) as { online: boolean }).online }));
  await new Promise((r) => ws.once('message', r));
  // Messages already matched by an earlier waitFor are skipped (a status may arrive before its ack).
  let cursor = 1;
  return {
    seen,
    close: () => ws.close(),
    async waitFor(online, timeoutMs = 15_000) {
      const found = (): number => seen.findIndex((m, i) => i >= cursor && m.online === online);
      await vi.waitFor(() => { if (found() < 0) throw new Error(`widget never saw online=${online}: ${JSON.stringify(seen)}`); }, { timeout: timeoutMs, interval: 20 });
      const i = found();
      cursor = i + 1;
      return seen[i]!.at;
    },
  };
}

describe('SPEC 9 history and reports on a real server', () => {
  it('the coverage gaps are what a widget saw (within 1 s), through drops inside and beyond the grace window', async () => {
    const s = await startTestServer({ graceMs: 2_000 });
    try {
      const agent = await s.createAgent({ name: 'Petr' });
      const widget = await timedWidget(s.wsUrl, s.siteKey);
      const started = Date.now();
      let dev = await connectAgent(s.wsUrl, agent.token, { deviceId: 'history-dev-1' });
      await dev.setStatus('online');
      await widget.waitFor(true);
      await sleep(1_200);
      await dev.setStatus('away');
      await widget.waitFor(false);
      await sleep(1_200);
      await dev.setStatus('online');
      await widget.waitFor(true);
      // An unclean drop inside the grace window: no change for visitors, no gap.
      dev.ws.terminate();
      await sleep(300);
      dev = await connectAgent(s.wsUrl, agent.token, { deviceId: 'history-dev-1' });
      await sleep(2_500);
      // Beyond it: offline when the window ends, online again on reconnect.
      dev.ws.terminate();
      await widget.waitFor(false);
      await sleep(1_200);
      dev = await connectAgent(s.wsUrl, agent.token, { deviceId: 'history-dev-1' });
      await widget.waitFor(true);
      await sleep(1_200);
      await dev.bye();
      await widget.waitFor(false);
      await sleep(1_200);

      // The offline stretches the widget saw after it first went online.
      const firstOnline = widget.seen.findIndex((m) => m.online);
      const observed: { from: number; to: number | null }[] = [];
      for (const m of widget.seen.slice(firstOnline)) {
        if (!m.online) observed.push({ from: m.at, to: null });
        else if (observed.length > 0 && observed[observed.length - 1]!.to === null) observed[observed.length - 1]!.to = m.at;
      }
      expect(observed).toHaveLength(3);
      const today = new Date().toISOString().slice(0, 10);
      const asked = Date.now();
      const res = await s.api('GET', `/api/v1/reports/coverage?from=${today}&to=${today}`, { token: s.admin.token });
      expect(res.status).toBe(200);
      expect(res.body.timezone).toBe('UTC');
      const gaps = (res.body.days[0].gaps as { from: string; to: string }[]).map((g) => ({ from: Date.parse(g.from), to: Date.parse(g.to) }));
      // Before the first online the box was offline since boot (a gap from midnight, unless boot was today at 00:00).
      const later = gaps.filter((g) => g.from >= widget.seen[firstOnline]!.at - 1_000);
      expect(later).toHaveLength(3);
      later.forEach((g, i) => {
        expect(Math.abs(g.from - observed[i]!.from)).toBeLessThanOrEqual(1_000);
        expect(Math.abs(g.to - (observed[i]!.to ?? asked))).toBeLessThanOrEqual(1_000);
      });
      const day = res.body.days[0];
      expect(day.coveredSeconds + day.uncoveredSeconds).toBe(day.openSeconds);

      // The agent's own history: each change once, with the server's reasons.
      const own = await s.api('GET', `/api/v1/agents/me/history?from=${new Date(started).toISOString()}`, { token: agent.token });
      expect(own.status).toBe(200);
      expect(own.body.events.map((e: { status: string; reason: string }) => `${e.status}:${e.reason}`)).toEqual([
        'online:manual', 'away:manual', 'online:manual', 'offline:grace_expired', 'online:device_back', 'offline:last_device_left',
      ]);
      expect(own.body.initial).toMatchObject({ status: 'offline', reason: 'agent_added', version: 0 });

      // The agents report agrees with what the widget saw (he was the only agent).
      const agents = await s.api('GET', `/api/v1/reports/agents?from=${today}&to=${today}`, { token: s.admin.token });
      expect(agents.status).toBe(200);
      const petr = agents.body.agents.find((a: { agentId: string }) => a.agentId === agent.id);
      const onlineMs = observed.reduce((sum, o, i) => sum + (o.from - (i === 0 ? widget.seen[firstOnline]!.at : observed[i - 1]!.to!)), 0);
      expect(Math.abs(petr.days[0].onlineSeconds * 1000 - onlineMs)).toBeLessThanOrEqual(3_000);
      expect(petr.days[0].firstOnline).not.toBeNull();

      const csv = await fetch(`${s.url}/api/v1/reports/coverage?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${s.admin.token}`, accept: 'text/csv' } });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toBe('date,openSeconds,coveredSeconds,uncoveredSeconds,coverage,gaps');
      expect(lines[1]!.startsWith(`${today},`)).toBe(true);
      expect(lines[2]!.startsWith('total,')).toBe(true);
      const agentsCsv = await s.api('GET', `/api/v1/reports/agents?from=${today}&to=${today}&format=csv`, { token: s.admin.token });
      expect(String(agentsCsv.body).split('\r\n')[0]).toBe('agentId,name,date,onlineSeconds,awaySeconds,offlineSeconds,firstOnline,lastOnline');
      widget.close();
    } finally {
      await s.close();
    }
  }, 90_000);

  it('a past day is reported with the office hours in force then, not today\'s', async () => {
    // Monday 2026-06-15 00:00 in Prague (UTC+2); the schedule is set at once.
    const clock = new ManualClock(Date.parse('2026-06-14T22:00:00Z'));
    const s = await startTestServer({ clock });
    try {
      const every = (from: string, to: string) => ({ enabled: true, timezone: 'Europe/Prague', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from, to }]])) });
      expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: every('09:00', '17:00') })).status).toBe(200);
      const a = await connectAgent(s.wsUrl, s.admin.token);
      clock.set(Date.parse('2026-06-15T06:30:00Z'));
      await a.setStatus('online');
      clock.set(Date.parse('2026-06-15T08:00:00Z')); // 10:00: a new schedule, afternoons only
      expect((await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: every('13:00', '17:00') })).status).toBe(200);
      clock.set(Date.parse('2026-06-15T12:00:00Z')); // 14:00
      await a.setStatus('away');
      clock.set(Date.parse('2026-06-15T13:00:00Z')); // 15:00
      await a.setStatus('online');
      clock.set(Date.parse('2026-06-16T06:00:00Z'));
      const report = async () => (await s.api('GET', '/api/v1/reports/coverage?from=2026-06-15&to=2026-06-15', { token: s.admin.token })).body;
      // 09–10 under the first schedule, 13–17 under the second; away 14–15 is the one gap.
      await vi.waitFor(async () => expect((await report()).days[0]).toEqual({
        date: '2026-06-15', openSeconds: 5 * 3600, coveredSeconds: 4 * 3600, uncoveredSeconds: 3600,
        gaps: [{ from: '2026-06-15T14:00:00+02:00', to: '2026-06-15T15:00:00+02:00' }],
      }), { timeout: 10_000, interval: 100 });
      expect((await report()).timezone).toBe('Europe/Prague');
      await a.bye();
    } finally {
      await s.close();
    }
  }, 60_000);

  it('the team\'s "since" comes from the log: the start of the current status, kept across a restart', async () => {
    const clock = new ManualClock(Date.parse('2026-06-15T08:00:00Z'));
    const s = await startTestServer({ clock });
    try {
      const agent = await s.createAgent({ name: 'Since' });
      const since = async (id: string) => ((await s.api('GET', '/api/v1/presence', { token: s.admin.token })).body.agents as { id: string; since: string | null }[]).find((a) => a.id === id)!.since;
      expect(await since(agent.id)).toBe('2026-06-15T08:00:00.000Z'); // added, offline since then
      const dev = await connectAgent(s.wsUrl, agent.token, { deviceId: 'since-dev-1' });
      clock.set(Date.parse('2026-06-15T08:42:00Z'));
      await dev.setStatus('online');
      clock.set(Date.parse('2026-06-15T09:00:00Z'));
      await dev.setStatus('online'); // the same status again: no new run
      expect(await since(agent.id)).toBe('2026-06-15T08:42:00.000Z');
      clock.set(Date.parse('2026-06-15T10:15:00Z'));
      await dev.setStatus('away');
      expect(await since(agent.id)).toBe('2026-06-15T10:15:00.000Z');
      dev.ws.terminate();
      await s.restart();
      // Boot grace keeps him away; the run goes on, so "since" stays what it was before the restart.
      expect(await since(agent.id)).toBe('2026-06-15T10:15:00.000Z');
    } finally {
      await s.close();
    }
  }, 60_000);

  it('who may read what, and bad input is a 400 naming the field', async () => {
    const s = await startTestServer();
    try {
      const agent = await s.createAgent();
      const other = await s.createAgent();
      const get = (path: string, token = s.admin.token) => s.api('GET', path, { token });
      expect((await get('/api/v1/reports/coverage?from=2026-06-01&to=2026-06-02', agent.token)).status).toBe(403);
      expect((await get('/api/v1/reports/agents?from=2026-06-01&to=2026-06-02', agent.token)).status).toBe(403);
      expect((await get(`/api/v1/agents/${other.id}/history?from=2026-06-01T00:00:00Z`, agent.token)).status).toBe(403);
      expect((await get(`/api/v1/agents/${agent.id}/history?from=2026-06-01T00:00:00Z`, agent.token)).status).toBe(200);
      expect((await get(`/api/v1/agents/${agent.id}/history?from=2026-06-01T00:00:00Z`)).status).toBe(200);
      expect((await get('/api/v1/agents/nobody/history?from=2026-06-01T00:00:00Z')).status).toBe(404);
      const cases: [string, string][] = [
        ['/api/v1/reports/coverage?from=2026-02-30&to=2026-03-01', 'from'],
        ['/api/v1/reports/coverage?from=2026-06-02&to=2026-06-01', 'to'],
        ['/api/v1/reports/coverage?from=2025-01-01&to=2026-06-01', 'to'],
        ['/api/v1/reports/coverage?from=2026-06-01', 'to'],
        ['/api/v1/reports/coverage?from=2026-06-01&to=2026-06-01&format=xml', 'format'],
        ['/api/v1/reports/agents?from=yesterday&to=2026-06-01', 'from'],
        [`/api/v1/agents/${agent.id}/history`, 'from'],
        [`/api/v1/agents/${agent.id}/history?from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z`, 'to'],
      ];
      for (const [path, field] of cases) {
        const res = await get(path);
        expect(res.status, path).toBe(400);
        expect(res.body.error.details.map((d: { path: string }) => d.path), path).toContain(field);
      }
      expect((await get('/api/v1/reports/coverage?from=2026-06-01&to=2026-06-01&group=nope')).status).toBe(404);
      const group = await s.createGroup('Sales', [agent.id]);
      const ok = await get(`/api/v1/reports/coverage?from=2026-06-01&to=2026-06-01&group=${group.id}`);
      expect(ok.status).toBe(200);
      expect(ok.body.group).toBe(group.id);
    } finally {
      await s.close();
    }
  }, 60_000);
});
