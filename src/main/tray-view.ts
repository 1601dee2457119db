// What the tray shows for one client snapshot: icon, tooltip, menu, and the notification text.
// Pure, so the whole tray is tested without Electron. Every string the tray shows is in TRAY_TEXT
// below, and nowhere else, so translating the tray touches this one object.
import type { ChatBoxStatus, Status } from '../common/protocol.js';
import type { ClientSnapshot, MenuItem, TrayIconState } from './ports.js';

export interface TrayActions {
  setStatus(status: Status): void;
  openWindow(): void;
  toggleStartAtLogin(): void;
  quit(): void;
}

export interface TrayView { icon: TrayIconState; tooltip: string; menu: MenuItem[] }

export interface TrayOptions {
  startAtLogin: boolean;
  /** A downloaded update waiting for the next quit. */
  updateReady?: string | null;
}

export const TRAY_TEXT = {
  app: 'Agent Presence',
  status: { online: 'Online', away: 'Away', offline: 'Offline' } satisfies Record<Status, string>,
  signedOut: 'signed out',
  connecting: 'connecting…',
  disconnected: 'disconnected',
  reconnecting: 'reconnecting…',
  you: (status: string) => `You: ${status}`,
  chatBoxUnknown: 'Chat box: unknown',
  chatBoxOnline: 'Chat box: online for visitors',
  chatBoxClosed: 'Chat box: offline (outside office hours)',
  chatBoxClosedUntil: (when: string) => `Chat box: offline (outside office hours, opens ${when})`,
  chatBoxNobody: 'Chat box: offline for visitors (no agent online)',
  open: 'Open Agent Presence…',
  startAtLogin: 'Start at login',
  quit: 'Quit (go offline)',
  updateReady: (version: string) => `Update ${version} installs when you quit`,
  notificationTitle: 'Agent Presence',
  changedBy: (status: string, who: string) => `Your status was set to ${status} by ${who}.`,
  byAdmin: 'an admin',
  byServer: 'the server',
  byDevice: (kind: string) => `your ${kind} device`,
} as const;

/** What visitors of this agent's chat boxes see: its groups if it has any, else the website. */
export function visitorView(s: ClientSnapshot): ChatBoxStatus | null {
  if (!s.chatBox) return null;
  const groupIds = s.agent?.groupIds ?? [];
  const groups = groupIds.map((id) => s.chatBox?.groups[id]).filter((g): g is ChatBoxStatus => g !== undefined);
  if (groups.length === 0) return s.chatBox.website;
  return groups.find((g) => g.online) ?? groups[0] ?? null;
}

export function chatBoxLine(cb: ChatBoxStatus | null): string {
  if (!cb) return TRAY_TEXT.chatBoxUnknown;
  if (cb.online) return TRAY_TEXT.chatBoxOnline;
  if (cb.reason === 'outside_office_hours') return cb.nextOpenAt ? TRAY_TEXT.chatBoxClosedUntil(formatOpen(cb.nextOpenAt)) : TRAY_TEXT.chatBoxClosed;
  return TRAY_TEXT.chatBoxNobody;
}

function formatOpen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** The notification for a status change made elsewhere (another device, an admin, the server). */
export function foreignChangeText(status: Status, by: { kind: string }, reason: string | null): { title: string; body: string } {
  const who = by.kind === 'server' ? (reason === 'admin' ? TRAY_TEXT.byAdmin : TRAY_TEXT.byServer) : TRAY_TEXT.byDevice(by.kind);
  return { title: TRAY_TEXT.notificationTitle, body: TRAY_TEXT.changedBy(status, who) };
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
  const head = TRAY_TEXT.app;
  if (s.connection === 'signedOut') return `${head}: ${TRAY_TEXT.signedOut}`;
  if (!s.status) return `${head}: ${TRAY_TEXT.connecting}`;
  const mine = TRAY_TEXT.you(TRAY_TEXT.status[s.status.status]);
  const conn = isConnected(s) ? '' : ` (${s.connection === 'closed' ? TRAY_TEXT.disconnected : TRAY_TEXT.reconnecting})`;
  return `${head}\n${mine}${conn}\n${chatBoxLine(visitorView(s))}`;
}

export function buildTrayView(s: ClientSnapshot, opts: TrayOptions, actions: TrayActions): TrayView {
  const signedIn = s.connection !== 'signedOut';
  const current = s.status?.status ?? null;
  const radio = (status: Status): MenuItem => ({
    id: `status-${status}`,
    label: TRAY_TEXT.status[status],
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
    { id: 'open', label: TRAY_TEXT.open, click: actions.openWindow },
    { id: 'start-at-login', label: TRAY_TEXT.startAtLogin, type: 'checkbox', checked: opts.startAtLogin, click: actions.toggleStartAtLogin },
    ...(opts.updateReady ? [{ id: 'update', label: TRAY_TEXT.updateReady(opts.updateReady), enabled: false }] : []),
    { type: 'separator' },
    { id: 'quit', label: TRAY_TEXT.quit, click: actions.quit },
  ];
  return { icon: iconState(s), tooltip: tooltip(s), menu };
}

/** What a menu shows, without its click handlers: two menus with the same key look the same. */
export function menuKey(menu: readonly MenuItem[]): string {
  return JSON.stringify(menu.map(({ click: _click, ...shown }) => shown));
}
