// The PresenceBus carries changes between nodes: a node that commits an intent or a configuration
// write publishes it; every node's hub applies events from other nodes to its in-memory state.
// In-process on a single node (where the publisher is the only hub, so nothing needs applying);
// Redis pub/sub in cluster mode (src/server/cluster), whose `cluster` side brings the shared device
// leases and everything else only a cluster needs.
import type { AnyReason, DeviceKind, Status } from '../common/protocol.js';
import type { ClusterSide } from './cluster/cluster-side.js';
import type { LeaseState } from './cluster/lease-store.js';

/** The committed intent itself, so other nodes can apply it without reading the store. */
export interface IntentSnapshot {
  intent: Status;
  reason: AnyReason;
  byDeviceId: string | null;
  byKind: DeviceKind | 'server';
  changedAt: number;
  /** The timed status written with the intent (SPEC 11); absent from nodes before issue 18. */
  timerUntil?: number | null;
  timerRevert?: Status | null;
}

export type BusEvent =
  | { type: 'intent'; nodeId: string; accountId: string; agentId: string; version: number; row?: IntentSnapshot }
  | { type: 'config'; nodeId: string; accountId: string; what: 'groups' | 'officeHours' | 'agent' | 'account'; ackId?: string }
  /** A node applied the configuration event `ackId` (the writer waits for every node before answering). */
  | { type: 'applied'; nodeId: string; accountId: string; ackId: string }
  /** Sign-out, disable or delete: the agent's sockets close on every node (only those of one token if given). */
  | { type: 'closeDevices'; nodeId: string; accountId: string; agentId: string; code: number; reason: string; tokenHash?: string }
  | {
    type: 'devices'; nodeId: string; accountId: string; agentId: string;
    /** Cluster mode: the agent's cluster-wide lease state after the change. */
    leases?: LeaseState;
    /** When the publisher applied it: peers date their own recompute by it, so rows they all write for it are one. */
    at?: number;
    /** Cluster mode: this device's connection on that node is replaced (4409). */
    replaced?: { deviceId: string; nodeId: string };
  };

export interface PresenceBus {
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
  /** Cluster mode's extras (leases, claims, counted publish, follow, shared throttle); null on a single node. */
  readonly cluster: ClusterSide | null;
}

export class InProcessBus implements PresenceBus {
  readonly cluster = null;
  private readonly handlers = new Set<(event: BusEvent) => void>();

  async publish(event: BusEvent): Promise<void> {
    for (const handler of this.handlers) handler(event);
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
