// A two-node cluster whose every link is a TCP proxy on loopback the partition suite can cut:
// node i → Redis, node i → PostgreSQL, and clients → node i. A cut is either `down` (connections
// reset, new ones refused: a link that is gone) or `blackhole` (bytes held, nothing closes: a
// dead route, the nastier kind). Devices and widgets reconnect like the real clients do and
// record everything they see, for test/helpers/history-checker.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import WebSocket from 'ws';
import { startPresenceServer, type PresenceServer } from '../../src/server/app.js';
import { RedisBus } from '../../src/server/cluster/redis-bus.js';
import { createAccount } from '../../src/server/setup.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { cleanup, PG_URL, REDIS_URL } from './cluster.js';
import { callApi } from './http.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export type Link = 'redis' | 'pg' | 'clients';
export type CutKind = 'down' | 'blackhole';

export interface Op { agentId: string; status: 'online' | 'offline'; socket: string; seq: number; sentAt: number; ack?: { version: number; at: number } }

export interface RecordingDevice { agentId: string; node: number; connected(): boolean; send(status: 'online' | 'offline'): Op | null; close(): void }
/** `conn` counts the widget's connections (1, 2, …): a reconnect's first frame starts a new sequence. */
export interface WidgetFrameRecord { online: boolean; reason: string; at: number; conn: number }
export interface RecordingWidget { name: string; node: number; frames: WidgetFrameRecord[]; last(): boolean | null; close(): void }

const PASSWORD = 'partition-password-1';
const port = (url: string): number => Number(new URL(url).port);

export interface PartitionWorld {
  nodes: PresenceServer[];
  agents: { id: string; token: string }[];
  ops: Op[];
  schema: string;
  cut(node: number, link: Link, kind: CutKind): void;
  heal(node: number, link: Link): void;
  healAll(): void;
  device(agent: number, node: number): RecordingDevice;
  widget(node: number): RecordingWidget;
  /** Every agent's intent and version as PostgreSQL holds them (read directly, not through a node). */
  finalRows(): Promise<{ agentId: string; intent: string; version: number }[]>;
  /** Runs SQL against the test's PostgreSQL directly (not through a node); tables are in `schema`. */
  query<R = Record<string, unknown>>(sql: string): Promise<R[]>;
  presence(node: number): Promise<{ online: boolean; agents: { id: string; status: string }[] }>;
  close(): Promise<void>;
}

