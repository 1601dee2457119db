// Where the truth about an agent's live devices lives: this process on a single node
// (LocalLedger), Redis leases in a cluster (cluster/cluster-presence.ts). The hub picks one at
// start and then never asks which mode it runs in; both feed it through the same HubPort.
import type { Clock } from '../../common/clock.js';
import type { Departure } from '../../common/presence-rules.js';
import type { DeviceRef, LeaseState } from '../cluster/lease-store.js';
import type { AccountDirectory } from './account-directory.js';
import { liveDevices, type AccountState } from './account-state.js';
import type { Origin, Why } from './change-hooks.js';
import type { GraceTimers } from './grace.js';

/** What a ledger needs from the hub. */
export interface HubPort {
  readonly nodeId: string;
  /**
   * A cluster-wide lease state, from this node's own Redis call (`here`), another node's event
   * (`elsewhere`) or a periodic read (`timer`); older ones are ignored.
   */
  applyLeases(accountId: string, agentId: string, state: LeaseState, origin?: Origin, at?: number): void;
  /** The local detach rule (a single node, or Redis unreachable): the last known count minus this device. */
  detachWithoutCluster(accountId: string, agentId: string, departure: Departure): void;
  /** Grace from boot (SPEC 2.1) for an agent nothing else knows about. */
  bootGrace(accountId: string, agentId: string): void;
  closeDevice(ref: DeviceRef, code: number, reason: string): void;
  localDevices(): DeviceRef[];
  /** Every agent with what this node remembers, to seed Redis after it lost its data. */
  knownAgents(): { accountId: string; agentId: string; seed: number | null }[];
  reloadFromStore(): Promise<void>;
}

export interface DeviceLedger {
  /** Boot: agents whose intent was online/away get the boot grace (in a cluster, unless it already knows them). */
  boot(accountId: string, agents: { agentId: string; bootGrace: boolean }[]): Promise<void>;
  /** Called synchronously from the socket events, so a node's attach/detach of a device stay in order. */
  attached(ref: DeviceRef): void;
  detached(ref: DeviceRef, departure: Departure): void;
  /** A grace deadline passed: `then` recomputes once the ledger is sure (a cluster asks Redis first). */
  graceDue(accountId: string, agentId: string, then: () => void): void;
  /** The instant that dates the first published statuses (undefined: now). */
  bootAt(lastChange: number): number | undefined;
  /** True for exactly one node per key (a single node always wins): cluster-wide side effects of a timer. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  start(): void;
  /** Shutdown; `release` hands this node's devices to the grace window (they reconnect elsewhere). */
  stop(release: boolean): Promise<void>;
}

/** A single node: the hub's own device maps are the whole truth. */
export class LocalLedger implements DeviceLedger {
  constructor(private readonly hub: HubPort) {}

  async boot(accountId: string, agents: { agentId: string; bootGrace: boolean }[]): Promise<void> {
    for (const a of agents) if (a.bootGrace) this.hub.bootGrace(accountId, a.agentId);
  }

  attached(): void {
    // Nothing to share: the hub already counts the device.
  }

  detached(ref: DeviceRef, departure: Departure): void {
    this.hub.detachWithoutCluster(ref.accountId, ref.agentId, departure);
  }

  graceDue(_accountId: string, _agentId: string, then: () => void): void {
    then();
  }

  bootAt(): undefined {
    return undefined;
  }

  async claimOnce(): Promise<boolean> {
    return true;
  }

  start(): void {}

  async stop(): Promise<void> {}
}

export interface LedgerPortParts {
  nodeId: string;
  clock: Clock;
  directory: AccountDirectory;
  grace: GraceTimers;
  recompute(state: AccountState, changedAgentId: string | null, why: Why): void;
  isClosed(): boolean;
  reloadFromStore(): Promise<void>;
}

/** The hub's side of the ledger: device counts and grace deadlines go in, recomputes come out. */
export class LedgerPort implements HubPort {
  readonly nodeId: string;

  constructor(private readonly p: LedgerPortParts) {
    this.nodeId = p.nodeId;
  }

  applyLeases(accountId: string, agentId: string, leases: LeaseState, origin: Origin = 'timer', at?: number): void {
    const found = this.p.directory.agent(accountId, agentId);
    if (!found || leases.seq <= found.agent.leaseSeq || this.p.isClosed()) return;
    const { state, agent } = found;
    agent.leaseSeq = leases.seq;
    agent.clusterDevices = leases.count;
    if (liveDevices(agent) > 0 || leases.graceUntil === null) this.p.grace.clear(agent);
    else if (agent.graceUntil !== leases.graceUntil) this.p.grace.arm(state, agent, leases.graceUntil);
    const expired = leases.graceUntil !== null && leases.graceUntil <= this.p.clock.now();
    this.p.recompute(state, agentId, { cause: liveDevices(agent) > 0 ? 'device_attached' : expired ? 'grace_expired' : 'device_left', origin, at });
  }

  detachWithoutCluster(accountId: string, agentId: string, departure: Departure): void {
    const found = this.p.directory.agent(accountId, agentId);
    if (!found || this.p.isClosed()) return;
    const { state, agent } = found;
    agent.clusterDevices = Math.max(0, agent.clusterDevices - 1);
    if (liveDevices(agent) === 0) this.p.grace.start(state, agent, this.p.clock.now(), departure);
    this.p.recompute(state, agentId, { cause: 'device_left', origin: 'here' });
  }

  bootGrace(accountId: string, agentId: string): void {
    const found = this.p.directory.agent(accountId, agentId);
    if (found) this.p.grace.arm(found.state, found.agent, this.p.grace.fullWindow(this.p.clock.now()));
  }

  closeDevice(ref: DeviceRef, code: number, reason: string): void {
    this.p.directory.agent(ref.accountId, ref.agentId)?.agent.devices.get(ref.deviceId)?.close(code, reason);
  }

  localDevices(): DeviceRef[] {
    return this.p.directory.localDevices();
  }

  knownAgents(): { accountId: string; agentId: string; seed: number | null }[] {
    return this.p.directory.knownAgents(this.p.grace.fullWindow(this.p.clock.now()));
  }

  reloadFromStore(): Promise<void> {
    return this.p.reloadFromStore();
  }
}
