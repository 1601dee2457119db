// The hub's side of the PresenceBus: publishes this node's committed changes, hands other nodes'
// events to the hub, and runs the configuration ack protocol (a configuration write is answered
// once every node applied it, bounded by TIMINGS.configAckWaitMs). On a single node the bus is
// in-process and carries nothing anyone else hears; in a cluster `bus.cluster` is the Redis side.
import { randomUUID } from 'node:crypto';
import { TIMINGS } from '../../common/timings.js';
import type { BusEvent, PresenceBus } from '../bus.js';
import type { ClusterSide } from '../cluster/cluster-side.js';

type Of<T extends BusEvent['type']> = Extract<BusEvent, { type: T }>;

/** What the hub does with other nodes' events. */
export interface BusHandlers {
  intent(event: Of<'intent'>): Promise<void> | void;
  config(event: Of<'config'>): Promise<void>;
  closeDevices(event: Of<'closeDevices'>): void;
  devices(event: Of<'devices'>): void;
}

export class BusSync {
  private readonly cluster: ClusterSide | null;
  private readonly ackWaiters = new Map<string, () => void>();
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly bus: PresenceBus, private readonly nodeId: string) {
    this.cluster = bus.cluster;
  }

  /** Subscribed before the hub loads anything, so nothing committed by other nodes meanwhile is missed. */
  start(handlers: BusHandlers): void {
    this.unsubscribe = this.bus.subscribe((event) => void this.receive(event, handlers));
  }

  stop(): void {
    this.unsubscribe();
  }

  /** In a cluster, this node starts receiving the account's events. */
  async follow(accountId: string): Promise<void> {
    await this.cluster?.follow(accountId);
  }

  /** In a cluster, this node stops receiving the account's events (it dropped the account). */
  async unfollow(accountId: string): Promise<void> {
    await this.cluster?.unfollow(accountId);
  }

  /** Best effort between nodes: durable state is in the store and nodes resync. */
  async publish(event: BusEvent): Promise<void> {
    try {
      await this.bus.publish(event);
    } catch {
      // Nodes that missed it catch up on their next reconcile or resync.
    }
  }

  /** Tells every node about a committed configuration write; in a cluster, resolves once they applied it. */
  async publishConfig(accountId: string, what: Of<'config'>['what']): Promise<void> {
    const cluster = this.cluster;
    if (!cluster) return this.publish({ type: 'config', nodeId: this.nodeId, accountId, what });
    // Read-your-writes across the cluster: the admin's request is answered once every node has
    // applied it (bounded, so a stalled node delays an answer by at most a second, never blocks it).
    const ackId = randomUUID();
    let acks = 0;
    let expected = Infinity;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, TIMINGS.configAckWaitMs);
      const check = (): void => { if (acks >= expected) { clearTimeout(timer); resolve(); } };
      this.ackWaiters.set(ackId, () => { acks += 1; check(); });
      void cluster.publishCounted({ type: 'config', nodeId: this.nodeId, accountId, what, ackId }).then((n) => { expected = n - 1; check(); }, () => { expected = 0; check(); });
    });
    this.ackWaiters.delete(ackId);
  }

  private async receive(event: BusEvent, handlers: BusHandlers): Promise<void> {
    if (event.nodeId === this.nodeId) return;
    switch (event.type) {
      case 'intent': return handlers.intent(event);
      case 'config':
        await handlers.config(event);
        if (event.ackId) void this.publish({ type: 'applied', nodeId: this.nodeId, accountId: event.accountId, ackId: event.ackId });
        return;
      case 'applied': return this.ackWaiters.get(event.ackId)?.();
      case 'closeDevices': return handlers.closeDevices(event);
      case 'devices': return handlers.devices(event);
    }
  }
}
