// Sends the outbox (SPEC 10). Each pass: fan new events out into deliveries, lease endpoints whose
// oldest waiting delivery is due, and send that one delivery per leased endpoint. One in flight
// per endpoint across the cluster keeps an endpoint's events in commit order; at most
// `maxInFlight` per node bounds the sockets. A 2xx is success; anything else is retried with
// backoff (webhook-retry.ts) under the same event id, until the endpoint has failed for 24 h and
// is disabled. A node's own commits wake it at once; otherwise it polls every webhookPollMs.
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { repeatEvery, type Clock } from '../../common/clock.js';
import { TIMINGS } from '../../common/timings.js';
import { webhookRetryDelay, webhookShouldDisable } from '../../common/webhook-retry.js';
import { outgoing } from './payload.js';
import type { SendResult, WebhookSender } from './sender.js';
import type { DeliveryRow, WebhookStore } from './webhook-store.js';

export interface AttemptReport { delivery: DeliveryRow; result: SendResult; ok: boolean; at: number }

export interface DispatcherOptions {
  store: WebhookStore;
  sender: WebhookSender;
  clock: Clock;
  nodeId: string;
  log?: Logger | undefined;
  /** SQLite: this node is the only one, so leases left by a killed run are void at start. */
  singleNode: boolean;
  maxInFlight?: number;
  random?: () => number;
  /** Every recorded attempt (metrics, the bench). */
  onAttempt?: (report: AttemptReport) => void;
}

export const MAX_IN_FLIGHT = 16;

export class WebhookDispatcher {
  private inFlight = 0;
  private running = false;
  private again = false;
  private closed = false;
  private crashed = false;
  private poller: { cancel(): void } | null = null;
  private readonly abort = new AbortController();
  private readonly active = new Set<Promise<void>>();
  private readonly sending = new Set<string>();
  private readonly maxInFlight: number;

  constructor(private readonly opts: DispatcherOptions) {
    this.maxInFlight = opts.maxInFlight ?? MAX_IN_FLIGHT;
    // Every in-flight attempt listens on it (up to maxInFlight at once).
    setMaxListeners(0, this.abort.signal);
  }

  async start(): Promise<void> {
    if (this.opts.singleNode) await this.opts.store.releaseAllLeases();
    this.poller = repeatEvery(this.opts.clock, TIMINGS.webhookPollMs, () => this.kick());
    this.kick();
  }

  /** Something was committed (or is due): run a pass soon. Never throws. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().catch((err: unknown) => this.opts.log?.error({ err }, 'webhook dispatch pass failed')).finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /**
   * Stops sending: in-flight attempts are cut and not recorded (the delivery stays waiting, same
   * event id). Their leases are given back unless `crash` (then they run out, as after kill -9).
   */
  async close(opts: { crash?: boolean } = {}): Promise<void> {
    this.closed = true;
    this.crashed = opts.crash ?? false;
    this.poller?.cancel();
    this.abort.abort();
    await Promise.allSettled([...this.active]);
  }

  private async pass(): Promise<void> {
    const { store, clock, nodeId } = this.opts;
    while (!this.closed && (await store.fanOut(clock.now())) > 0) { /* drain the outbox */ }
    if (this.closed) return;
    // Never an endpoint this node is still sending to, even if its lease looks expired (a clock
    // that jumped, an event loop that stalled): one in flight per endpoint holds on this node too.
    const ids = await store.claimEndpoints(nodeId, clock.now(), TIMINGS.webhookLeaseMs, this.maxInFlight - this.inFlight, [...this.sending]);
    for (const id of ids) {
      if (this.sending.has(id)) continue;
      this.sending.add(id);
      this.inFlight += 1;
      const job = this.deliver(id)
        .catch((err: unknown) => this.opts.log?.error({ err, endpoint: id }, 'webhook delivery failed to record'))
        .finally(() => {
          this.sending.delete(id);
          this.inFlight -= 1;
          this.active.delete(job);
          this.kick();
        });
      this.active.add(job);
    }
  }

  private async deliver(endpointId: string): Promise<void> {
    const { store, clock, nodeId, sender } = this.opts;
    const head = await store.head(endpointId);
    const now = clock.now();
    if (!head || !head.endpoint.enabled || head.delivery.nextAt > now) {
      await store.releaseLease(endpointId, nodeId);
      return;
    }
    const { endpoint, delivery } = head;
    const out = outgoing(endpoint.format, delivery.body, delivery.id, endpoint.secret, now);
    const result = await sender.post(endpoint.url, out.body, out.headers, this.abort.signal);
    // Cut by close(): nothing to record, the delivery stays waiting. An answer that did arrive is
    // recorded even while closing (close waits for it), or a restart would send it a second time.
    if (this.closed && (this.crashed || result.status === null)) {
      if (!this.crashed) await store.releaseLease(endpointId, nodeId);
      return;
    }
    const at = clock.now();
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const failingSince = endpoint.failingSince ?? now;
    await store.finishAttempt(nodeId, delivery, {
      ok, at: now, status: result.status, error: result.error, durationMs: result.durationMs,
      retryAt: at + webhookRetryDelay(delivery.attempts + 1, (this.opts.random ?? Math.random)()),
      disable: !ok && webhookShouldDisable(failingSince, at),
    });
    if (!ok) this.opts.log?.warn({ endpoint: endpointId, event: delivery.eventId, status: result.status, error: result.error }, 'webhook delivery failed; will retry');
    this.opts.onAttempt?.({ delivery, result, ok, at: now });
  }
}
