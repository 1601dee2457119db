// Creates accounts, agents and bearer tokens straight in a fresh SQLite data directory before the
// server starts: logging 20k agents in through the API would mostly benchmark scrypt.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, newToken } from '../../src/server/ids.js';
import { hashPassword } from '../../src/server/passwords.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import { TOKEN_TTL_MS } from '../../src/server/auth.js';

export interface SeedOptions {
  accounts: number;
  agentsPerAccount: number;
  /** Store every agent's intent as online (the storm: agents that were online before the crash). */
  online?: boolean;
}

export interface SeededAgent { id: string; email: string; token: string; account: number }

export interface Seeded {
  dataDir: string;
  siteKeys: string[];
  agents: SeededAgent[];
  password: string;
}

export const BENCH_PASSWORD = 'bench-password-1';

export async function seedDataDir(o: SeedOptions): Promise<Seeded> {
  // Seeding commits one row at a time; on tmpfs fsync is free, then the finished database is
  // copied to a real disk so the server under test pays for durable writes as in production.
  const shm = '/dev/shm';
  const scratch = mkdtempSync(join(tryDir(shm) ?? tmpdir(), 'presence-seed-'));
  const store = await openSqliteStore(scratch);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const siteKeys: string[] = [];
  const agents: SeededAgent[] = [];
  const tag = `${process.pid}-${Date.now()}`;
  for (let a = 0; a < o.accounts; a++) {
    const account = await store.createAccount(`Bench ${a}`);
    siteKeys.push(account.siteKey);
    for (let g = 0; g < o.agentsPerAccount; g++) {
      const email = `agent-${a}-${g}-${tag}@bench.example`;
      const row = await store.createAgent(account.id, { email, name: `Agent ${a}.${g}`, role: g === 0 ? 'admin' : 'agent', passwordHash, groupIds: [] });
      const token = newToken();
      await store.createToken(hashToken(token), row.id, Date.now() + TOKEN_TTL_MS);
      if (o.online) await store.setIntent(row.id, { status: 'online', reason: 'manual', byDeviceId: null, byKind: 'server', at: Date.now() });
      agents.push({ id: row.id, email, token, account: a });
    }
  }
  await store.close();
  const dataDir = mkdtempSync(join(tmpdir(), 'presence-bench-'));
  cpSync(scratch, dataDir, { recursive: true });
  rmSync(scratch, { recursive: true, force: true });
  return { dataDir, siteKeys, agents, password: BENCH_PASSWORD };
}

function tryDir(dir: string): string | null {
  try {
    rmSync(mkdtempSync(join(dir, 'probe-')), { recursive: true });
    return dir;
  } catch {
    return null;
  }
}
