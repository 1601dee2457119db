// The hub's device ledger in a cluster: keeps this node's device leases in Redis, turns lease
// changes into bus events, and rebuilds after Redis comes back. The hub stays the only place that
// applies the presence rules; this class only feeds it cluster-wide device counts and grace deadlines.
import type { Logger } from 'pino';
import type { Clock } from '../../common/clock.js';
import type { Departure } from '../../common/presence-rules.js';
import { CloseCode } from '../../common/protocol.js';
import type { PresenceBus } from '../bus.js';
import type { DeviceLedger, HubPort } from '../presence/device-ledger.js';
import type { GraceTimers } from '../presence/grace.js';
import type { ClusterSide } from './cluster-side.js';
import type { DeviceRef, LeaseState } from './lease-store.js';

export interface ClusterPresenceOptions {
  link: ClusterSide;
  bus: PresenceBus;
  clock: Clock;
  grace: Pick<GraceTimers, 'deadline' | 'fullWindow'>;
  log?: Logger | undefined;
}

export class ClusterPresence implements DeviceLedger {
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  private readonly offReconnect: () => void;

  constructor(private readonly hub: HubPort, private readonly opts: ClusterPresenceOptions) {
    this.offReconnect = opts.link.onReconnect(() => void this.resync());
  }

  private get leases() {
    return this.opts.link.leases;
  }

  private warn(err: unknown, what: string): void {
    this.opts.log?.warn({ err: (err as Error)?.message ?? err }, `cluster: ${what}`);
  }

  private announce(ref: { accountId: string; agentId: string }, state: LeaseState, replaced?: { deviceId: string; nodeId: string }): void {
    const at = this.opts.clock.now();
    this.hub.applyLeases(ref.accountId, ref.agentId, state, 'here', at);
    this.opts.bus.publish({ type: 'devices', nodeId: this.hub.nodeId, accountId: ref.accountId, agentId: ref.agentId, leases: state, at, ...(replaced ? { replaced } : {}) })
      .catch((err: unknown) => this.warn(err, 'publish failed (peers catch up on their next reconcile)'));
  }

  // Lease calls are issued synchronously from the socket events, so Redis sees one node's
  // attach/detach of a device in the order they happened.

  attached(ref: DeviceRef): void {
    this.leases.attach(this.hub.nodeId, ref).then(
      ({ state, replacedNode }) => this.announce(ref, state, replacedNode ? { deviceId: ref.deviceId, nodeId: replacedNode } : undefined),
      (err: unknown) => this.warn(err, 'lease attach failed; rebuilt on reconnect'),
    );
  }

  detached(ref: DeviceRef, departure: Departure): void {
    const graceUntil = this.opts.grace.deadline(this.opts.clock.now(), departure);
    this.leases.detach(this.hub.nodeId, ref, graceUntil === null, graceUntil ?? 0).then(
      (state) => this.announce(ref, state),
      (err: unknown) => {
        this.warn(err, 'lease detach failed; using the local rule');
        this.hub.detachWithoutCluster(ref.accountId, ref.agentId, departure);
      },
    );
  }

  /** Boot: agents the cluster has no record of get the boot grace window (SPEC 2.1), once for all nodes. */
  async boot(accountId: string, agents: { agentId: string; bootGrace: boolean }[]): Promise<void> {
    const graceUntil = this.opts.grace.fullWindow(this.opts.clock.now());
    let states: LeaseState[];
    try {
      states = await this.leases.snapshot(agents.map((a) => ({ agentId: a.agentId, graceIfUnknown: a.bootGrace ? graceUntil : null })));
    } catch (err) {
      // Redis is away (a first load during an outage, issue 20): the cluster's record cannot be
      // read, so the rule for an agent it has no record of applies; the reconnect's resync reads
      // the real state for every account this node holds.
      this.warn(err, 'lease read failed on a first load; boot grace until the resync');
      for (const a of agents) if (a.bootGrace) this.hub.bootGrace(accountId, a.agentId);
      return;
    }
    states.forEach((state, i) => this.hub.applyLeases(accountId, agents[i]!.agentId, state));
  }

  /** Nodes boot at different instants: the last committed intent dates the first statuses alike on all of them. */
  bootAt(lastChange: number): number | undefined {
    return lastChange > 0 ? lastChange : undefined;
  }

