// A seeded data directory and a presence-server child process for the fault and soak suites:
// one account, N agents with bearer tokens minted in the store (no sign-in rate limit to trip).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, newToken } from '../../src/server/ids.js';
import { connectAgent } from './agent-socket.js';
import { hashPassword } from '../../src/server/passwords.js';
import { createAccount } from '../../src/server/setup.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';

export interface Seeded {
  dataDir: string;
  siteKey: string;
  accountId: string;
  admin: { id: string; token: string };
  agents: { id: string; token: string; email: string }[];
}

export async function seedDataDir(agentCount: number, dataDir = mkdtempSync(join(tmpdir(), 'presence-hardening-'))): Promise<Seeded> {
  const store = await openSqliteStore(dataDir);
  const created = await createAccount(store, { account: 'Hardening', email: `admin-${Date.now()}@hardening.example`, password: 'password-123' });
  const passwordHash = await hashPassword('password-123');
  const mint = async (agentId: string) => {
    const token = newToken();
    await store.createToken(hashToken(token), agentId, Date.now() + 7 * 24 * 3600 * 1000);
    return token;
  };
  const agents: Seeded['agents'] = [];
  for (let i = 0; i < agentCount; i++) {
    const email = `agent-${i}-${Date.now()}@hardening.example`;
    const row = await store.createAgent(created.accountId, { email, name: `Agent ${i}`, role: 'agent', groupIds: [], passwordHash });
    agents.push({ id: row.id, token: await mint(row.id), email });
  }
  const admin = { id: created.adminId, token: await mint(created.adminId) };
  await store.close();
  return { dataDir, siteKey: created.siteKey, accountId: created.accountId, admin, agents };
}

/** Mounts a tmpfs (root only, and only where the sandbox permits mount); false when it cannot. */
export function mountTmpfs(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export function remount(dir: string, options: string): void {
  execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' });
}

export function unmount(dir: string): void {
  try { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); } catch { /* already gone */ }
}

export async function json(url: string, method: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  try { return { status: res.status, body: text ? JSON.parse(text) : null }; } catch { return { status: res.status, body: text }; }
}

export interface FlapCounts { acks: number; agentSessions: number; uncleanDrops: number }

/**
 * One agent of the soaks until `until`: sessions on three device ids in turn, each a few status
 * changes about 600 ms apart (under the 20 per 10 s limit, so never refused), every third session
 * dropped without a word. Counts into `counts`; `lastAck` keeps the highest version acknowledged.
 */
export async function flapAgent(wsUrl: string, agent: { id: string; token: string }, label: string, until: number, counts: FlapCounts, lastAck: Map<string, number>): Promise<void> {
  const statuses = ['online', 'away', 'offline'] as const;
  for (let k = 0; Date.now() < until; k++) {
    const dev = await connectAgent(wsUrl, agent.token, { deviceId: `${label}-${k % 3}-device` });
    counts.agentSessions++;
    for (let n = 0; n < 5 + (k % 7) && Date.now() < until; n++) {
      const ack = await dev.setStatus(statuses[(n + k) % 3]!);
      counts.acks++;
      lastAck.set(agent.id, Math.max(lastAck.get(agent.id) ?? 0, ack.version));
      await new Promise((r) => setTimeout(r, 600));
    }
    if (k % 3 === 2) { counts.uncleanDrops++; dev.ws.terminate(); } else await dev.bye();
  }
}
