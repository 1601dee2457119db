// Prometheus metrics (prom-client), one registry per server instance so tests can run several.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Status } from '../common/protocol.js';
import type { AccountState } from './presence/account-state.js';

export interface Metrics {
  registry: Registry;
  sockets: Gauge<'kind'>;
  /**
   * The widget sockets of `sockets` (kind="widget"): a plain count read when the gauge is
   * collected, so a page-load storm pays no label lookup per socket.
   */
  widgetSockets: { inc(): void; dec(): void };
  agentsByStatus: Gauge<'status'>;
  statusChanges: Counter<'status' | 'reason'>;
  fanoutSeconds: Histogram<'kind'>;
  /** Widget upgrades refused: `per_ip` (--max-sockets-per-ip) or `reserve` (descriptors kept for agents). */
  socketsRefused: Counter<'reason'>;
  /** Accounts held in memory on this node (issue 20: loaded on first use, not at boot). */
  accountsLoaded: Gauge;
  /** Registers where agent counts come from; they are computed when /metrics is scraped. */
  trackAgents(source: () => { accounts: Iterable<AccountState>; now: number }): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let widgets = 0;
  const sockets = new Gauge({
    name: 'presence_sockets', help: 'Open WebSocket connections by kind', labelNames: ['kind'], registers: [registry],
    collect() {
      this.set({ kind: 'widget' }, widgets);
    },
  });
  const widgetSockets = { inc: () => { widgets += 1; }, dec: () => { widgets -= 1; } };
  let source: (() => { accounts: Iterable<AccountState>; now: number }) | null = null;
  const agentsByStatus = new Gauge({
    name: 'presence_agents', help: 'Agents by effective status', labelNames: ['status'], registers: [registry],
    collect() {
      if (!source) return;
      const { accounts, now } = source();
      const counts: Record<Status, number> = { online: 0, away: 0, offline: 0 };
      for (const state of accounts) for (const agent of state.agents.values()) counts[state.effective(agent, now)] += 1;
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  const accountsLoaded = new Gauge({
    name: 'presence_accounts_loaded', help: 'Accounts held in memory on this node (loaded on first use)', registers: [registry],
    collect() {
      if (!source) return;
      let n = 0;
      for (const _ of source().accounts) n += 1;
      this.set(n);
    },
  });
  const statusChanges = new Counter({ name: 'presence_status_changes_total', help: 'Committed status changes', labelNames: ['status', 'reason'], registers: [registry] });
  const fanoutSeconds = new Histogram({
    name: 'presence_fanout_seconds', help: 'From a committed change to the last socket write of its broadcast', labelNames: ['kind'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers: [registry],
  });
  const socketsRefused = new Counter({ name: 'presence_sockets_refused_total', help: 'Widget socket upgrades refused with 429', labelNames: ['reason'], registers: [registry] });
  socketsRefused.inc({ reason: 'per_ip' }, 0);
  socketsRefused.inc({ reason: 'reserve' }, 0);
  sockets.set({ kind: 'agent' }, 0);
  sockets.set({ kind: 'widget' }, 0);
  return {
    registry, sockets, widgetSockets, agentsByStatus, statusChanges, fanoutSeconds, socketsRefused, accountsLoaded,
    trackAgents(fn) {
      source = fn;
    },
  };
}
