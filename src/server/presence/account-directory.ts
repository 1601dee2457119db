// Every account this node serves, by id and by site key, loaded from the store on first use
// (issue 20: `ensure`, three indexed reads; concurrent first uses share one load) and again after
// a configuration write or a cluster resync. Applying a row never goes back to an older version;
// removed or disabled agents lose their devices.
import { CloseCode } from '../../common/protocol.js';
import type { DeviceRef } from '../cluster/lease-store.js';
import type { AccountRow, AgentRow, GroupRow, Store } from '../store/store.js';
import { AccountState, type AgentState } from './account-state.js';

/** An account read in bulk with its groups and agents (boot), so its load needs no query. */
export interface PreloadedAccount { row: AccountRow; groups: GroupRow[]; agents: AgentRow[] }

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
  /** First loads in flight: a state is handed out only once `activate` (its boot) finished. */
  private readonly loading = new Map<string, Promise<AccountState | undefined>>();

  constructor(private readonly ports: DirectoryPorts) {}

  /**
   * The account, loaded and activated (timers, boot grace, first statuses) on its first use; one
   * load for any number of concurrent callers. undefined when it does not exist.
   */
  ensure(accountId: string, activate: (state: AccountState) => Promise<void>, read?: AccountRow | PreloadedAccount): Promise<AccountState | undefined> {
    const pending = this.loading.get(accountId);
    if (pending) return pending;
    const known = this.byId.get(accountId);
    if (known) return Promise.resolve(known);
    const load = (async () => {
      const state = await this.load(accountId, read);
      if (state) await activate(state);
      return state;
    })().finally(() => this.loading.delete(accountId));
    this.loading.set(accountId, load);
    return load;
  }

  /** Forgets an account this node no longer holds (the idle drop, issue 20). */
  remove(state: AccountState): void {
    const { id, siteKey } = state.account;
    if (this.byId.get(id) !== state) return;
    this.byId.delete(id);
    if (this.bySiteKey.get(siteKey) === state) this.bySiteKey.delete(siteKey);
  }

  /** A first load in flight (a configuration write waits for it, then reloads). */
  loadingNow(accountId: string): Promise<AccountState | undefined> | undefined {
    return this.loading.get(accountId);
  }

  get size(): number {
    return this.byId.size;
  }

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

  /** (Re)loads one account from the store (`known`: its row, or all of it, just read); undefined when it does not exist. */
  async load(accountId: string, known?: AccountRow | PreloadedAccount): Promise<AccountState | undefined> {
    const { store } = this.ports;
    const pre = known && 'row' in known ? known : undefined;
    const row = pre?.row ?? (known as AccountRow | undefined) ?? (await store.getAccount(accountId));
    if (!row) return undefined;
    let state = this.byId.get(accountId);
    if (state) state.account = row;
    else {
      await this.ports.follow(accountId);
      state = new AccountState(row);
      this.byId.set(accountId, state);
      this.bySiteKey.set(row.siteKey, state);
    }
    // Both reads at once: a cold account's first widget waits for them (issue 20).
    const [groups, rows] = pre ? [pre.groups, pre.agents] : await Promise.all([store.listGroups(accountId), store.listAgents(accountId)]);
    state.groups.clear();
    for (const group of groups) state.groups.set(group.id, group);
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
