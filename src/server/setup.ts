// Creating accounts outside the HTTP API: `presence-server init`, `--demo`, the tray app's local
// account, and tests. Idempotent where it says so.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OfficeHours } from '../common/office-hours.js';
import { hashPassword } from './passwords.js';
import { openSqliteStore, type SqliteOptions } from './store/sqlite.js';
import type { Store } from './store/store.js';

export interface CreatedAccount {
  accountId: string;
  siteKey: string;
  adminId: string;
}

export async function createAccount(store: Store, input: { account: string; email: string; password: string; name?: string }): Promise<CreatedAccount> {
  if (await store.getAgentByEmail(input.email.toLowerCase())) throw new Error(`an agent with email ${input.email} already exists`);
  const account = await store.createAccount(input.account);
  const admin = await store.createAgent(account.id, {
    email: input.email.toLowerCase(), name: input.name ?? input.email.split('@')[0]!, role: 'admin', groupIds: [], passwordHash: await hashPassword(input.password),
  });
  return { accountId: account.id, siteKey: account.siteKey, adminId: admin.id };
}

export interface DemoAccount extends CreatedAccount {
  logins: { email: string; password: string; role: string; groups: string[] }[];
  groups: { id: string; name: string }[];
}

const DEMO_PASSWORD = 'demo-password';

/** The demo: an admin, three agents, two groups (one agent in no group) and weekday office hours. */
export async function createDemoAccount(store: Store): Promise<DemoAccount> {
  const existing = await store.getAgentByEmail('admin@demo.example');
  if (existing) {
    const account = (await store.getAccount(existing.accountId))!;
    const groups = await store.listGroups(account.id);
    const agents = await store.listAgents(account.id);
    return {
      accountId: account.id, siteKey: account.siteKey, adminId: existing.id, groups: groups.map((g) => ({ id: g.id, name: g.name })),
      logins: agents.map((a) => ({ email: a.email, password: DEMO_PASSWORD, role: a.role, groups: a.groupIds.map((id) => groups.find((g) => g.id === id)?.name ?? id) })),
    };
  }
  const created = await createAccount(store, { account: 'Demo shop', email: 'admin@demo.example', password: DEMO_PASSWORD, name: 'Ada Admin' });
  const sales = await store.createGroup(created.accountId, 'Sales', []);
  const support = await store.createGroup(created.accountId, 'Support', []);
  const hash = await hashPassword(DEMO_PASSWORD);
  await store.createAgent(created.accountId, { email: 'sam@demo.example', name: 'Sam Sales', role: 'agent', groupIds: [sales.id], passwordHash: hash });
  await store.createAgent(created.accountId, { email: 'sue@demo.example', name: 'Sue Support', role: 'agent', groupIds: [support.id], passwordHash: hash });
  await store.createAgent(created.accountId, { email: 'nico@demo.example', name: 'Nico Nogroup', role: 'agent', groupIds: [], passwordHash: hash });
  const day = [{ from: '08:00', to: '18:00' }];
  const hours: OfficeHours = {
    enabled: false, timezone: 'Europe/Prague',
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
    exceptions: [{ date: '2026-12-24', intervals: [] }],
    messages: { offline: 'We are away. Leave a message and we will write back.' },
  };
  await store.updateAccount(created.accountId, { officeHours: hours });
  return createDemoAccount(store);
}

/** The tray app's local account: created once under dataDir, its login kept next to the database. */
export async function ensureLocalAccount(dataDir: string, sqlite: SqliteOptions = {}): Promise<{ email: string; password: string }> {
  const file = join(dataDir, 'local-login.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string };
  const store = await openSqliteStore(dataDir, sqlite);
  try {
    const login = { email: 'me@local.agent-presence', password: randomBytes(18).toString('base64url') };
    await createAccount(store, { account: 'My team', email: login.email, password: login.password, name: 'Me' });
    writeFileSync(file, JSON.stringify(login), { mode: 0o600 });
    return login;
  } finally {
    await store.close();
  }
}
