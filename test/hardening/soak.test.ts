// SPEC 8 soak: agents flapping, widgets churning, clients reconnecting (cleanly and not) against
// a server child process. RSS and open handles are sampled; the slope is reported and bounded,
// and the server logs no error. 60 s in CI, 30 min with --long.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { flapAgent, json, seedDataDir } from '../helpers/hardening-child.js';
import { LONG, recordFigures, sampleProcess, scale, slope } from '../helpers/hardening-scale.js';
import { spawnServer } from '../helpers/server-process.js';

const DURATION_MS = Number(process.env.HARDENING_SOAK_S ?? 0) * 1000 || scale(60_000, 30 * 60_000);
const AGENTS = 20;
const WIDGETS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SPEC 8 soak: flapping agents, churning widgets, reconnecting clients', () => {
  it(`${DURATION_MS / 1000} s: memory and handles flat, no error logs, every acknowledged change kept`, async () => {
    const seeded = await seedDataDir(AGENTS);
    const server = await spawnServer(['--port', '0', '--data', seeded.dataDir, '--grace', '5']);
    const wsUrl = server.url.replace('http', 'ws');
    const pid = server.child.pid!;
    const started = Date.now();
    const until = started + DURATION_MS;
    const counts = { acks: 0, agentSessions: 0, uncleanDrops: 0, widgetSessions: 0, presenceReads: 0, widgetMessages: 0 };
    const lastAck = new Map<string, number>();
    const samples: { t: number; rssKiB: number; fds: number }[] = [];
    const sampler = setInterval(() => { void sampleProcess(pid).then((s) => samples.push({ t: (Date.now() - started) / 60_000, ...s })).catch(() => undefined); }, 2_000);

    const agentLoop = (i: number) => flapAgent(wsUrl, seeded.agents[i]!, `soak-${i}`, until, counts, lastAck);
    const widgetLoop = async (i: number) => {
      while (Date.now() < until) {
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(`${wsUrl}/ws/widget?site=${seeded.siteKey}`);
          ws.on('message', () => { counts.widgetMessages++; });
          ws.on('error', () => undefined);
          ws.on('close', () => resolve());
          setTimeout(() => ws.close(1000), 500 + ((i * 97) % 2500));
        });
        counts.widgetSessions++;
      }
    };
    const readerLoop = async () => {
      while (Date.now() < until) {
        expect((await json(`${server.url}/api/v1/presence`, 'GET', seeded.admin.token)).status).toBe(200);
        counts.presenceReads++;
        await sleep(200);
      }
    };
    await Promise.all([...Array.from({ length: AGENTS }, (_, i) => agentLoop(i)), ...Array.from({ length: WIDGETS }, (_, i) => widgetLoop(i)), readerLoop()]);
    await sleep(2_500);
    clearInterval(sampler);
    const end = await sampleProcess(pid);
    // Ignore the first quarter (JIT warm-up, pools filling); fit the rest.
    const steady = samples.filter((s) => s.t >= DURATION_MS / 60_000 / 4);
    const rssSlope = slope(steady.map((s) => ({ x: s.t, y: s.rssKiB })));
    const fdSlope = slope(steady.map((s) => ({ x: s.t, y: s.fds })));
    const first = steady[0]!;
    const presence = (await json(`${server.url}/api/v1/presence`, 'GET', seeded.admin.token)).body;
    server.child.kill('SIGTERM');
    await server.exited;
    recordFigures('soak', {
      durationS: DURATION_MS / 1000, agents: AGENTS, widgets: WIDGETS, ...counts,
      rssKiB: { first: samples[0]?.rssKiB, steadyStart: first.rssKiB, max: Math.max(...samples.map((s) => s.rssKiB)), end: end.rssKiB },
      rssSlopeKiBPerMin: Math.round(rssSlope), fdSlopePerMin: Math.round(fdSlope * 10) / 10, fds: { first: samples[0]?.fds, end: end.fds }, errorLogs: server.output().split('\n').filter((l) => /"level":(50|60)/.test(l)).length, samples: samples.map((s) => [Math.round(s.t * 60), s.rssKiB, s.fds]),
    });
    const errors = server.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toEqual([]);
    for (const a of presence.agents) if (lastAck.has(a.id)) expect(a.version).toBeGreaterThanOrEqual(lastAck.get(a.id)!);
    // Bounded growth: a minute is mostly V8 sizing its heap, so CI bounds the total; the long run
    // also bounds the slope of its second half, where a leak would show as a steady climb.
    expect(Math.max(...steady.map((s) => s.rssKiB)) - first.rssKiB).toBeLessThan(96 * 1024);
    if (LONG) expect(slope(samples.filter((s) => s.t >= DURATION_MS / 60_000 / 2).map((s) => ({ x: s.t, y: s.rssKiB })))).toBeLessThan(1024);
    expect(end.fds).toBeLessThanOrEqual(samples[0]!.fds + 20);
  }, DURATION_MS + 60_000);
});