  /** A grace timer fired: ask Redis first, so a reconnect on another node a moment ago is not a flap. */
  graceDue(accountId: string, agentId: string, then: () => void): void {
    void this.verify(accountId, agentId).then(then);
  }

  private async verify(accountId: string, agentId: string): Promise<void> {
    if (!this.opts.link.connected) return;
    try {
      const [state] = await this.leases.snapshot([{ agentId, graceIfUnknown: null }]);
      if (state) this.hub.applyLeases(accountId, agentId, state);
    } catch (err) {
      this.warn(err, 'grace check failed');
    }
  }

  /** Exactly one node wins each key (SET NX PX); the TTL should outlive clock skew between nodes. */
  claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return this.opts.link.claimOnce(key, ttlMs).catch(() => false);
  }

  start(): void {
    const { timings } = this.opts.link;
    const every = (ms: number, fn: () => Promise<void>): void => {
      let busy = false;
      const timer = setInterval(() => {
        if (busy || this.stopped || !this.opts.link.connected) return;
        busy = true;
        fn().catch((err: unknown) => this.warn(err, 'lease upkeep failed')).finally(() => { busy = false; });
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(timings.refreshMs, () => this.refresh());
    every(timings.reapMs, () => this.reap());
    every(timings.reconcileMs, () => this.reconcile());
  }

  private async refresh(): Promise<void> {
    const devices = this.hub.localDevices();
    const results = await this.leases.refresh(this.hub.nodeId, devices);
    results.forEach((r, i) => {
      const ref = devices[i]!;
      if (r.code === 'recreated') this.announce(ref, r.state);
      else if (r.code === 'lost') this.hub.closeDevice(ref, CloseCode.replaced, 'replaced by a newer connection of this device');
    });
  }

  private async reap(): Promise<void> {
    for (const r of await this.leases.reap(this.opts.grace.fullWindow(this.opts.clock.now()))) this.announce(r, r.state);
  }

  /** Pub/sub is at-most-once: re-reading every agent's lease state bounds how long a lost message matters. */
  private async reconcile(): Promise<void> {
    const agents = this.hub.knownAgents();
    const states = await this.leases.snapshot(agents.map((a) => ({ agentId: a.agentId, graceIfUnknown: null })));
    states.forEach((state, i) => this.hub.applyLeases(agents[i]!.accountId, agents[i]!.agentId, state));
  }

  /**
   * After Redis came back (possibly empty): re-create this node's leases from its live sockets,
   * re-read intents and configuration from the store (bus messages were lost meanwhile), and seed
   * what this node remembers about other agents' grace windows before reading the cluster state.
   */
  resync(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    this.resyncing = (async () => {
      do {
        this.resyncAgain = false;
        try {
          await this.refresh();
          await this.hub.reloadFromStore();
          const agents = this.hub.knownAgents();
          const states = await this.leases.snapshot(agents.map((a) => ({ agentId: a.agentId, graceIfUnknown: a.seed })));
          states.forEach((state, i) => this.hub.applyLeases(agents[i]!.accountId, agents[i]!.agentId, state));
          this.opts.log?.info('cluster: resynchronised after a Redis reconnect');
        } catch (err) {
          this.warn(err, 'resync failed; retrying on the next reconnect or reconcile');
        }
      } while (this.resyncAgain && !this.stopped);
      this.resyncing = null;
    })();
    return this.resyncing;
  }

  /**
   * Graceful shutdown: this node's devices are leaving uncleanly (they will reconnect elsewhere),
   * so their leases are released with grace rather than left to expire.
   */
  async stop(release: boolean): Promise<void> {
    this.stopped = true;
    this.offReconnect();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (!release || !this.opts.link.connected) return;
    const graceUntil = this.opts.grace.fullWindow(this.opts.clock.now());
    await Promise.allSettled(this.hub.localDevices().map(async (ref) => {
      const state = await this.leases.detach(this.hub.nodeId, ref, false, graceUntil);
      await this.opts.bus.publish({ type: 'devices', nodeId: this.hub.nodeId, accountId: ref.accountId, agentId: ref.agentId, leases: state, at: this.opts.clock.now() });
    }));
  }
}
