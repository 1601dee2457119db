// A TCP proxy on loopback between a client and the server, to play the network's faults:
// `pause` black-holes traffic (nothing passes, nothing closes, like a dead Wi-Fi or a sleeping
// NAT), `cut` drops every connection at once (RST), `refuse` keeps a link down (RST now and for
// every new connection), `resume` lets traffic flow again, and
// `retarget` sends new connections to another server (a load balancer moving a client to another
// cluster node) while open ones stay where they are.
import { createServer, connect, type Server, type Socket } from 'node:net';

export type Direction = 'both' | 'down' | 'up';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes held while paused, per direction; dropped by cut(). */
  held: { up: Buffer[]; down: Buffer[] };
  paused: { up: boolean; down: boolean };
  pendingEnd: { client: boolean; upstream: boolean };
}

export interface TcpProxy {
  url: string;
  port: number;
  /** Black-holes the connections open now (and, unless `existingOnly`, every new one). */
  pause(opts?: { direction?: Direction; existingOnly?: boolean }): void;
  resume(): void;
  /** Destroys every connection, like a network drop; held bytes are lost. */
  cut(): void;
  /** `true`: every connection is reset and new ones are refused at once (a link that is down); `false` heals. */
  refuse(on: boolean): void;
  /** New connections go to this port from now on; open ones keep their upstream. */
  retarget(port: number, host?: string): void;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let target = { port: targetPort, host: targetHost };
  let pauseNew: { up: boolean; down: boolean } = { up: false, down: false };
  let refusing = false;

  const flushPair = (p: Pair): void => {
    if (!p.paused.up) { p.held.up.splice(0).forEach((b) => p.upstream.write(b)); if (p.pendingEnd.client) p.upstream.end(); }
    if (!p.paused.down) { p.held.down.splice(0).forEach((b) => p.client.write(b)); if (p.pendingEnd.upstream) p.client.end(); }
  };

  const server: Server = createServer((client) => {
    if (refusing) { client.on('error', () => undefined); client.resetAndDestroy(); return; }
    const upstream = connect(target.port, target.host);
    const p: Pair = { client, upstream, held: { up: [], down: [] }, paused: { ...pauseNew }, pendingEnd: { client: false, upstream: false } };
    pairs.add(p);
    client.on('data', (b) => { if (p.paused.up) p.held.up.push(b); else upstream.write(b); });
    upstream.on('data', (b) => { if (p.paused.down) p.held.down.push(b); else client.write(b); });
    // A FIN is traffic too: while paused it waits with the data.
    client.on('end', () => { p.pendingEnd.client = true; if (!p.paused.up) upstream.end(); });
    upstream.on('end', () => { p.pendingEnd.upstream = true; if (!p.paused.down) client.end(); });
    const drop = (): void => { pairs.delete(p); client.destroy(); upstream.destroy(); };
    // An upstream reset (server killed) only reaches the client when not paused downwards.
    upstream.on('error', () => { if (!p.paused.down) drop(); });
    upstream.on('close', () => { if (!p.paused.down) drop(); });
    client.on('error', drop);
    client.on('close', () => { if (!p.paused.up) drop(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const proxy: TcpProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    pause({ direction = 'both', existingOnly = false } = {}) {
      const mode = { up: direction !== 'down', down: direction !== 'up' };
      for (const p of pairs) p.paused = { ...mode };
      if (!existingOnly) pauseNew = mode;
    },
    resume() {
      pauseNew = { up: false, down: false };
      for (const p of pairs) { p.paused = { up: false, down: false }; flushPair(p); if (p.upstream.destroyed) { p.client.destroy(); pairs.delete(p); } }
    },
    cut() {
      for (const p of pairs) { p.held.up = []; p.held.down = []; p.client.resetAndDestroy(); p.upstream.destroy(); }
      pairs.clear();
    },
    refuse(on) {
      refusing = on;
      if (on) proxy.cut();
    },
    retarget(port, host = targetHost) {
      target = { port, host };
    },
    get connections() { return pairs.size; },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
