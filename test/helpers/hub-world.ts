// A PresenceHub with nothing around it: a real SQLite store in a temp dir, the in-process bus, a
// manual clock, and fake device and widget connections that record what the hub sent them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceKind, WidgetStatus } from '../../src/common/protocol.js';
import { InProcessBus } from '../../src/server/bus.js';
import { createMetrics } from '../../src/server/metrics.js';
import type { DeviceConn } from '../../src/server/presence/account-state.js';
import { PresenceHub, type WidgetConn } from '../../src/server/presence/hub.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';
import type { AgentRow, Store } from '../../src/server/store/store.js';
import { ManualClock } from './manual-clock.js';

export class FakeDevice implements DeviceConn {
  readonly sent: any[] = [];
  readonly closes: { code: number; reason: string }[] = [];
  readonly tokenHash = 'token-hash';
  readonly name = 'fake';

  constructor(readonly agentId: string, readonly deviceId: string, readonly kind: DeviceKind = 'desktop') {}

  /** Frames sent while held (a corked socket, presence/device-frames.ts), delivered on release. */
  private heldFrames: (string | Buffer)[] | null = null;

  send(data: string | Buffer): void {
    if (this.heldFrames) this.heldFrames.push(data);
    else this.deliver(data);
  }

  /** What reaches the device, in the order it gets it. */
  deliver(data: string | Buffer): void {
    this.sent.push(JSON.parse(String(data)));
  }

  hold(): void {
    this.heldFrames ??= [];
  }

  release(): void {
    const frames = this.heldFrames ?? [];
    this.heldFrames = null;
    for (const data of frames) this.deliver(data);
  }

  close(code: number, reason: string): void {
    this.closes.push({ code, reason });
  }

  of(type: string): any[] {
    return this.sent.filter((m) => m.type === type);
  }
}

export class FakeWidget implements WidgetConn {
  readonly received: WidgetStatus[] = [];
  readonly closes: number[] = [];

  send(data: string | Buffer): void {
    this.received.push(JSON.parse(String(data)) as WidgetStatus);
  }

  close(code: number): void {
    this.closes.push(code);
  }

  /** Messages after the one every widget gets on subscribe. */
  get changes(): WidgetStatus[] {
    return this.received.slice(1);
  }
}

export interface HubWorld {
  hub: PresenceHub;
  store: Store;
  clock: ManualClock;
  dataDir: string;
  accountId: string;
  addAgent(name: string, groupIds?: string[]): Promise<AgentRow>;
  addGroup(name: string): Promise<string>;
  /** A widget of the website (or of a group) subscribed to the hub. */
  widget(group?: string | null): FakeWidget;
  /** A new hub on the same store and clock (a restart). */
  restart(graceMs?: number): Promise<PresenceHub>;
  close(): Promise<void>;
}

export async function hubWorld(opts: { graceMs?: number; tabGraceMs?: number; clock?: ManualClock } = {}): Promise<HubWorld> {
  const clock = opts.clock ?? new ManualClock();
  const dataDir = mkdtempSync(join(tmpdir(), 'presence-hub-'));
  const store = await openSqliteStore(dataDir, { clock });
  const account = await store.createAccount('Hub test');
  // A gateway loads the account on its first socket (issue 20); these tests drive the hub directly, so they load it here.
  const start = async (graceMs = opts.graceMs ?? 120_000): Promise<PresenceHub> => {
    const started = await PresenceHub.create({ store, bus: new InProcessBus(), clock, graceMs, ...(opts.tabGraceMs !== undefined ? { tabGraceMs: opts.tabGraceMs } : {}), metrics: createMetrics() });
    await started.ensureAccount(account.id);
    // Kept in memory as a gateway's sockets would keep it: these tests move the clock by hours.
    started.keepLoaded(() => true);
    return started;
  };
  let hub = await start();
  let n = 0;
  const world: HubWorld = {
    get hub() { return hub; },
    store, clock, dataDir, accountId: account.id,
    async addAgent(name, groupIds = []) {
      const row = await store.createAgent(account.id, { email: `${name}-${n++}@hub.example`, name, role: 'agent', passwordHash: 'x', groupIds });
      await hub.configChanged(account.id, 'agent');
      return row;
    },
    async addGroup(name) {
      const group = await store.createGroup(account.id, name, []);
      await hub.configChanged(account.id, 'groups');
      return group.id;
    },
    widget(group = null) {
      const w = new FakeWidget();
      hub.subscribeWidget(hub.account(account.id)!, group, w);
      return w;
    },
    async restart(graceMs) {
      await hub.close();
      hub = await start(graceMs);
      return hub;
    },
    async close() {
      await hub.close();
      await store.close();
    },
  };
  return world;
}

/** Lets the hub's setImmediate (team coalescing) and promise callbacks run. */
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
