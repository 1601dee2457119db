// SPEC 8: a killed server loses no acknowledged status or configuration (SQLite, WAL, FULL sync).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectAgent } from '../helpers/agent-socket.js';
import { spawnServer } from '../helpers/server-process.js';
import { createAccount } from '../../src/server/setup.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';

describe('SPEC 8 durability', () => {
  it('kill -9 right after acks: every acknowledged status and group is there after restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'presence-kill-'));
    const store = await openSqliteStore(dataDir);
    await createAccount(store, { account: 'Kill', email: 'kill@test.example', password: 'password-123' });
    await store.close();
    // Each round on a port of its own choosing: a fixed random one could be an ephemeral port that
    // another suite's connection holds by then (seen as "port already in use").
    for (let round = 0; round < 3; round++) {
      const server = await spawnServer(['--port', '0', '--data', dataDir]);
      const login = await (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kill@test.example', password: 'password-123' }) })).json();
      const group = await fetch(`${server.url}/api/v1/groups`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` }, body: JSON.stringify({ name: `round ${round}` }) });
      expect(group.status).toBe(201);
      const dev = await connectAgent(server.url.replace('http', 'ws'), login.token);
      let last = { version: 0, status: 'offline' };
      for (let i = 0; i < 15; i++) {
        const status = (['online', 'away', 'offline'] as const)[(i + round) % 3]!;
        const ack = await dev.setStatus(status);
        last = { version: ack.version, status };
      }
      server.child.kill('SIGKILL');
      await server.exited;
      dev.ws.terminate();
      const check = await openSqliteStore(dataDir);
      const agent = (await check.getAgentByEmail('kill@test.example'))!;
      expect({ version: agent.version, status: agent.intent }).toEqual(last);
      expect((await check.listGroups(agent.accountId)).map((g) => g.name)).toContain(`round ${round}`);
      await check.close();
    }
  }, 90_000);

  it('SIGTERM closes every socket with 1001 and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'presence-term-'));
    const store = await openSqliteStore(dataDir);
    const { siteKey } = await createAccount(store, { account: 'Term', email: 'term@test.example', password: 'password-123' });
    await store.close();
    const server = await spawnServer(['--port', '0', '--data', dataDir]);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/widget?site=${siteKey}`);
    await new Promise((r) => ws.once('message', r));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    server.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('an unwritable data directory and a taken port give clear messages', async () => {
    // Root ignores permission bits, so use a path under a regular file: it can never be a directory.
    const file = join(mkdtempSync(join(tmpdir(), 'presence-file-')), 'a-file');
    writeFileSync(file, 'x');
    const blocked = await spawnServer(['--port', '0', '--data', join(file, 'data')]).catch((e: Error) => e.message);
    expect(blocked).toMatch(/data directory .* is not writable/);
    const dataDir = mkdtempSync(join(tmpdir(), 'presence-port-'));
    const first = await spawnServer(['--port', '0', '--data', dataDir]);
    const port = new URL(first.url).port;
    const second = await spawnServer(['--port', port, '--data', mkdtempSync(join(tmpdir(), 'presence-port2-'))]).catch((e: Error) => e.message);
    expect(second).toMatch(new RegExp(`port ${port} is already in use`));
    first.child.kill('SIGTERM');
    await first.exited;
  }, 60_000);
});
