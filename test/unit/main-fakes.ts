// Test doubles for the main process: the fake electron per OS (main-fake-*.ts), the host facts
// the wiring reads, a hand-driven clock, and a fake presence client.
import type { AnyReason, DeviceKind, Reason, Status } from '../../src/common/protocol.js';
import type { AgentClientPort, ClientSnapshot } from '../../src/main/ports.js';
import type { HostInfo } from '../../src/main/wire.js';
import { fakeDarwin } from './main-fake-darwin.js';
import type { FakePlatform } from './main-fake-electron.js';
import { fakeLinux } from './main-fake-linux.js';
import { fakeWin32 } from './main-fake-win32.js';
import { ManualClock } from '../helpers/manual-clock.js';

export { fakeEvent, type FakeEvent, type FakePlatform } from './main-fake-electron.js';

export const PLATFORMS: readonly FakePlatform[] = ['darwin', 'win32', 'linux'];

export interface FakeElectronOptions { platform?: FakePlatform; encryption?: boolean; packaged?: boolean; trayHost?: boolean }

/** The fake electron module of one OS (default Linux, the OS these tests run on). */
export function fakeElectron(opts: FakeElectronOptions = {}) {
  const platform = opts.platform ?? 'linux';
  if (platform === 'darwin') return fakeDarwin(opts);
  if (platform === 'win32') return fakeWin32(opts);
  return fakeLinux(opts);
}
export type FakeElectron = ReturnType<typeof fakeDarwin> | ReturnType<typeof fakeWin32> | ReturnType<typeof fakeLinux>;

/** Host facts for the wiring: a throwaway home so a Linux autostart entry lands in a temp dir. */
export function fakeHost(home: string, extra: Partial<HostInfo> = {}): HostInfo {
  return { env: { XDG_CONFIG_HOME: `${home}/.config` }, execPath: '/opt/Agent Presence/agent-presence', argv: ['agent-presence'], homeDir: home, appRoot: '/src/agent-presence', ...extra };
}

/** A hand-driven clock: timers fire only when advanced (the shared ManualClock). */
export const manualClock = (start = 1_000_000): ManualClock => new ManualClock(start);

/** A presence client double: the server is a version counter. */
export class FakeClient implements AgentClientPort {
  snapshot: ClientSnapshot = {
    connection: 'connected',
    agent: { id: 'a1', name: 'Ann', email: 'ann@example.com', role: 'agent', groupIds: [] },
    status: { status: 'online', effective: 'online', version: 1, reason: 'manual', by: { deviceId: 'dev-this', kind: 'desktop' }, at: '' },
    chatBox: { website: { online: true, reason: 'agents_online', nextOpenAt: null }, groups: {} },
    lastError: null,
  };
  calls: string[] = [];
  listeners = new Set<(s: ClientSnapshot) => void>();
  /** goOfflineAndClose never settles (a black-holed server without its own timeout). */
  hang = false;

  login = async () => { this.calls.push('login'); return this.snapshot.agent!; };
  logout = async () => { this.calls.push('logout'); };
  start = async () => { this.calls.push('start'); };
  stop = () => { this.calls.push('stop'); };
  hint = (what: string) => { this.calls.push(`hint:${what}`); };
  getSnapshot = () => this.snapshot;
  subscribe = (l: (s: ClientSnapshot) => void) => { this.listeners.add(l); return () => { this.listeners.delete(l); }; };
  async setStatus(status: Status, reason: Reason = 'manual', opts: { until?: string } = {}) {
    this.calls.push(`set:${status}:${reason}${opts.until ? `:until=${opts.until}` : ''}`);
    return { version: this.apply(status, reason, 'dev-this') };
  }
  goOfflineAndClose = (o?: { reason?: Reason }) => {
    this.calls.push(`quit:${o?.reason}`);
    return this.hang ? new Promise<{ via: string }>(() => {}) : Promise.resolve({ via: 'socket' });
  };
  signOffThisDevice = async () => { this.calls.push('bye'); };

  /** A change that arrives from the server (this or another device, or an admin). */
  apply(status: Status, reason: AnyReason, deviceId: string | null, kind: DeviceKind | 'server' = 'desktop'): number {
    const version = (this.snapshot.status?.version ?? 0) + 1;
    // Time off (SPEC 11) is not changed by a status change: the server sends it with every status.
    const leave = this.snapshot.status?.leaveUntil ? { leaveUntil: this.snapshot.status.leaveUntil } : {};
    this.snapshot = { ...this.snapshot, status: { status, effective: status, version, reason, by: { deviceId, kind }, at: '', ...leave } };
    for (const l of this.listeners) l(this.snapshot);
    return version;
  }
  emit(patch: Partial<ClientSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l(this.snapshot);
  }
}
