// `npx tsx bench/fairness.ts [widgets] [seconds] [gapMs]` (issue 19, finding 3): how a noisy account's
// widget fan-out affects another account's acknowledgements. Account 0 has `widgets` widget
// sockets (default 2,000, in 4 client processes) and 200 agents taking turns so that every change
// flips what its visitors see, one every `gapMs` (default 20: 50 a second; each agent stays within
// the 20 per 10 s limit);
// account 1's agents make 4 changes a second and we time their acks. First `seconds` (default 10)
// with account 0 quiet, then as long with it noisy. Prints ack percentiles and the frames the
// noisy account's widgets received. Not part of `npm run bench`.
import { openDevice, type AgentDevice } from './lib/driver.js';
import { now, percentiles, sleep } from './lib/common.js';
import { seedDataDir } from './lib/seed.js';
import { startTarget } from './lib/targets.js';
import { WidgetPool } from './lib/widget-pool.js';

const widgets = Number(process.argv[2] ?? 2_000);
const seconds = Number(process.argv[3] ?? 10);
const gapMs = Number(process.argv[4] ?? 20);
const NOISY_AGENTS = 200;
const QUIET_AGENTS = 40;

const seeded = await seedDataDir({ accounts: 2, agentsPerAccount: NOISY_AGENTS });
const target = await startTarget('ours', { dataDir: seeded.dataDir });
const pool = await WidgetPool.start(4);
try {
  await pool.connect('ours', target.widgetUrl(seeded.siteKeys[0]!), widgets);
  const open = (account: number, count: number) => Promise.all(seeded.agents.filter((a) => a.account === account).slice(0, count).map((a, i) => openDevice(target, a.token, `fair-${account}-${i}`)));
  const noisy: AgentDevice[] = await open(0, NOISY_AGENTS);
  const quiet: AgentDevice[] = await open(1, QUIET_AGENTS);

  // Account 1: 4 changes a second, each agent once every 10 s, online and offline in turn.
  const measure = async (): Promise<number[]> => {
    const lat: number[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < seconds * 4; i++) {
      const { sentAt, acked } = quiet[i % QUIET_AGENTS]!.setStatus(Math.floor(i / QUIET_AGENTS) % 2 === 0 ? 'online' : 'offline');
      pending.push(acked.then(() => { lat.push(now() - sentAt); }));
      await sleep(250);
    }
    await Promise.all(pending);
    return lat;
  };

  const calm = percentiles(await measure());
  // Account 0: agent k online, then offline, then agent k+1: every change flips the website.
  let stop = false;
  let sent = 0;
  const flood = (async () => {
    for (let i = 0; !stop; i++) {
      const agent = noisy[Math.floor(i / 2) % NOISY_AGENTS]!;
      void agent.setStatus(i % 2 === 0 ? 'online' : 'offline').acked;
      sent++;
      await sleep(gapMs);
    }
  })();
  const before = await pool.counts();
  const busy = percentiles(await measure());
  stop = true;
  await flood;
  await sleep(500);
  const after = await pool.counts();
  const frames = (c: typeof before) => c.reduce((s, x) => s + x.perIndex.reduce((a, b) => a + b, 0), 0);
  const result = {
    widgets, seconds, gapMs, noisyChangesSent: sent, noisyWidgetFrames: frames(after) - frames(before),
    quietAckMs: { calm: { p50: +calm.p50.toFixed(1), p99: +calm.p99.toFixed(1) }, noisy: { p50: +busy.p50.toFixed(1), p99: +busy.p99.toFixed(1) } },
  };
  console.log(JSON.stringify(result));
  for (const d of [...noisy, ...quiet]) await d.close().catch(() => undefined);
} finally {
  await pool.close().catch(() => undefined);
  await target.stop();
}
