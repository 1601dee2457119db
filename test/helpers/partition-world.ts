// A two-node cluster in network namespaces for the partition suite (issue 19). Hosts: Redis,
// PostgreSQL and each node in a namespace of its own (test/helpers/netns.ts), the test process
// (root namespace) is the clients' host. Links, each its own veth pair so it can be cut alone:
// node i ↔ Redis, node i ↔ PostgreSQL, node i ↔ root (the clients), and root ↔ PostgreSQL, a
// control link never cut (seeding, final rows, `query`). A cut is `down` (refused at once, open
// connections aborted) or `blackhole` (packets dropped, nothing closes). Devices and widgets
// reconnect like the real clients do and record everything they see, for history-checker.ts.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { createAccount } from '../../src/server/setup.js';
import { openPostgresStore } from '../../src/server/store/postgres.js';
import { callApi } from './http.js';
import { createNetns, netnsSupport, type CutKind, type Netns, type VethLink } from './netns.js';
import { PG_BIN, startNodeIn, startPostgresIn, startRedisIn, type HostProcess } from './partition-hosts.js';

export type { CutKind } from './netns.js';
export type Link = 'redis' | 'pg' | 'clients';

/** One status change sent; `http` is the answer's status code for an HTTP change (0: no answer). */
export interface Op { agentId: string; status: 'online' | 'offline'; socket: string; seq: number; sentAt: number; ack?: { version: number; at: number }; http?: number }

/** The agent's own status as a device was shown it (welcome, then `status` frames), per connection. */
export interface DeviceView { version: number; status: string; at: number; conn: number }
export interface RecordingDevice { agentId: string; name: string; node: number; seen: DeviceView[]; connected(): boolean; send(status: 'online' | 'offline'): Op | null; close(): void }
/** `conn` counts the widget's connections (1, 2, …): a reconnect's first frame starts a new sequence. */
export interface WidgetFrameRecord { online: boolean; reason: string; at: number; conn: number }
export interface RecordingWidget { name: string; node: number; frames: WidgetFrameRecord[]; last(): boolean | null; close(): void }

const PASSWORD = 'partition-password-1';

/**
 * null when the suite can run here; otherwise why not. In CI that is a failure, not a skip
 * (like clusterServicesAvailable): a partition suite that silently skips proves nothing.
 */
export function partitionWorldSupport(): string | null {
  const why = netnsSupport() ?? missingBinaries();
  if (why && process.env.CI) throw new Error(`the partition suite cannot run here (CI=true, so not skipping): ${why}`);
  return why;
}

function missingBinaries(): string | null {
  const missing = ['redis-server', 'redis-cli', 'runuser', 'ss', `${PG_BIN}/initdb`, `${PG_BIN}/postgres`].filter((b) => spawnSync(b, ['--version']).error);
  return missing.length > 0 ? `missing ${missing.join(', ')}` : null;
}

export interface PartitionWorld {
  /** Each node's address as the clients see it (its clients-link address) and its process id. */
  nodes: { url: string; pid: number }[];
  agents: { id: string; token: string }[];
  ops: Op[];
  schema: string;
  cut(node: number, link: Link, kind: CutKind): void;
  heal(node: number, link: Link): void;
  healAll(): void;
  device(agent: number, node: number): RecordingDevice;
  /** `PUT /agents/me/status` through node's clients link; a 200 is the acknowledgement (its version). */
  httpSet(agent: number, node: number, status: 'online' | 'offline'): Op;
  widget(node: number): RecordingWidget;
  /** Every agent's intent and version as PostgreSQL holds them (read over the control link, not through a node). */
  finalRows(): Promise<{ agentId: string; intent: string; version: number }[]>;
  /** Runs SQL against the test's PostgreSQL over the control link (tables live in `schema`). */
  query<R = Record<string, unknown>>(sql: string): Promise<R[]>;
  presence(node: number): Promise<{ online: boolean; agents: { id: string; status: string }[] }>;
  close(): Promise<void>;
}

export async function startPartitionWorld(opts: { agents: number; graceMs: number; heartbeatMs: number; leaseTtlMs: number }): Promise<PartitionWorld> {
  const net: Netns = createNetns();
  const procs: HostProcess[] = [];
  try {
    return await build(net, procs, opts);
  } catch (err) {
    for (const p of procs.reverse()) await p.stop().catch(() => undefined);
    net.close();
    throw err;
  }
}

