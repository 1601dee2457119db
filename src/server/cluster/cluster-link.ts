// What the hub needs from the cluster besides the bus: the shared lease registry, the timings
// of lease upkeep, a once-per-cluster claim for timer side effects, and a signal when Redis
// comes back so the node can rebuild what Redis lost.
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
}

export interface ClusterLink {
  readonly leases: LeaseStore;
  readonly timings: ClusterTimings;
  /** True for exactly one caller across the cluster per key (SET NX PX). */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Called after Redis is reachable again (not on the first connect). */
  onReconnect(handler: () => void): () => void;
  /** False while Redis is unreachable: lease calls would fail, so the node keeps its local view. */
  readonly connected: boolean;
}

export function defaultTimings(leaseTtlMs = 15_000): ClusterTimings {
  if (leaseTtlMs > 30_000) throw new Error('the lease TTL must be at most 30 s (SPEC 2.1: a dead node is noticed within 35 s)');
  return {
    leaseTtlMs,
    refreshMs: Math.max(100, Math.floor(leaseTtlMs / 3)),
    reapMs: Math.max(100, Math.min(2_000, Math.floor(leaseTtlMs / 5))),
    reconcileMs: Math.max(500, leaseTtlMs),
  };
}
