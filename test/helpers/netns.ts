// Network namespaces and veth links for the partition suite (issue 19): each host of a test
// (Redis, PostgreSQL, a node) is a namespace of its own, the test process (root namespace) is
// the clients' host, and every link is its own path through a router namespace (two veth pairs,
// a /30 each, in 10.213.X.0/24), so each can be cut alone, and a black hole drops packets in the
// middle of the path as a dead route does, not in the sender's own stack. Root only;
// `netnsSupport()` says why not. Names carry the creating pid, so a run can tell its own
// namespaces from those a crashed earlier run left (which it deletes, with the processes still
// inside them) and parallel runs never share one.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const PREFIX = 'pp-';

/** A cut of one link. Both kinds were checked with a connect and a write on an open connection. */
export type CutKind = 'down' | 'blackhole';

export interface LinkEnd { ns: string | null; dev: string; addr: string }

export interface VethLink {
  /** `near` opens the connections (a node to Redis or PostgreSQL, the clients to a node). */
  near: LinkEnd;
  far: LinkEnd;
  readonly state: CutKind | null;
  /** Idempotent; a cut of the other kind is healed first. */
  cut(kind: CutKind): void;
  heal(): void;
}

export interface Netns {
  tag: string;
  /** A new namespace `pp-<pid>-<tag>-<host>` with its loopback up. */
  host(name: string): string;
  /** A path between two namespaces (null = the root namespace) through the router: near ↔ router ↔ far. */
  link(near: string | null, far: string | null): VethLink;
  close(): void;
}

const run = (args: string[]): string => execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const ipIn = (ns: string | null, ...args: string[]): string => run(ns ? ['ip', '-n', ns, ...args] : ['ip', ...args]);
const inNs = (ns: string | null, cmd: string[]): string => run(ns ? ['ip', 'netns', 'exec', ns, ...cmd] : cmd);

