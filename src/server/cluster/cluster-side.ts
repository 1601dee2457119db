// The cluster half of a PresenceBus (`bus.cluster`, null on a single node): what only a cluster
// has. The shared lease registry and the timings of its upkeep, a once-per-cluster claim for
// timer side effects, a signal when Redis comes back so the node can rebuild what Redis lost,
// a publish that counts the nodes that received it, per-account subscriptions, and the sign-in
// throttle every node shares. Single-node code never sees any of it.
import type { BusEvent } from '../bus.js';
import type { LoginThrottle } from '../login-throttle.js';
import type { LeaseStore } from './lease-store.js';

export interface ClusterTimings {
  /** Lease lifetime in Redis; a dead node's devices count for at most this long (SPEC: ≤ 30 s). */
  leaseTtlMs: number;
  /** How often a node extends its leases: a third of the TTL survives two missed rounds. */
  refreshMs: number;
  /** How often a node looks for expired leases of dead nodes (grace then starts up to this late). */
  reapMs: number;
  /** How often a node re-reads every agent's lease state, in case a pub/sub message was lost. */
  reconcileMs: number;
  /**
   * How long a PING to Redis (sent every `refreshMs`) may go unanswered before the connection is
   * taken as dead and reopened, and how long a reconnect attempt may take. TCP alone notices a
   * black-holed link only at a retransmission, whose interval doubles while the link is dead.
   */
  probeMs: number;
}

export interface ClusterSide {
  readonly leases: LeaseStore;
  readonly timings: ClusterTimings;
  /** True for exactly one caller across the cluster per key (SET NX PX). */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Called after Redis is reachable again (not on the first connect). */
  onReconnect(handler: () => void): () => void;
  /** False while Redis is unreachable: lease calls would fail, so the node keeps its local view. */
  readonly connected: boolean;
  /** Publishes and resolves with how many nodes (this one included) received the event. */
  publishCounted(event: BusEvent): Promise<number>;
  /** An account's events reach the nodes that follow it: one subscription per account per node. */
  follow(accountId: string): Promise<void>;
  /** The node dropped the account (issue 20): its events no longer reach this node. */
  unfollow(accountId: string): Promise<void>;
  /** Sign-in throttling shared by every node (a single node counts alone, in memory). */
  loginThrottle(): LoginThrottle;
}

export function defaultTimings(leaseTtlMs = 15_000): ClusterTimings {
  if (leaseTtlMs > 30_000) throw new Error('the lease TTL must be at most 30 s (SPEC 2.1: a dead node is noticed within 35 s)');
  return {
    leaseTtlMs,
    refreshMs: Math.max(100, Math.floor(leaseTtlMs / 3)),
    reapMs: Math.max(100, Math.min(2_000, Math.floor(leaseTtlMs / 5))),
    reconcileMs: Math.max(500, leaseTtlMs),
    probeMs: Math.max(2_000, Math.floor(leaseTtlMs / 3)),
  };
}
