// Fakes for the client core's injected world: a manual clock, a scriptable WebSocket, a memory store.
import type { Clock } from '../../src/common/clock.js';
import type { CredentialStore, StoredCredentials } from '../../src/client/types.js';

interface Timer { id: number; at: number; fn: () => void }

export class FakeClock implements Clock {
  private t = 1_700_000_000_000;
  private timers: Timer[] = [];
  private nextId = 1;

  now(): number { return this.t; }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await flush();
    for (;;) {
      const due = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
      await flush();
    }
    this.t = target;
    await flush();
  }

  get pending(): number { return this.timers.length; }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

export class FakeSocket {
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  closedWith: { code?: number; reason?: string } | null = null;
  terminated = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string) { FakeSocket.instances.push(this); }

  static last(): FakeSocket {
    const s = FakeSocket.instances.at(-1);
    if (!s) throw new Error('no socket');
    return s;
  }

  static reset(): void { FakeSocket.instances = []; }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? '' }));
  }

  // ---- server side ----
  open(): void { this.readyState = 1; this.onopen?.({}); }
  deliver(msg: unknown): void { this.onmessage?.({ data: JSON.stringify(msg) }); }
  drop(code: number, reason = ''): void { this.readyState = 3; this.onclose?.({ code, reason }); }
  types(): string[] { return this.sent.map((m) => String(m.type)); }
}

/** A `ws`-like socket: has ping() and on('ping'|'pong'), so 'auto' picks ping frames. */
export class FakeNodeSocket extends FakeSocket {
  pings = 0;
  private handlers: Record<string, Array<() => void>> = {};
  ping(): void { this.pings++; }
  terminate(): void { this.terminated = true; this.readyState = 3; queueMicrotask(() => this.onclose?.({ code: 1006, reason: '' })); }
  on(event: 'ping' | 'pong', fn: () => void): this { (this.handlers[event] ??= []).push(fn); return this; }
  emitFrame(event: 'ping' | 'pong'): void { this.handlers[event]?.forEach((f) => f()); }
}

export class MemoryStore implements CredentialStore {
  saves: Array<{ token: string | null; deviceId: string }> = [];
  constructor(public value: StoredCredentials = { token: 'tok-1', deviceId: 'device-0001' }) {}
  async load(): Promise<StoredCredentials> { return { ...this.value }; }
  async save(v: { token: string | null; deviceId: string }): Promise<void> { this.value = { ...v }; this.saves.push(v); }
}

export const AGENT = { id: 'a1', name: 'Ann', email: 'ann@example.com', role: 'agent' as const, groupIds: ['g1'] };
export const CHATBOX = { website: { online: true, reason: 'agents_online' as const, nextOpenAt: null }, groups: {} };

export function statusMsg(version: number, status: 'online' | 'away' | 'offline' = 'online', effective = status) {
  return { type: 'status', status, effective, version, reason: 'manual', by: { deviceId: 'other', kind: 'web' }, at: new Date(0).toISOString() };
}

export function welcome(version = 1, status: 'online' | 'away' | 'offline' = 'online', heartbeatMs = 25_000) {
  const { type: _t, ...s } = statusMsg(version, status);
  return { type: 'welcome', sessionId: 's1', agent: AGENT, status: s, chatBox: CHATBOX, heartbeatMs };
}
