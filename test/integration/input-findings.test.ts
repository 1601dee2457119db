// Issue 19, finding 8 (the smaller items): each answered the wrong way on the code before.
// A repeated or bracketed `group` silently gave the website's status; a valid large schedule got
// 413 from the 64 KiB body limit; names took U+202E; `europe/prague` was stored as typed;
// `protocol:"1"` was refused as "unsupported protocol 1"; the dashboard's source maps were public.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DAYS, MAX_EXCEPTIONS, MAX_INTERVALS_PER_DAY, MAX_OFFLINE_MESSAGE } from '../../src/common/office-hours.js';
import { openAgentSocket } from '../helpers/agent-socket.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

const closeOf = (url: string) => new Promise<{ code: number; reason: string }>((resolve) => {
  const ws = new WebSocket(url);
  // A socket left open (the old behaviour: the website's status) fails the test instead of hanging it.
  const timer = setTimeout(() => { resolve({ code: -1, reason: 'still open after 10 s' }); ws.terminate(); }, 10_000);
  ws.on('close', (code, reason) => { clearTimeout(timer); resolve({ code, reason: String(reason) }); });
  ws.on('error', () => undefined);
});

describe('the widget status takes one group, once', () => {
  it('?group=G&group=G and ?group[]=G are 400 naming the field; ?group=G still works', async () => {
    const g = await s.createGroup('Sales');
    const base = `/api/v1/widget/${s.siteKey}/status`;
    for (const q of [`?group=${g.id}&group=${g.id}`, `?group[]=${g.id}`, `?group[x]=${g.id}`]) {
      const res = await s.api('GET', base + q);
      expect(res.status, q).toBe(400);
      expect(res.body.error.details[0].path).toBe('group');
    }
    expect((await s.api('GET', `${base}?group=${g.id}`)).body.group).toBe(g.id);
    expect((await s.api('GET', base)).body.group).toBe(null);
  });

  it('the widget socket closes a repeated group with 4400, not the website status', async () => {
    const g = await s.createGroup('Support');
    const res = await closeOf(`${s.wsUrl}/ws/widget?site=${s.siteKey}&group=${g.id}&group=${g.id}`);
    expect(res.code).toBe(4400);
    expect(res.reason).toMatch(/group/);
  });
});

function largestSchedule(exceptions: number) {
  const day = Array.from({ length: MAX_INTERVALS_PER_DAY }, (_, i) => ({ from: `${String(2 * i).padStart(2, '0')}:00`, to: `${String(2 * i).padStart(2, '0')}:59` }));
  return {
    enabled: true, timezone: 'America/Argentina/Buenos_Aires',
    weekly: Object.fromEntries(DAYS.map((d) => [d, day])),
    exceptions: Array.from({ length: exceptions }, (_, i) => ({ date: new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10), intervals: day })),
    messages: { offline: '€'.repeat(MAX_OFFLINE_MESSAGE) },
  };
}

const putRaw = (path: string, text: string) => fetch(`${s.url}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${s.admin.token}`, 'content-type': 'application/json' }, body: text })
  .then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

describe('the body limit agrees with the schedule validator', () => {
  it('the largest valid schedule, pretty-printed (about 380 KB), is stored', async () => {
    const text = JSON.stringify(largestSchedule(MAX_EXCEPTIONS), null, 2);
    expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024);
    const res = await putRaw('/api/v1/office-hours', text);
    expect(res.status).toBe(200);
    expect(res.body.exceptions).toHaveLength(MAX_EXCEPTIONS);
    const g = await s.createGroup('Big schedule');
    expect((await putRaw(`/api/v1/groups/${g.id}/office-hours`, text)).status).toBe(200);
  });

  it('one exception too many is a field error, not 413', async () => {
    const res = await putRaw('/api/v1/office-hours', JSON.stringify(largestSchedule(MAX_EXCEPTIONS + 1)));
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('exceptions');
  });
});

describe('names refuse bidirectional controls', () => {
  for (const ch of ['\u202E', '\u2066', '\u200F']) {
    it(`U+${ch.codePointAt(0)!.toString(16).toUpperCase()} in an agent, group or account name is 400 and nothing changes`, async () => {
      const before = (await s.api('GET', '/api/v1/agents', { token: s.admin.token })).body.agents.length;
      const agent = await s.api('POST', '/api/v1/agents', { token: s.admin.token, body: { email: `bidi-${ch.codePointAt(0)}@test.example`, name: `Jana${ch}gpj.exe`, password: 'long enough 1' } });
      expect(agent.status).toBe(400);
      expect(agent.body.error.details[0]).toMatchObject({ path: 'name', message: expect.stringMatching(/bidirectional/) });
      expect((await s.api('GET', '/api/v1/agents', { token: s.admin.token })).body.agents.length).toBe(before);
      expect((await s.api('POST', '/api/v1/groups', { token: s.admin.token, body: { name: `Sales${ch}` } })).status).toBe(400);
      expect((await s.api('PATCH', '/api/v1/account', { token: s.admin.token, body: { name: `Acme${ch}` } })).status).toBe(400);
    });
  }

  it('names in right-to-left scripts are fine', async () => {
    expect((await s.api('POST', '/api/v1/groups', { token: s.admin.token, body: { name: 'מכירות' } })).status).toBe(201);
  });
});

describe('time zones are stored canonical', () => {
  it('"europe/prague" is stored and answered as "Europe/Prague"', async () => {
    const res = await s.api('PUT', '/api/v1/office-hours', { token: s.admin.token, body: { enabled: true, timezone: 'europe/prague', weekly: { mon: [{ from: '09:00', to: '17:00' }] } } });
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe('Europe/Prague');
    expect((await s.api('GET', '/api/v1/office-hours', { token: s.admin.token })).body.timezone).toBe('Europe/Prague');
  });
});

describe('hello with protocol "1" (a string)', () => {
  it('closes with 4400 saying the protocol must be the number 1', async () => {
    const { ws, opened } = openAgentSocket(s.wsUrl);
    await opened;
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, r) => resolve({ code, reason: String(r) })));
    ws.send(JSON.stringify({ type: 'hello', token: s.admin.token, device: { id: 'device-0001', kind: 'cli' }, protocol: '1' }));
    expect(await closed).toEqual({ code: 4400, reason: 'protocol must be the number 1, not the string "1"' });
  });
});

describe('the dashboard does not serve source maps', () => {
  it('no .map is served, even when the dashboard directory holds one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'presence-dash-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="./app.js"></script>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map\n');
    writeFileSync(join(dir, 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');
    const t = await startTestServer({ dashboardDir: dir });
    try {
      expect((await fetch(`${t.url}/app.js`)).status).toBe(200);
      expect((await fetch(`${t.url}/app.js.map`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('the production build has no source maps and points to none', async () => {
    const html = readFileSync(new URL('../../renderer/dist/index.html', import.meta.url), 'utf8');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${s.url}/${script}`);
    expect(js.status).toBe(200);
    expect(await js.text()).not.toMatch(/sourceMappingURL/);
    expect((await fetch(`${s.url}/${script}.map`)).status).toBe(404);
  });
});
