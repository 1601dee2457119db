// A real presence server on loopback with a real SQLite file in a temp dir, plus an account.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import WebSocket from 'ws';
import type { Clock } from '../../src/common/clock.js';
import type { WidgetStatus } from '../../src/common/protocol.js';
import { startPresenceServer, type PresenceServer, type ServerOptions } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/passwords.js';
import { createAccount } from '../../src/server/setup.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import { callApi } from './http.js';

export interface TestAgent { id: string; email: string; password: string; token: string }

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  siteKey: string;
  accountId: string;
  admin: TestAgent;
  server: PresenceServer;
  createAgent(opts?: { name?: string; role?: 'admin' | 'agent'; groupIds?: string[] }): Promise<TestAgent>;
  createGroup(name: string, memberIds?: string[]): Promise<{ id: string }>;
  /** Another account on the same server (cross-account tests). */
  createAccount(name?: string): Promise<{ accountId: string; siteKey: string; admin: TestAgent }>;
  api(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
  restart(): Promise<void>;
}

let counter = 0;
const PASSWORD = 'test-password-1';

export interface TestServerOptions extends Omit<ServerOptions, 'dataDir' | 'port' | 'host'> {
  dataDir?: string;
  clock?: Clock;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'presence-test-'));
  const tag = `${process.pid}-${Date.now()}-${counter++}`;
  const setup = await openSqliteStore(dataDir);
  const email = `admin-${tag}@test.example`;
  const created = await createAccount(setup, { account: `Test ${tag}`, email, password: PASSWORD, name: 'Admin' });
  await setup.close();
  const start = (port = 0) => startPresenceServer({ logger: pino({ level: process.env.TEST_LOG ?? 'silent' }), ...opts, dataDir, host: '127.0.0.1', port });
  let server = await start();

  const api: TestServer['api'] = (method, path, o) => callApi(server.url, method, path, o);
  const login = async (mail: string): Promise<string> => {
    const res = await api('POST', '/api/v1/auth/login', { body: { email: mail, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { token: string }).token;
  };

  const t: TestServer = {
    get url() { return server.url; },
    get wsUrl() { return server.url.replace(/^http/, 'ws'); },
    get port() { return server.port; },
    get server() { return server; },
    dataDir,
    siteKey: created.siteKey,
    accountId: created.accountId,
    admin: { id: created.adminId, email, password: PASSWORD, token: await login(email) },
    async createAgent(o = {}) {
      const mail = `agent-${tag}-${counter++}@test.example`;
      const res = await api('POST', '/api/v1/agents', { token: t.admin.token, body: { email: mail, name: o.name ?? mail.split('@')[0], password: PASSWORD, role: o.role ?? 'agent', groupIds: o.groupIds ?? [] } });
      if (res.status !== 201) throw new Error(`createAgent failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id, email: mail, password: PASSWORD, token: await login(mail) };
    },
    async createGroup(name, memberIds = []) {
      const res = await api('POST', '/api/v1/groups', { token: t.admin.token, body: { name, memberIds } });
      if (res.status !== 201) throw new Error(`createGroup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id };
    },
    async createAccount(name = 'Other') {
      const mail = `admin-${tag}-${counter++}@other.example`;
      const other = await createAccount(server.store, { account: name, email: mail, password: PASSWORD });
      await server.hub.accountCreated(other.accountId);
      return { accountId: other.accountId, siteKey: other.siteKey, admin: { id: other.adminId, email: mail, password: PASSWORD, token: await login(mail) } };
    },
    api,
    close: () => server.close(),
    async restart() {
      const port = server.port;
      await server.close();
      server = await start(port);
    },
  };
  return t;
}

export interface WidgetClient {
  ws: WebSocket;
  messages: WidgetStatus[];
  next(pred?: (m: WidgetStatus) => boolean, timeoutMs?: number): Promise<WidgetStatus>;
  closed: Promise<number>;
  close(): void;
}

/** A widget socket that records every chatBox.status it receives. */
export function widgetSocket(server: { wsUrl?: string; url: string; siteKey: string }, group?: string, site = server.siteKey): Promise<WidgetClient> {
  const base = server.wsUrl ?? server.url.replace(/^http/, 'ws');
  const ws = new WebSocket(`${base}/ws/widget?site=${encodeURIComponent(site)}${group ? `&group=${encodeURIComponent(group)}` : ''}`);
  const messages: WidgetStatus[] = [];
  const waiters: { pred: (m: WidgetStatus) => boolean; resolve: (m: WidgetStatus) => void }[] = [];
  let seen = 0;
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WidgetStatus;
    messages.push(m);
    for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const client: WidgetClient = {
    ws,
    messages,
    closed,
    next(pred = () => true, timeoutMs = 5000) {
      // Consider messages not yet consumed by an earlier next() first.
      for (; seen < messages.length; seen++) if (pred(messages[seen]!)) return Promise.resolve(messages[seen++]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`widget: no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs);
        waiters.push({ pred, resolve: (m) => { clearTimeout(timer); seen = messages.length; resolve(m); } });
      });
    },
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve(client));
    ws.once('close', (code) => resolve(client) ?? code);
    ws.once('error', reject);
  });
}

export { hashPassword };
