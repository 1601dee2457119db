// `npx tsx scripts/login-timing.ts [N]`: how long a refused sign-in takes for an unknown email
// and for a known email with a wrong password (issue 19, finding 6), median of N each, measured
// over HTTP on loopback against a real server on a temp SQLite file. Attempts alternate, each from
// its own forwarded address so no lock interferes; prints the two medians and their ratio.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { LOGIN_LOCK } from '../src/common/timings.js';
import { startPresenceServer } from '../src/server/app.js';
import { createAccount } from '../src/server/setup.js';
import { openSqliteStore } from '../src/server/store/sqlite.js';

// Below the per-email global cap (LOGIN_LOCK.globalFailures), which would answer 429 instead.
const n = Math.min(Number(process.argv[2] ?? 40), LOGIN_LOCK.globalFailures - 1);
const dataDir = mkdtempSync(join(tmpdir(), 'presence-login-timing-'));
const setup = await openSqliteStore(dataDir);
await createAccount(setup, { account: 'Timing', email: 'known@timing.example', password: 'the-right-password' });
await setup.close();
const server = await startPresenceServer({ dataDir, host: '127.0.0.1', port: 0, trustProxy: ['127.0.0.1/32'], logger: pino({ level: 'silent' }) });

const once = async (email: string, i: number): Promise<number> => {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.1.${Math.floor(i / 250)}.${i % 250}` }, body: JSON.stringify({ email, password: 'wrong-password' }) });
  await res.arrayBuffer();
  if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
  return performance.now() - t0;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const unknown: number[] = [];
const known: number[] = [];
for (let i = 0; i < n; i++) {
  unknown.push(await once(`nobody-${i}@timing.example`, 2 * i));
  known.push(await once('known@timing.example', 2 * i + 1));
}
await server.close();
console.log(JSON.stringify({ attempts: n, unknownMedianMs: +median(unknown).toFixed(1), knownWrongMedianMs: +median(known).toFixed(1), ratio: +(median(known) / median(unknown)).toFixed(2) }));
