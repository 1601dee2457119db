// The widget load generators as one object: N sockets spread over a few processes, each on its
// own loopback source address (127.0.0.x) so 20k sockets never run short of ephemeral ports.
import { withTimeout } from './common.js';
import { spawnChild, type Child } from './ipc.js';
import type { ConnectOptions, TargetKind } from '../widget-clients.js';

export class WidgetPool {
  private readonly seen: Set<number>[];
  private readonly waiters: { index: number; resolve: () => void }[] = [];

  private constructor(readonly children: Child[]) {
    this.seen = children.map(() => new Set<number>());
    children.forEach((c, i) => c.on('all', (index: number) => {
      this.seen[i]!.add(index);
      for (const w of [...this.waiters]) if (this.complete(w.index)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(); }
    }));
  }

  static async start(processes: number): Promise<WidgetPool> {
    return new WidgetPool(await Promise.all(Array.from({ length: processes }, () => spawnChild('widget-clients.ts'))));
  }

  private complete(index: number): boolean {
    return this.sizes.every((n, i) => n === 0 || this.seen[i]!.has(index));
  }

  private sizes: number[] = [];

  /**
   * Connects n sockets in total; resolves when each has its snapshot. Returns the snapshot size,
   * the slowest process's time until all its sockets had it and every socket's dial → snapshot time.
   * `ratePerSec` is the total rate (split between the processes).
   */
  async connect(kind: TargetKind, url: string, n: number, extra: Partial<ConnectOptions> = {}): Promise<{ firstBytes: number; elapsedMs: number; connectMs: number[] }> {
    const k = this.children.length;
    this.sizes = this.children.map((_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
    const offsets = this.sizes.map((_, i) => this.sizes.slice(0, i).reduce((a, b) => a + b, 0));
    const replies = await Promise.all(this.children.map((c, i) => (this.sizes[i]! > 0
      ? c.request<{ firstBytes: number; elapsedMs: number; connectMs: number[] }>('connect', {
        kind, url, n: this.sizes[i], localAddress: `127.0.0.${10 + i}`, ...extra,
        urls: extra.urls?.slice(offsets[i], offsets[i]! + this.sizes[i]!),
        ...(extra.ratePerSec ? { ratePerSec: extra.ratePerSec / k } : {}),
      }, 300_000)
      : Promise.resolve({ firstBytes: 0, elapsedMs: 0, connectMs: [] as number[] }))));
    return { firstBytes: Math.max(...replies.map((r) => r.firstBytes)), elapsedMs: Math.max(...replies.map((r) => r.elapsedMs)), connectMs: replies.flatMap((r) => r.connectMs) };
  }

  /** Steady churn from every process (`ratePerSec` in total): visitors arriving and leaving. */
  async churn(kind: TargetKind, url: string, ratePerSec: number, durationMs: number): Promise<{ opened: number; completed: number; failed: number }> {
    const k = this.children.length;
    const all = await Promise.all(this.children.map((c, i) => c.request<{ opened: number; completed: number; failed: number }>('churn', { kind, url, ratePerSec: ratePerSec / k, durationMs, localAddress: `127.0.0.${20 + i}` }, durationMs + 120_000)));
    return all.reduce((a, r) => ({ opened: a.opened + r.opened, completed: a.completed + r.completed, failed: a.failed + r.failed }));
  }

  /** Resolves when every socket has received message `index` (0 = snapshot). */
  waitAll(index: number, timeoutMs: number): Promise<void> {
    if (this.complete(index)) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => this.waiters.push({ index, resolve })), timeoutMs, `every widget receiving message ${index}`);
  }

  async times(index: number): Promise<Float64Array[]> {
    return Promise.all(this.children.map((c) => c.request<Float64Array>('times', index)));
  }

  async counts(): Promise<{ sockets: number; perIndex: number[] }[]> {
    return Promise.all(this.children.map((c) => c.request<{ sockets: number; perIndex: number[] }>('counts')));
  }

  async observed(): Promise<{ offlineSeen: number; offlineAt: number[]; reconnects: number; sockets: number; openNow: number }> {
    const all = await Promise.all(this.children.map((c) => c.request<{ offlineSeen: number; offlineAt: number[]; reconnects: number; sockets: number; openNow: number }>('observed')));
    return {
      offlineSeen: all.reduce((s, o) => s + o.offlineSeen, 0), offlineAt: all.flatMap((o) => o.offlineAt),
      reconnects: all.reduce((s, o) => s + o.reconnects, 0), sockets: all.reduce((s, o) => s + o.sockets, 0), openNow: all.reduce((s, o) => s + o.openNow, 0),
    };
  }

  /** Drops every socket but keeps the processes for the next target (spawning is slow). */
  async release(): Promise<void> {
    await Promise.all(this.children.map((c) => c.request('close').catch(() => undefined)));
    for (const s of this.seen) s.clear();
    this.sizes = [];
  }

  async close(): Promise<void> {
    await this.release();
    await Promise.all(this.children.map((c) => c.kill()));
  }
}
