// Words for the values the server sends. One place, so every screen says the same thing.
import type { ChatBoxStatus, Status } from '../../src/common/protocol.js';

export const STATUS_LABEL: Record<Status, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

export const STATUS_HINT: Record<Status, string> = {
  online: 'Taking chats',
  away: 'Signed in, not taking chats',
  offline: 'Not available',
};

const REASON_LABEL: Record<string, string> = {
  manual: 'changed by hand',
  quit: 'the app was quit',
  shutdown: 'the computer shut down',
  logout: 'the user logged out of the computer',
  suspend: 'the computer went to sleep',
  lock: 'the screen was locked',
  idle: 'no activity',
  schedule: 'office hours',
  admin: 'set by an admin',
  grace_expired: 'no device connected for too long',
  disconnected: 'every device disconnected',
  disabled: 'the account was disabled',
  api: 'changed through the API',
};

export function reasonLabel(reason: string | null): string {
  if (!reason) return 'unknown reason';
  return REASON_LABEL[reason] ?? reason;
}

const KIND_LABEL: Record<string, string> = { desktop: 'desktop app', web: 'web dashboard', cli: 'command line', mobile: 'phone', server: 'the server' };

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}

export function formatTime(iso: string | null, timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short', ...(timeZone ? { timeZone } : {}) });
}

/** "Online: agents are available", "Offline: outside office hours, opens Mon 09:00". */
export function chatBoxText(s: ChatBoxStatus): string {
  if (s.online) return 'Online: an agent is available';
  if (s.reason === 'outside_office_hours') return `Offline: outside office hours${s.nextOpenAt ? `, opens ${formatTime(s.nextOpenAt)}` : ''}`;
  return 'Offline: no agent is online';
}

export function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string } | null;
  switch (e?.code) {
    case 'unauthorized': return 'Wrong email or password, or the session expired. Sign in again.';
    case 'network': return `Cannot reach the server. ${e.message ?? ''}`.trim();
    case 'timeout': return 'The server did not answer in time. Try again.';
    case 'rate_limited': return 'Too many attempts. Wait a moment and try again.';
    case 'account_locked': return e.message ?? 'This account is locked for a while after too many failed sign-ins.';
    case 'forbidden': return 'Only an admin can do that.';
    default: return e?.message ?? String(err);
  }
}
