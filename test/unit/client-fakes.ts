// Fakes for the client core's injected world: a scriptable WebSocket and canned server messages.
// The clock (SettlingClock) and the credential store (MemoryCredentials) are in test/helpers.

export { flush } from '../helpers/manual-clock.js';

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

export const AGENT = { id: 'a1', name: 'Ann', email: 'ann@example.com', role: 'agent' as const, groupIds: ['g1'] };
export const CHATBOX = { website: { online: true, reason: 'agents_online' as const, nextOpenAt: null }, groups: {} };

export function statusMsg(version: number, status: 'online' | 'away' | 'offline' = 'online', effective = status) {
  return { type: 'status', status, effective, version, reason: 'manual', by: { deviceId: 'other', kind: 'web' }, at: new Date(0).toISOString() };
}

export function welcome(version = 1, status: 'online' | 'away' | 'offline' = 'online', heartbeatMs = 25_000) {
  const { type: _t, ...s } = statusMsg(version, status);
  return { type: 'welcome', sessionId: 's1', agent: AGENT, status: s, chatBox: CHATBOX, heartbeatMs };
}
