// The webhook feature of one node (SPEC 10): its store, the sender with the SSRF rules, the
// dispatcher, the unstaffed alert, and the hooks on the hub's change seam. app.ts starts it after
// the hub and closes it before; the routes (http/routes-webhooks.ts) use it.
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../common/clock.js';
import { TIMINGS } from '../../common/timings.js';
import { liveDevices, type AccountState } from '../presence/account-state.js';
import type { PresenceHub } from '../presence/hub.js';
import type { Store } from '../store/store.js';
import { WebhookDispatcher, type AttemptReport } from './dispatcher.js';
import { outboxHooks } from './outbox-hooks.js';
import { WebhookSender, type Resolver } from './sender.js';
import { UnstaffedMonitor } from './unstaffed.js';
import { WebhookStore } from './webhook-store.js';

export interface WebhooksOptions {
  store: Store;
  hub: PresenceHub;
  clock: Clock;
  log?: Logger | undefined;
  /** `--webhooks-allow-private`: http and private, loopback, link-local addresses allowed. */
  allowPrivate: boolean;
  resolve?: Resolver | undefined;
  /** Extra trusted CAs for https receivers (tests' self-signed certificates). */
  ca?: string | string[] | undefined;
  onAttempt?: ((report: AttemptReport) => void) | undefined;
}

/**
 * An admin with a device connected on any node (tray, dashboard tab, CLI): someone who sees the
 * banner and the tray's notification, so the account's gaps are tracked even with no endpoint.
 * Without either nobody would see a gap, and a server of many idle accounts writes no gap rows.
 */
function adminWatching(state: AccountState | undefined): boolean {
  if (!state) return false;
  for (const agent of state.agents.values()) if (agent.row.role === 'admin' && liveDevices(agent) > 0) return true;
  return false;
}

export class Webhooks {
  readonly store: WebhookStore;
  readonly allowPrivate: boolean;
  private readonly dispatcher: WebhookDispatcher;
  private readonly unstaffed: UnstaffedMonitor;
  private accounts = new Set<string>();
  private refreshTimer: TimerHandle | null = null;
  private removeHooks: (() => void) | null = null;
  private removeKeeper: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly opts: WebhooksOptions) {
    this.store = new WebhookStore(opts.store);
    this.allowPrivate = opts.allowPrivate;
    const sender = new WebhookSender({ allowPrivate: opts.allowPrivate, resolve: opts.resolve, ca: opts.ca });
    // The embedded store has one node: it sends every delivery and writes every gap.
    const singleNode = opts.store.kind === 'sqlite';
    this.dispatcher = new WebhookDispatcher({
      store: this.store, sender, clock: opts.clock, nodeId: opts.hub.nodeId, log: opts.log, singleNode, onAttempt: opts.onAttempt,
    });
    this.unstaffed = new UnstaffedMonitor({ hub: opts.hub, store: this.store, clock: opts.clock, log: opts.log, committed: () => this.dispatcher.kick(), wants: (id) => this.accounts.has(id) || adminWatching(opts.hub.account(id)),
      alone: singleNode,
    });
  }

  static async start(opts: WebhooksOptions): Promise<Webhooks> {
    const w = new Webhooks(opts);
    // Accounts with endpoints or an open gap are watched in memory: never dropped as idle (issue 20).
    w.removeKeeper = opts.hub.keepLoaded((id) => w.accounts.has(id) || w.unstaffed.tracks(id));
    await w.refreshAccounts();
    w.removeHooks = opts.hub.addHooks(outboxHooks({
      hub: opts.hub, now: () => opts.clock.now(), wants: (id) => w.accounts.has(id),
      chatBoxChanged: (accountId, group) => w.unstaffed.observe(accountId, group), committed: () => w.dispatcher.kick(),
    }));
    await w.dispatcher.start();
    await w.unstaffed.start();
    w.scheduleRefresh();
    return w;
  }

  /**
   * Endpoints changed (here, or on another node: picked up within webhookPollMs). Accounts with
   * endpoints stay loaded (issue 20): their office-hours boundaries and gaps are watched in memory.
   */
  async refreshAccounts(): Promise<void> {
    const accounts = await this.store.accountsWithEndpoints();
    for (const id of accounts) if (!this.accounts.has(id)) await this.opts.hub.ensureAccount(id);
    this.accounts = accounts;
  }

  /** An event was put in the outbox outside the change seam (a test event). */
  kick(): void {
    this.dispatcher.kick();
  }

  /** `crash`: like kill -9 for in-process cluster tests (leases are left to run out). */
  async close(opts: { crash?: boolean } = {}): Promise<void> {
    this.closed = true;
    if (this.refreshTimer !== null) this.opts.clock.clearTimeout(this.refreshTimer);
    this.removeHooks?.();
    this.removeKeeper?.();
    await this.unstaffed.close();
    await this.dispatcher.close(opts);
  }

  private scheduleRefresh(): void {
    this.refreshTimer = this.opts.clock.setTimeout(() => {
      if (this.closed) return;
      void this.refreshAccounts().catch((err: unknown) => this.opts.log?.error({ err }, 'reading webhook endpoints failed')).finally(() => this.scheduleRefresh());
    }, TIMINGS.webhookPollMs);
  }
}
