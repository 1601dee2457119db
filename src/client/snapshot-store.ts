// The immutable snapshot the UIs render, and its listeners. A new object per change, so React's
// useSyncExternalStore and plain `===` checks see every change and nothing else.
import type { Clock } from '../common/clock.js';
import { PresenceClientError } from './errors.js';
import type { ClientSnapshot } from './types.js';

export type SnapshotListener = (snap: ClientSnapshot) => void;

export const INITIAL_SNAPSHOT: ClientSnapshot = { connection: 'signedOut', agent: null, status: null, chatBox: null, lastError: null };

export class SnapshotStore {
  private snap: ClientSnapshot = INITIAL_SNAPSHOT;
  private readonly listeners = new Set<SnapshotListener>();

  constructor(private readonly clock: Clock) {}

  get(): ClientSnapshot { return this.snap; }

  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Applies a change and tells every listener synchronously. */
  update(patch: Partial<ClientSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of [...this.listeners]) {
      try { l(this.snap); } catch { /* a UI bug must not break the engine */ }
    }
  }

  /** Resolves with the first snapshot matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (s: ClientSnapshot) => boolean, timeoutMs: number): Promise<ClientSnapshot> {
    if (pred(this.snap)) return Promise.resolve(this.snap);
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => { off(); reject(new PresenceClientError('timeout', 'Condition not reached in time.')); }, timeoutMs);
      const off = this.subscribe((s) => { if (pred(s)) { off(); this.clock.clearTimeout(timer); resolve(s); } });
    });
  }
}
