// Words for the values the server sends, in one place for every surface (dashboard, tray, CLI):
// statuses, reasons, device kinds, what a chat box status means.
import type { ChatBoxStatus, Status } from '../protocol.js';
import type { MessageKey } from './catalog.js';
import type { Translator } from './translate.js';

export const statusLabel = (tr: Translator, s: Status): string => tr.t(`status.${s}`);
export const statusHint = (tr: Translator, s: Status): string => tr.t(`status.hint.${s}`);

// The last six: reasons of the status history's server-made changes (issue 16, docs/reports.md).
const REASONS = new Set(['manual', 'quit', 'shutdown', 'logout', 'suspend', 'lock', 'idle', 'schedule', 'admin', 'grace_expired', 'disconnected', 'disabled', 'api', 'timer',
  'boot', 'device_back', 'last_device_left', 'agent_added', 'config', 'resync']);

/** A reason code in words; an unknown code (a newer server) is shown as it is. */
export function reasonLabel(tr: Translator, reason: string | null | undefined): string {
  if (!reason) return tr.t('reason.unknown');
  return REASONS.has(reason) ? tr.t(`reason.${reason}` as MessageKey) : reason;
}

const KINDS = new Set(['desktop', 'web', 'cli', 'mobile', 'server']);

export function kindLabel(tr: Translator, kind: string): string {
  return KINDS.has(kind) ? tr.t(`kind.${kind}` as MessageKey) : kind;
}

/** "Mon 2 Dec, 09:00" in the translator's language, in `timeZone` when given. */
export function formatWhen(tr: Translator, iso: string, timeZone?: string): string {
  return tr.dateTime(iso, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
}

/** "Online: an agent is available", "Offline: outside office hours, opens Mon 2 Dec, 09:00". */
export function chatBoxText(tr: Translator, s: ChatBoxStatus, timeZone?: string): string {
  if (s.online) return tr.t('chatBox.online');
  if (s.reason === 'outside_office_hours') {
    return s.nextOpenAt ? tr.t('chatBox.offlineHoursOpens', { at: formatWhen(tr, s.nextOpenAt, timeZone) }) : tr.t('chatBox.offlineHours');
  }
  return tr.t('chatBox.offlineNoAgents');
}

/** "agents online", "no agents online", "outside office hours". */
export const chatBoxReason = (tr: Translator, s: ChatBoxStatus): string => tr.t(`chatBox.reason.${s.reason}`);