export async function startPartitionWorld(opts: { agents: number; graceMs: number; heartbeatMs: number; leaseTtlMs: number }): Promise<PartitionWorld> {
  const tag = randomBytes(5).toString('hex');
  const schema = `p_${tag}`;
  const prefix = `part:${tag}:`;
  const setup = await openPostgresStore(PG_URL, { schema, poolSize: 2 });
  const email = `admin-${tag}@partition.example`;
  const created = await createAccount(setup, { account: `Partition ${tag}`, email, password: PASSWORD, name: 'Admin' });
  await setup.close();

  const links: Record<Link, TcpProxy>[] = [];
  const nodes: PresenceServer[] = [];
  for (let i = 0; i < 2; i++) {
    const redis = await startTcpProxy(port(REDIS_URL));
    const pgLink = await startTcpProxy(port(PG_URL));
    const pgUrl = new URL(PG_URL);
    pgUrl.port = String(pgLink.port);
    const store = await openPostgresStore(pgUrl.toString(), { schema, poolSize: 4 });
    const bus = await RedisBus.connect({ url: `redis://127.0.0.1:${redis.port}`, prefix, leaseTtlMs: opts.leaseTtlMs });
    const node = await startPresenceServer({ logger: pino({ level: process.env.TEST_LOG ?? 'silent' }), store, bus, host: '127.0.0.1', port: 0, graceMs: opts.graceMs, heartbeatMs: opts.heartbeatMs });
    nodes.push(node);
    links.push({ redis, pg: pgLink, clients: await startTcpProxy(node.port) });
  }
  const clientUrl = (i: number) => `ws://127.0.0.1:${links[i]!.clients.port}`;

  const login = async (mail: string): Promise<string> => {
    const res = await callApi(nodes[0]!.url, 'POST', '/api/v1/auth/login', { body: { email: mail, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return (res.body as { token: string }).token;
  };
  const agents = [{ id: created.adminId, token: await login(email) }];
  for (let k = 1; k < opts.agents; k++) {
    const mail = `agent-${k}-${tag}@partition.example`;
    const res = await callApi(nodes[0]!.url, 'POST', '/api/v1/agents', { token: agents[0]!.token, body: { email: mail, name: `Agent ${k}`, password: PASSWORD, role: 'agent', groupIds: [] } });
    if (res.status !== 201) throw new Error(`createAgent failed: ${res.status}`);
    agents.push({ id: (res.body as { id: string }).id, token: await login(mail) });
  }
  await new Promise((r) => setTimeout(r, 200));

  const ops: Op[] = [];
  const closers: (() => void)[] = [];
  let seq = 1;

  const world: PartitionWorld = {
    nodes, agents, ops, schema,
    cut(node, link, kind) {
      if (kind === 'down') links[node]![link].refuse(true);
      else links[node]![link].pause();
    },
    heal(node, link) {
      links[node]![link].refuse(false);
      links[node]![link].resume();
    },
    healAll() {
      for (let i = 0; i < 2; i++) for (const l of ['redis', 'pg', 'clients'] as const) world.heal(i, l);
    },
    device(agentIndex, node) {
      const agent = agents[agentIndex]!;
      const deviceId = `part-${agentIndex}-${randomBytes(4).toString('hex')}`;
      let ws: WebSocket | null = null;
      let ready = false;
      let stopped = false;
      const pending = new Map<number, Op>();
      const connect = (): void => {
        const socket = new WebSocket(`${clientUrl(node)}/ws/agent`);
        ws = socket;
        socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', token: agent.token, device: { id: deviceId, kind: 'desktop', name: 'partition' }, protocol: 1 })));
        socket.on('message', (data) => {
          const m = JSON.parse(String(data)) as { type: string; seq?: number; version?: number };
          if (m.type === 'welcome') ready = true;
          if (m.type === 'ack' && m.seq !== undefined) {
            const op = pending.get(m.seq);
            if (op) { op.ack = { version: m.version!, at: Date.now() }; pending.delete(m.seq); }
          }
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
          ready = false;
          pending.clear();
          if (!stopped) setTimeout(connect, 300);
        });
      };
      connect();
      const d: RecordingDevice = {
        agentId: agent.id, node,
        connected: () => ready,
        send(status) {
          if (!ready || !ws) return null;
          const op: Op = { agentId: agent.id, status, socket: deviceId, seq: seq++, sentAt: Date.now() };
          ops.push(op);
          pending.set(op.seq, op);
          ws.send(JSON.stringify({ type: 'status.set', status, reason: 'manual', seq: op.seq }));
          return op;
        },
        close() { stopped = true; ws?.close(1000); },
      };
      closers.push(() => d.close());
      return d;
    },
    widget(node) {
      const frames: WidgetFrameRecord[] = [];
      let ws: WebSocket | null = null;
      let stopped = false;
      let conn = 0;
      const connect = (): void => {
        const n = ++conn;
        const socket = new WebSocket(`${clientUrl(node)}/ws/widget?site=${encodeURIComponent(created.siteKey)}`);
        ws = socket;
        socket.on('message', (data) => {
          const m = JSON.parse(String(data)) as { type: string; online?: boolean; reason?: string };
          if (m.type === 'chatBox.status') frames.push({ online: m.online === true, reason: String(m.reason), at: Date.now(), conn: n });
        });
        socket.on('error', () => undefined);
        socket.on('close', () => { if (!stopped) setTimeout(connect, 300); });
      };
      connect();
      const w: RecordingWidget = { name: `node${node}-${randomBytes(2).toString('hex')}`, node, frames, last: () => frames.at(-1)?.online ?? null, close() { stopped = true; ws?.close(); } };
      closers.push(() => w.close());
      return w;
    },
    async finalRows() {
      const client = new pg.Client(PG_URL);
      await client.connect();
      try {
        const r = await client.query(`SELECT id, intent, version FROM ${schema}.agents`);
        return r.rows.map((row: { id: string; intent: string; version: number | string }) => ({ agentId: row.id, intent: row.intent, version: Number(row.version) }));
      } finally {
        await client.end();
      }
    },
    async query<R>(sql: string) {
      const client = new pg.Client(PG_URL);
      await client.connect();
      try { return (await client.query(sql)).rows as R[]; } finally { await client.end(); }
    },
    async presence(node) {
      const res = await callApi(nodes[node]!.url, 'GET', '/api/v1/presence', { token: agents[0]!.token });
      const body = res.body as { website: { online: boolean }; agents: { id: string; status: string }[] };
      return { online: body.website.online, agents: body.agents.map((a) => ({ id: a.id, status: a.status })) };
    },
    async close() {
      for (const c of closers) c();
      world.healAll();
      for (const n of nodes) await n.close().catch(() => undefined);
      for (const l of links) for (const p of Object.values(l)) await p.close();
      await cleanup(schema, prefix);
    },
  };
  return world;
}
