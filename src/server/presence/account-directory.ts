// Every account this node serves, by id and by site key, loaded from the store: all at once at
// boot (three bulk reads) and again after a configuration write or a cluster resync. Applying a
// row never goes back to an older version; removed or disabled agents lose their devices.
import { CloseCode } from '../../common/protocol.js';
import type { DeviceRef } from '../cluster/lease-store.js';
import { groupBy } from '../store/rows.js';
import type { AccountRow, AgentRow, GroupRow, Store } from '../store/store.js';
import { AccountState, type AgentState } from './account-state.js';

export interface PreloadedAccount {
  row: AccountRow;
  groups: GroupRow[];
  agents: AgentRow[];
}

export interface DirectoryPorts {
  store: Store;
  /** Before a new account is served: in a cluster, subscribe to its events. */
  follow(accountId: string): Promise<void>;
  /** An agent that no longer exists: its grace ends with it. */
  removed(agent: AgentState): void;
}

export class AccountDirectory {
  private readonly byId = new Map<string, AccountState>();
  private readonly bySiteKey = new Map<string, AccountState>();

  constructor(private readonly ports: DirectoryPorts) {}

  get(accountId: string): AccountState | undefined {
    return this.byId.get(accountId);
  }

  bySite(siteKey: string): AccountState | undefined {
    return this.bySiteKey.get(siteKey);
  }

  all(): IterableIterator<AccountState> {
    return this.byId.values();
  }

  agent(accountId: string, agentId: string): { state: AccountState; agent: AgentState } | undefined {
    const state = this.byId.get(accountId);
    const agent = state?.agents.get(agentId);
    return state && agent ? { state, agent } : undefined;
  }

  /**
   * Every account with its groups and agents in three bulk reads instead of three queries per
   * account: a restart (or a cluster resync) with thousands of accounts stays well inside the grace window.
   */
  async readAll(): Promise<PreloadedAccount[]> {
    const { store } = this.ports;
    const [accounts, groups, agents] = [await store.listAccounts(), await store.listAllGroups(), await store.listAllAgents()];
    const groupsOf = groupBy(groups, (g) => g.accountId);
    const agentsOf = groupBy(agents, (a) => a.accountId);
    return accounts.map((row) => ({ row, groups: groupsOf.get(row.id) ?? [], agents: agentsOf.get(row.id) ?? [] }));
  }

  /** (Re)loads one account from `preloaded` or the store; undefined when it does not exist. */
  async load(accountId: string, preloaded?: PreloadedAccount): Promise<AccountState | undefined> {
    const { store } = this.ports;
    const row = preloaded?.row ?? (await store.getAccount(accountId));
    if (!row) return undefined;
    let state = this.byId.get(accountId);
    if (state) state.account = row;
    else {
      await this.ports.follow(accountId);
      state = new AccountState(row);
      this.byId.set(accountId, state);
      this.bySiteKey.set(row.siteKey, state);
    }
    state.groups.clear();
    for (const group of preloaded?.groups ?? (await store.listGroups(accountId))) state.groups.set(group.id, group);
    const rows = preloaded?.agents ?? (await store.listAgents(accountId));
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, agent] of state.agents) {
      if (ids.has(id)) continue;
      this.ports.removed(agent);
      for (const device of agent.devices.values()) device.close(CloseCode.unauthorized, 'agent removed');
      state.agents.delete(id);
    }
    for (const r of rows) this.applyRow(state, r);
    return state;
  }

  /** A newer row of an agent (an older one is ignored); a disabled agent's devices are closed. */
  applyRow(state: AccountState, row: AgentRow): AgentState {
    const existing = state.agents.get(row.id);
    if (existing && existing.row.version > row.version) return existing; // never go backwards
    const agent = state.setAgent(row);
    if (row.disabled) for (const device of agent.devices.values()) device.close(CloseCode.forbidden, 'agent disabled');
    return agent;
  }

  localDevices(): DeviceRef[] {
    const out: DeviceRef[] = [];
    for (const state of this.byId.values()) {
      for (const agent of state.agents.values()) for (const deviceId of agent.devices.keys()) out.push({ accountId: state.account.id, agentId: agent.row.id, deviceId });
    }
    return out;
  }

  /**
   * Every agent with what this node remembers of its grace, to seed Redis after it lost its data:
   * devices elsewhere that Redis forgot may be gone, so they get `fullWindow` (what an unclean loss gets).
   */
  knownAgents(fullWindow: number): { accountId: string; agentId: string; seed: number | null }[] {
    const out: { accountId: string; agentId: string; seed: number | null }[] = [];
    for (const state of this.byId.values()) {
      for (const agent of state.agents.values()) {
        let seed: number | null = null;
        if (agent.row.intent !== 'offline' && !agent.row.disabled) seed = agent.clusterDevices > agent.devices.size ? fullWindow : agent.graceUntil ?? 0;
        out.push({ accountId: state.account.id, agentId: agent.row.id, seed });
      }
    }
    return out;
  }
}
