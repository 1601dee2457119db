// What the tray shows for one client snapshot: icon, tooltip and menu. Pure, so the whole tray is
// tested without Electron; the controller rebuilds it synchronously on every snapshot.
import type { ChatBoxStatus, Status } from '../common/protocol.js';
import type { ClientSnapshot, MenuItem, TrayIconState } from './ports.js';

export interface TrayActions {
  setStatus(status: Status): void;
  openWindow(): void;
  toggleStartAtLogin(): void;
  quit(): void;
}

export interface TrayView { icon: TrayIconState; tooltip: string; menu: MenuItem[] }

const statusLabel: Record<Status, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

/** What visitors of this agent's chat boxes see: its groups if it has any, else the website. */
export function visitorView(s: ClientSnapshot): ChatBoxStatus | null {
  if (!s.chatBox) return null;
  const groupIds = s.agent?.groupIds ?? [];
  const groups = groupIds.map((id) => s.chatBox?.groups[id]).filter((g): g is ChatBoxStatus => g !== undefined);
  if (groups.length === 0) return s.chatBox.website;
  return groups.find((g) => g.online) ?? groups[0] ?? null;
}

export function chatBoxLine(cb: ChatBoxStatus | null): string {
  if (!cb) return 'Chat box: unknown';
  if (cb.online) return 'Chat box: online for visitors';
  if (cb.reason === 'outside_office_hours') {
    return cb.nextOpenAt ? `Chat box: offline (outside office hours, opens ${formatOpen(cb.nextOpenAt)})` : 'Chat box: offline (outside office hours)';
  }
  return 'Chat box: offline for visitors (no agent online)';
}

function formatOpen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

export function isConnected(s: ClientSnapshot): boolean {
  return s.connection === 'connected';
}

export function iconState(s: ClientSnapshot): TrayIconState {
  if (!isConnected(s) || !s.status) return 'disconnected';
  const intent = s.status.status;
  if (intent === 'online') return visitorView(s)?.online === false ? 'online-hidden' : 'online';
  return intent;
}

export function tooltip(s: ClientSnapshot): string {
  const head = 'Agent Presence';
  if (s.connection === 'signedOut') return `${head}: signed out`;
  if (!s.status) return `${head}: connecting…`;
  const mine = `You: ${statusLabel[s.status.status]}`;
  const conn = isConnected(s) ? '' : ` (${s.connection === 'closed' ? 'disconnected' : 'reconnecting…'})`;
  return `${head}\n${mine}${conn}\n${chatBoxLine(visitorView(s))}`;
}

export function buildTrayView(s: ClientSnapshot, opts: { startAtLogin: boolean }, actions: TrayActions): TrayView {
  const signedIn = s.connection !== 'signedOut';
  const current = s.status?.status ?? null;
  const radio = (status: Status): MenuItem => ({
    id: `status-${status}`,
    label: statusLabel[status],
    type: 'radio',
    checked: current === status,
    enabled: signedIn,
    click: () => actions.setStatus(status),
  });
  const menu: MenuItem[] = [
    radio('online'),
    radio('away'),
    radio('offline'),
    { type: 'separator' },
    { id: 'chat-box', label: chatBoxLine(visitorView(s)), enabled: false },
    { type: 'separator' },
    { id: 'open', label: 'Open Agent Presence…', click: actions.openWindow },
    { id: 'start-at-login', label: 'Start at login', type: 'checkbox', checked: opts.startAtLogin, click: actions.toggleStartAtLogin },
    { type: 'separator' },
    { id: 'quit', label: 'Quit (go offline)', click: actions.quit },
  ];
  return { icon: iconState(s), tooltip: tooltip(s), menu };
}
