// Live-device leases in Redis (see lease-scripts.ts for the layout): the cluster-wide count of an
// agent's live devices and its grace deadline, changed only through atomic scripts.
import type { Redis } from 'ioredis';
import { ATTACH, DETACH, REAP, REFRESH, SNAPSHOT } from './lease-scripts.js';

/** What every node needs to compute an agent's effective status. `seq` orders updates. */
export interface LeaseState {
  count: number;
  seq: number;
  graceUntil: number | null;
}

export interface DeviceRef {
  accountId: string;
  agentId: string;
  deviceId: string;
}

export type RefreshResult = { code: 'extended' } | { code: 'recreated'; state: LeaseState } | { code: 'lost' };

export interface ReapedAgent {
  accountId: string;
  agentId: string;
  state: LeaseState;
}

type Raw = [number | string, number | string, number | string, (number | string)?];

interface LeaseCommands {
  presenceAttach(agentKey: string, zset: string, deviceId: string, nodeId: string, ttlMs: number, member: string): Promise<[number, string, string, string]>;
  presenceDetach(agentKey: string, zset: string, deviceId: string, nodeId: string, member: string, graceUntil: number, clean: string): Promise<Raw>;
  presenceRefresh(zset: string, ...args: (string | number)[]): Promise<Raw[]>;
  presenceReap(zset: string, graceUntil: number, limit: number, prefix: string): Promise<[string, string, number, string, string][]>;
  presenceSnapshot(...args: string[]): Promise<Raw[]>;
}

const toState = (live: number | string, seq: number | string, grace: number | string): LeaseState => {
  const g = Number(grace);
  return { count: Number(live), seq: Number(seq), graceUntil: g > 0 ? g : null };
};

/** Scripts are sent once and then called by SHA (ioredis falls back to EVAL after a Redis restart). */
export function defineLeaseCommands(redis: Redis): void {
  redis.defineCommand('presenceAttach', { numberOfKeys: 2, lua: ATTACH });
  redis.defineCommand('presenceDetach', { numberOfKeys: 2, lua: DETACH });
  redis.defineCommand('presenceRefresh', { numberOfKeys: 1, lua: REFRESH });
  redis.defineCommand('presenceReap', { numberOfKeys: 1, lua: REAP });
  redis.defineCommand('presenceSnapshot', { numberOfKeys: 0, lua: SNAPSHOT });
}

export class LeaseStore {
  private readonly cmd: LeaseCommands;

  constructor(redis: Redis, readonly prefix: string, readonly ttlMs: number) {
    defineLeaseCommands(redis);
    this.cmd = redis as unknown as LeaseCommands;
  }

  private agentKey(agentId: string): string {
    return `${this.prefix}agent:${agentId}`;
  }

  private get zset(): string {
    return `${this.prefix}leases`;
  }

  private member(d: DeviceRef): string {
    return `${d.accountId}|${d.agentId}|${d.deviceId}`;
  }

  /** Takes the device's lease for this node; names the node it was taken from, if still live there. */
  async attach(nodeId: string, d: DeviceRef): Promise<{ state: LeaseState; replacedNode: string | null }> {
    const [live, seq, grace, replaced] = await this.cmd.presenceAttach(this.agentKey(d.agentId), this.zset, d.deviceId, nodeId, this.ttlMs, this.member(d));
    return { state: toState(live, seq, grace), replacedNode: replaced === '' ? null : replaced };
  }

  async detach(nodeId: string, d: DeviceRef, clean: boolean, graceUntil: number): Promise<LeaseState> {
    const [live, seq, grace] = await this.cmd.presenceDetach(this.agentKey(d.agentId), this.zset, d.deviceId, nodeId, this.member(d), graceUntil, clean ? '1' : '0');
    return toState(live, seq, grace);
  }

  async refresh(nodeId: string, devices: DeviceRef[]): Promise<RefreshResult[]> {
    if (devices.length === 0) return [];
    const args = devices.flatMap((d) => [d.accountId, d.agentId, d.deviceId]);
    const rows = await this.cmd.presenceRefresh(this.zset, nodeId, this.ttlMs, this.prefix, ...args);
    return rows.map(([code, live, seq, grace]) =>
      Number(code) === 0 ? { code: 'extended' } : Number(code) === 2 ? { code: 'lost' } : { code: 'recreated', state: toState(live, seq, grace ?? 0) });
  }

  async reap(graceUntil: number, limit = 1000): Promise<ReapedAgent[]> {
    const rows = await this.cmd.presenceReap(this.zset, graceUntil, limit, this.prefix);
    return rows.map(([accountId, agentId, live, seq, grace]) => ({ accountId, agentId, state: toState(live, seq, grace) }));
  }

  /** Lease states of many agents; `graceIfUnknown` (null = leave alone) seeds agents Redis has no record of. */
  async snapshot(agents: { agentId: string; graceIfUnknown: number | null }[]): Promise<LeaseState[]> {
    const out: LeaseState[] = [];
    // Batches keep one script call from blocking Redis for long on big accounts.
    for (let i = 0; i < agents.length; i += 500) {
      const batch = agents.slice(i, i + 500);
      const rows = await this.cmd.presenceSnapshot(this.prefix, ...batch.flatMap((a) => [a.agentId, a.graceIfUnknown === null ? '' : String(a.graceIfUnknown)]));
      for (const [live, seq, grace] of rows) out.push(toState(live, seq, grace));
    }
    return out;
  }
}
