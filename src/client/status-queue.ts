// Pending `status.set` requests. The server applies status.set idempotently by value, so after a
// reconnect only the newest unacknowledged intent needs to be sent again: older ones were either
// applied and then superseded, or never applied and are superseded all the same. Their callers are
// settled with the newest one's outcome.
import type { Reason, Status } from '../common/protocol.js';
import { PresenceClientError } from './errors.js';

interface Waiter {
  resolve(v: { version: number }): void;
  reject(e: PresenceClientError): void;
}

export interface PendingSet {
  status: Status;
  reason: Reason;
  /** A timed status's end (SPEC 11), ISO 8601. */
  until?: string | undefined;
  /** Wire seq on the current socket, or null while waiting for a connection. */
  seq: number | null;
  waiters: Waiter[];
}

export class StatusQueue {
  private pending: PendingSet[] = [];
  private nextSeq = 1;

  /** Queues a request; returns its entry and the promise its caller awaits. */
  add(status: Status, reason: Reason, until?: string): { entry: PendingSet; done: Promise<{ version: number }> } {
    let waiter!: Waiter;
    const done = new Promise<{ version: number }>((resolve, reject) => { waiter = { resolve, reject }; });
    const entry: PendingSet = { status, reason, ...(until ? { until } : {}), seq: null, waiters: [waiter] };
    this.pending.push(entry);
    return { entry, done };
  }

  /** Gives an entry a fresh seq for the socket it is about to be sent on. */
  assignSeq(entry: PendingSet): number {
    entry.seq = this.nextSeq++;
    return entry.seq;
  }

  /**
   * After a reconnect: folds every unacknowledged entry into the newest one and returns it
   * (to be sent again), or null when nothing is pending.
   */
  collapseForReplay(): PendingSet | null {
    const newest = this.pending.at(-1);
    if (!newest) return null;
    for (const older of this.pending.slice(0, -1)) newest.waiters.unshift(...older.waiters);
    newest.seq = null;
    this.pending = [newest];
    return newest;
  }

  /** The socket went away: nothing sent on it can be acked any more. */
  forgetSeqs(): void {
    for (const e of this.pending) e.seq = null;
  }

  ack(seq: number, version: number): PendingSet | null {
    const entry = this.take(seq);
    entry?.waiters.forEach((w) => w.resolve({ version }));
    return entry;
  }

  fail(seq: number, err: PresenceClientError): PendingSet | null {
    const entry = this.take(seq);
    entry?.waiters.forEach((w) => w.reject(err));
    return entry;
  }

  /** Settles an entry that turned out to be applied already (its ack was lost with the socket). */
  settle(entry: PendingSet, version: number): void {
    this.remove(entry);
    entry.waiters.forEach((w) => w.resolve({ version }));
  }

  rejectAll(err: PresenceClientError): void {
    const all = this.pending;
    this.pending = [];
    for (const e of all) e.waiters.forEach((w) => w.reject(err));
  }

  /** Drops an entry without settling it (the caller settles it another way). */
  remove(entry: PendingSet): void {
    this.pending = this.pending.filter((e) => e !== entry);
  }

  get size(): number {
    return this.pending.length;
  }

  private take(seq: number): PendingSet | null {
    const i = this.pending.findIndex((e) => e.seq === seq);
    if (i < 0) return null;
    const [entry] = this.pending.splice(i, 1);
    return entry ?? null;
  }
}
