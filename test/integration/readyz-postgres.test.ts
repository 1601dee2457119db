// Issue 19, finding 8 on PostgreSQL: /readyz only read, so a node whose database turned read-only
// (a standby after a failover, or a primary set `default_transaction_read_only`) said "ready"
// while every status change failed. The node here signs in as a role of its own; the test turns
// that role read-only and ends its sessions, as a failover would, so the pool reconnects into a
// database that refuses writes. Nothing else on the shared PostgreSQL is touched.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPresenceServer, type PresenceServer } from '../../src/server/app.js';
import { createAccount } from '../../src/server/setup.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { cleanup, clusterServicesAvailable, PG_URL } from '../helpers/cluster.js';
import { callApi } from '../helpers/http.js';

const available = await clusterServicesAvailable();
const tag = randomBytes(5).toString('hex');
const schema = `ro_${tag}`;
const role = `presence_ro_${tag}`;
const PASSWORD = 'readyz-password-1';

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client(PG_URL);
  await client.connect();
  try { await client.query(sqlText); } finally { await client.end(); }
}

/** As a failover does: new sessions of the role get the setting, and the old ones are ended. */
async function setReadOnly(on: boolean): Promise<void> {
  await admin(`ALTER ROLE ${role} SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
}

async function readyzUntil(server: PresenceServer, status: number): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await callApi(server.url, 'GET', '/readyz');
    // The first probe after the sessions ended may meet a dead pooled client; the pool replaces it.
    if (res.status === status || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!available)('/readyz on a read-only PostgreSQL', () => {
  let server: PresenceServer;
  let token: string;
  let adminId: string;

  beforeAll(async () => {
    await admin(`CREATE ROLE ${role} LOGIN`);
    await admin(`GRANT CREATE ON DATABASE ${new URL(PG_URL).pathname.slice(1)} TO ${role}`);
    const url = new URL(PG_URL);
    url.username = role;
    const setup = await openPostgresStore(url.toString(), { schema, poolSize: 2 });
    const email = `admin-${tag}@readyz.example`;
    ({ adminId } = await createAccount(setup, { account: `Readyz ${tag}`, email, password: PASSWORD, name: 'Admin' }));
    await setup.close();
    const store = await openPostgresStore(url.toString(), { schema, poolSize: 2 });
    server = await startPresenceServer({ logger: pino({ level: 'silent' }), store, dataDir: '', host: '127.0.0.1', port: 0 });
    const login = await callApi(server.url, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    token = (login.body as { token: string }).token;
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await cleanup(schema, `ro:${tag}:`);
    await admin(`REVOKE CREATE ON DATABASE ${new URL(PG_URL).pathname.slice(1)} FROM ${role}`).catch(() => undefined);
    await admin(`DROP ROLE IF EXISTS ${role}`);
  });

  it('is 503 naming the read-only database, refuses a change with a clear error, and is ready again after', async () => {
    expect((await callApi(server.url, 'GET', '/readyz')).body).toEqual({ ok: true, store: 'postgres' });

    await setReadOnly(true);
    const down = await readyzUntil(server, 503);
    expect(down.status).toBe(503);
    expect(down.body.error.message).toMatch(/database is read-only/);
    const change = await callApi(server.url, 'PUT', '/api/v1/agents/me/status', { token, body: { status: 'online' } });
    expect(change.status).toBe(503);
    expect(change.body.error.message).toMatch(/read-only; nothing was changed/);

    await setReadOnly(false);
    expect((await readyzUntil(server, 200)).status).toBe(200);
    // The refused change changed nothing.
    const presence = await callApi(server.url, 'GET', '/api/v1/presence', { token });
    expect(presence.body.agents.find((a: { id: string }) => a.id === adminId).status).toBe('offline');
  }, 40_000);
});