async function build(net: Netns, procs: HostProcess[], opts: { agents: number; graceMs: number; heartbeatMs: number; leaseTtlMs: number }): Promise<PartitionWorld> {
  const tag = net.tag;
  const schema = `p_${tag}`;
  const prefix = `part:${tag}:`;
  const redisNs = net.host('redis');
  const pgNs = net.host('pg');
  const nodeNs = [net.host('n0'), net.host('n1')];
  const links = nodeNs.map((ns) => ({ redis: net.link(ns, redisNs), pg: net.link(ns, pgNs), clients: net.link(null, ns) } satisfies Record<Link, VethLink>));
  const control = net.link(null, pgNs);
  procs.push(await startRedisIn(redisNs, links.map((l) => l.redis.far.addr)));
  procs.push(await startPostgresIn(pgNs, [control.far.addr, ...links.map((l) => l.pg.far.addr)]));
  const controlUrl = `postgres://postgres@${control.far.addr}:5432/postgres`;

  const setup = await openPostgresStore(controlUrl, { schema, poolSize: 2 });
  const email = `admin-${tag}@partition.example`;
  const created = await createAccount(setup, { account: `Partition ${tag}`, email, password: PASSWORD, name: 'Admin' });
  await setup.close();

  const nodes: PartitionWorld['nodes'] = [];
  for (let i = 0; i < 2; i++) {
    const l = links[i]!;
    const node = await startNodeIn(nodeNs[i]!, {
      pgUrl: `postgres://postgres@${l.pg.far.addr}:5432/postgres`, redisUrl: `redis://${l.redis.far.addr}:6379`,
      schema, prefix, host: l.clients.far.addr, graceMs: opts.graceMs, heartbeatMs: opts.heartbeatMs, leaseTtlMs: opts.leaseTtlMs,
    });
    procs.push(node);
    nodes.push({ url: `http://${l.clients.far.addr}:${node.port}`, pid: node.child.pid! });
  }
  const clientUrl = (i: number) => nodes[i]!.url.replace(/^http/, 'ws');

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
  const query = async <R = Record<string, unknown>>(sql: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: controlUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return (await client.query(sql)).rows as R[];
    } finally {
      await client.end();
    }
  };

  const world: PartitionWorld = {
    nodes, agents, ops, schema, query,
    cut(node, link, kind) { links[node]![link].cut(kind); },
    heal(node, link) { links[node]![link].heal(); },
    healAll() { for (const l of links) for (const v of Object.values(l)) v.heal(); },
    device(agentIndex, node) {
      const agent = agents[agentIndex]!;
      const deviceId = `part-${agentIndex}-${randomBytes(4).toString('hex')}`;
      let ws: WebSocket | null = null;
      let ready = false;
      let stopped = false;
      const pending = new Map<number, Op>();
      const seen: DeviceView[] = [];
      let conn = 0;
      const connect = (): void => {
        const n = ++conn;
        const socket = new WebSocket(`${clientUrl(node)}/ws/agent`);
        ws = socket;
        socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', token: agent.token, device: { id: deviceId, kind: 'desktop', name: 'partition' }, protocol: 1 })));
        socket.on('message', (data) => {
          const m = JSON.parse(String(data)) as { type: string; seq?: number; version?: number; status?: { status: string; version: number } | string };
          if (m.type === 'welcome') ready = true;
          const own = m.type === 'welcome' ? (m.status as { status: string; version: number }) : m.type === 'status' ? { status: String(m.status), version: m.version! } : null;
          if (own) seen.push({ version: own.version, status: own.status, at: Date.now(), conn: n });
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
        agentId: agent.id, name: deviceId, node, seen,
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
    httpSet(agentIndex, node, status) {
      const agent = agents[agentIndex]!;
      // Each request is its own "socket": requests into a cut link may overlap and finish in any order.
      const op: Op = { agentId: agent.id, status, socket: `http-${seq}`, seq: seq++, sentAt: Date.now() };
      ops.push(op);
      void fetch(`${nodes[node]!.url}/api/v1/agents/me/status`, {
        method: 'PUT', headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status }), signal: AbortSignal.timeout(20_000),
      }).then(async (res) => {
        op.http = res.status;
        if (res.status === 200) op.ack = { version: ((await res.json()) as { version: number }).version, at: Date.now() };
      }, () => { op.http = 0; });
      return op;
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
      const rows = await query<{ id: string; intent: string; version: number | string }>(`SELECT id, intent, version FROM ${schema}.agents`);
      return rows.map((row) => ({ agentId: row.id, intent: row.intent, version: Number(row.version) }));
    },
    async presence(node) {
      const res = await callApi(nodes[node]!.url, 'GET', '/api/v1/presence', { token: agents[0]!.token });
      const body = res.body as { website: { online: boolean }; agents: { id: string; status: string }[] };
      return { online: body.website.online, agents: body.agents.map((a) => ({ id: a.id, status: a.status })) };
    },
    async close() {
      for (const c of closers) c();
      world.healAll();
      for (const p of [...procs].reverse()) await p.stop().catch(() => undefined);
      net.close();
    },
  };
  return world;
}