/** null when this process can make namespaces and veth pairs, else the reason. */
export function netnsSupport(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root';
  const probe = `${PREFIX}probe-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.error) return `no ip command: ${add.error.message}`;
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  const veth = spawnSync('ip', ['-n', probe, 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1'], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', probe]);
  return veth.status === 0 ? null : `veth unavailable: ${veth.stderr.trim()}`;
}

/** Kills what runs in a namespace (by pid: everything in it is ours) and deletes it. */
function destroyNamespace(ns: string): void {
  const pids = () => spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean).map(Number);
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    for (const pid of pids()) { try { process.kill(pid, sig); } catch { /* gone */ } }
    for (let i = 0; i < 20 && pids().length > 0; i++) spawnSync('sleep', ['0.1']);
  }
  spawnSync('ip', ['netns', 'del', ns]);
}

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Namespaces of this prefix whose creating process is gone: a crashed run's leftovers. */
function deleteStale(): void {
  const names = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(PREFIX));
  for (const name of names) {
    const pid = Number(name.split('-')[1]);
    if (!Number.isInteger(pid) || !alive(pid)) destroyNamespace(name);
  }
}

/** A /24 of 10.213.0.0/16 no address of the root namespace is in (another run's links are). */
function freeSubnet(): number {
  const used = run(['ip', '-o', '-4', 'addr', 'show']);
  for (let i = 0; i < 100; i++) {
    const x = randomBytes(1)[0]!;
    if (!used.includes(`10.213.${x}.`)) return x;
  }
  throw new Error('no free 10.213.X.0/24 for the partition links');
}

export function createNetns(): Netns {
  deleteStale();
  const tag = randomBytes(3).toString('hex');
  const subnet = freeSubnet();
  const namespaces: string[] = [];
  const rootDevs: string[] = [];
  let links = 0;
  let router: string | null = null;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    process.off('exit', close);
    for (const ns of namespaces.reverse()) destroyNamespace(ns);
    for (const dev of rootDevs) spawnSync('ip', ['link', 'del', dev]);
  };
  // A test process that exits without close() (a thrown beforeAll, Ctrl-C) still cleans up.
  process.on('exit', close);
  const host = (name: string): string => {
    const ns = `${PREFIX}${process.pid}-${tag}-${name}`;
    run(['ip', 'netns', 'add', ns]);
    namespaces.push(ns);
    ipIn(ns, 'link', 'set', 'lo', 'up');
    return ns;
  };
  const addr = (i: number): string => `10.213.${subnet}.${i}`;
  /** One veth pair, `end` in `ns` at `.{base+1}`, its router side at `.{base+2}`, a /30. */
  const leg = (ns: string | null, dev: string, base: number): { end: LinkEnd; hop: string } => {
    const routerDev = `${dev}r`;
    run(['ip', 'link', 'add', dev, ...(ns ? ['netns', ns] : []), 'type', 'veth', 'peer', 'name', routerDev, 'netns', router!]);
    if (!ns) rootDevs.push(dev);
    const end: LinkEnd = { ns, dev, addr: addr(base + 1) };
    ipIn(ns, 'addr', 'add', `${end.addr}/30`, 'dev', dev);
    ipIn(router, 'addr', 'add', `${addr(base + 2)}/30`, 'dev', routerDev);
    ipIn(ns, 'link', 'set', dev, 'up');
    ipIn(router, 'link', 'set', routerDev, 'up');
    return { end, hop: addr(base + 2) };
  };
  return {
    tag,
    host,
    link(nearNs, farNs) {
      if (!router) {
        router = host('router');
        inNs(router, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
      }
      const k = links++;
      if (k >= 32) throw new Error('at most 32 links per run (one /24, two /30s each)');
      const dev = (side: string) => `pp${tag}${String(k).padStart(2, '0')}${side}`;
      const n = leg(nearNs, dev('n'), 8 * k);
      const f = leg(farNs, dev('f'), 8 * k + 4);
      // Each end reaches the other through the router (a /32, so several links can share a host;
      // metric 100, so a cut's prohibit route for the same address, metric 0, takes precedence).
      ipIn(nearNs, 'route', 'add', `${f.end.addr}/32`, 'via', n.hop, 'metric', '100');
      ipIn(farNs, 'route', 'add', `${n.end.addr}/32`, 'via', f.hop, 'metric', '100');
      return pathLink(n.end, f.end, router);
    },
    close,
  };
}

function pathLink(near: LinkEnd, far: LinkEnd, router: string): VethLink {
  let state: CutKind | null = null;
  const pairs: [LinkEnd, LinkEnd][] = [[near, far], [far, near]];
  const l: VethLink = {
    near, far,
    get state() { return state; },
    cut(kind) {
      if (state === kind) return;
      if (state) l.heal();
      if (kind === 'blackhole') {
        // A dead route: the router discards both ends' packets without a word (no ICMP), while
        // both hosts' own links stay up, so connects and writes just hang and TCP backs off its
        // retransmissions as over a real network. (Setting a veth end down instead drops in the
        // sender's own stack, which Linux retries every 500 ms without backing off: a heal then
        // looked instant that takes tens of seconds on a real network.)
        for (const e of [near, far]) ipIn(router, 'route', 'add', 'blackhole', `${e.addr}/32`);
      } else {
        // A link that is gone and says so (a host that restarted, a firewall that rejects):
        // a prohibit route each way refuses new connects at once (EACCES), and `ss -K` aborts
        // the open connections on both sides, as the resets the TCP proxy used to send.
        for (const [self, peer] of pairs) ipIn(self.ns, 'route', 'add', 'prohibit', `${peer.addr}/32`);
        for (const [self, peer] of pairs) inNs(self.ns, ['ss', '-K', 'dst', peer.addr]);
      }
      state = kind;
    },
    heal() {
      if (state === 'blackhole') for (const e of [near, far]) ipIn(router, 'route', 'del', 'blackhole', `${e.addr}/32`);
      if (state === 'down') for (const [self, peer] of pairs) ipIn(self.ns, 'route', 'del', 'prohibit', `${peer.addr}/32`);
      state = null;
    },
  };
  return l;
}
