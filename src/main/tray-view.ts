// What the tray shows for one client snapshot: icon, tooltip, menu, and the notification text.
// Pure, so the whole tray is tested without Electron. Every string the tray shows comes from
// trayText() below (the catalogs' `menu.*` keys), in the language of the tray settings or the OS.
import { PRODUCT_NAME } from '../common/i18n/locales.js';
import { createTranslator, type Translator } from '../common/i18n/translate.js';
import { kindLabel, statusLabel } from '../common/i18n/words.js';
import type { ChatBoxStatus, Status } from '../common/protocol.js';
import { TIMINGS } from '../common/timings.js';
import type { ClientSnapshot, MenuItem, TrayIconState } from './ports.js';

export interface TrayActions {
  setStatus(status: Status): void;
  /** A timed status (SPEC 11): `status` until the ISO instant `until`, then back to the one before. */
  setTimed(status: Status, until: string): void;
  openWindow(): void;
  toggleStartAtLogin(): void;
  quit(): void;
}

export interface TrayView { icon: TrayIconState; tooltip: string; menu: MenuItem[] }

export interface TrayOptions {
  startAtLogin: boolean;
  /** A downloaded update waiting for the next quit. */
  updateReady?: string | null;
  /** The tray's language (default English). */
  text?: TrayText;
  /** The clock for timed choices (default Date.now). */
  now?: () => number;
}

/** Every string the tray shows, in one language (the catalogs' `menu.*` keys, src/common/i18n). */
export function trayText(tr: Translator) {
  return {
    app: PRODUCT_NAME,
    status: (s: Status) => statusLabel(tr, s),
    signedOut: tr.t('menu.signedOut'),
    connecting: tr.t('menu.connecting'),
    disconnected: tr.t('menu.disconnected'),
    reconnecting: tr.t('menu.reconnecting'),
    you: (status: string) => tr.t('menu.you', { status }),
    chatBoxUnknown: tr.t('menu.chatBoxUnknown'),
    chatBoxOnline: tr.t('menu.chatBoxOnline'),
    chatBoxClosed: tr.t('menu.chatBoxClosed'),
    chatBoxClosedUntil: (when: string) => tr.t('menu.chatBoxClosedUntil', { when }),
    chatBoxNobody: tr.t('menu.chatBoxNobody'),
    open: tr.t('menu.open'),
    away15: tr.t('menu.away15'),
    away60: tr.t('menu.away60'),
    offlineUntilOpen: tr.t('menu.offlineUntilOpen'),
    statusUntil: (status: string, when: string) => tr.t('menu.statusUntil', { status, when }),
    onLeave: (date: string) => tr.t('menu.onLeave', { date: tr.dateTime(`${date}T12:00:00Z`, { day: 'numeric', month: 'short', timeZone: 'UTC' }) }),
    startAtLogin: tr.t('menu.startAtLogin'),
    quit: tr.t('menu.quit'),
    updateReady: (version: string) => tr.t('menu.updateReady', { version }),
    notificationTitle: PRODUCT_NAME,
    changedBy: (status: string, who: string) => tr.t('menu.changedBy', { status, who }),
    byAdmin: tr.t('menu.byAdmin'),
    byServer: tr.t('menu.byServer'),
    byDevice: (kind: string) => tr.t('menu.byDevice', { kind: kindLabel(tr, kind) }),
    gapTitle: tr.t('menu.gapTitle'),
    gapWebsite: (since: string) => tr.t('menu.gapWebsite', { since }),
    gapGroup: (group: string, since: string) => tr.t('menu.gapGroup', { group, since }),
    gapEndedTitle: tr.t('menu.gapEndedTitle'),
    gapEndedWebsite: (since: string) => tr.t('menu.gapEndedWebsite', { since }),
    gapEndedGroup: (group: string, since: string) => tr.t('menu.gapEndedGroup', { group, since }),
    /** "10:42" in the tray's language and the computer's time zone, like the dashboard banner. */
    time: (iso: string) => tr.dateTime(iso, { timeStyle: 'short' }),
    /** "Mon 09:00" in the tray's language, by Intl. */
    when: (iso: string) => tr.dateTime(iso, { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
  };
}
export type TrayText = ReturnType<typeof trayText>;

/** English, the default when no language is passed (tests, and before settings load). */
export const TRAY_TEXT: TrayText = trayText(createTranslator('en'));

/** What visitors of this agent's chat boxes see: its groups if it has any, else the website. */
export function visitorView(s: ClientSnapshot): ChatBoxStatus | null {
  if (!s.chatBox) return null;
  const groupIds = s.agent?.groupIds ?? [];
  const groups = groupIds.map((id) => s.chatBox?.groups[id]).filter((g): g is ChatBoxStatus => g !== undefined);
  if (groups.length === 0) return s.chatBox.website;
  return groups.find((g) => g.online) ?? groups[0] ?? null;
}

export function chatBoxLine(cb: ChatBoxStatus | null, text: TrayText = TRAY_TEXT): string {
  if (!cb) return text.chatBoxUnknown;
  if (cb.online) return text.chatBoxOnline;
  if (cb.reason === 'outside_office_hours') return cb.nextOpenAt ? text.chatBoxClosedUntil(text.when(cb.nextOpenAt)) : text.chatBoxClosed;
  return text.chatBoxNobody;
}

/** The notification for a status change made elsewhere (another device, an admin, the server). */
export function foreignChangeText(status: Status, by: { kind: string }, reason: string | null, text: TrayText = TRAY_TEXT): { title: string; body: string } {
  const who = by.kind === 'server' ? (reason === 'admin' ? text.byAdmin : text.byServer) : text.byDevice(by.kind);
  return { title: text.notificationTitle, body: text.changedBy(text.status(status), who) };
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

export function tooltip(s: ClientSnapshot, text: TrayText = TRAY_TEXT): string {
  const head = text.app;
  if (s.connection === 'signedOut') return `${head}: ${text.signedOut}`;
  if (!s.status) return `${head}: ${text.connecting}`;
  // SPEC 11: "You: Away until 13:30", and "On leave until 31 Dec" while on leave.
  const own = s.status.until ? text.statusUntil(text.status(s.status.status), text.when(s.status.until)) : text.status(s.status.status);
  const mine = text.you(own);
  const conn = isConnected(s) ? '' : ` (${s.connection === 'closed' ? text.disconnected : text.reconnecting})`;
  const leave = s.status.leaveUntil ? `\n${text.onLeave(s.status.leaveUntil)}` : '';
  return `${head}\n${mine}${conn}${leave}\n${chatBoxLine(visitorView(s), text)}`;
}

/** Timed choices of the menu (SPEC 11), as instants from `now`; offline until the chat box's next opening when it is known. */
export function timedChoices(s: ClientSnapshot, now: number): { away15: string; away60: string; untilOpen: string | null } {
  const next = visitorView(s)?.nextOpenAt ?? null;
  const at = next === null ? NaN : Date.parse(next);
  const ok = Number.isFinite(at) && at > now && at - now <= TIMINGS.timedStatusMaxMs;
  return { away15: new Date(now + 15 * 60_000).toISOString(), away60: new Date(now + 3_600_000).toISOString(), untilOpen: ok ? new Date(at).toISOString() : null };
}

export function buildTrayView(s: ClientSnapshot, opts: TrayOptions, actions: TrayActions): TrayView {
  const text = opts.text ?? TRAY_TEXT;
  const signedIn = s.connection !== 'signedOut';
  const current = s.status?.status ?? null;
  const radio = (status: Status): MenuItem => ({
    id: `status-${status}`,
    label: text.status(status),
    type: 'radio',
    checked: current === status,
    enabled: signedIn,
    click: () => actions.setStatus(status),
  });
  // The instants are computed at the click, so a menu left open does not go stale.
  const now = opts.now ?? (() => Date.now());
  const untilOpen = signedIn ? timedChoices(s, now()).untilOpen : null;
  const menu: MenuItem[] = [
    radio('online'),
    radio('away'),
    radio('offline'),
    { id: 'away-15', label: text.away15, enabled: signedIn, click: () => actions.setTimed('away', timedChoices(s, now()).away15) },
    { id: 'away-60', label: text.away60, enabled: signedIn, click: () => actions.setTimed('away', timedChoices(s, now()).away60) },
    { id: 'offline-until-open', label: text.offlineUntilOpen, enabled: untilOpen !== null, click: () => { const at = timedChoices(s, now()).untilOpen; if (at) actions.setTimed('offline', at); } },
    { type: 'separator' },
    { id: 'chat-box', label: chatBoxLine(visitorView(s), text), enabled: false },
    { type: 'separator' },
    { id: 'open', label: text.open, click: actions.openWindow },
    { id: 'start-at-login', label: text.startAtLogin, type: 'checkbox', checked: opts.startAtLogin, click: actions.toggleStartAtLogin },
    ...(opts.updateReady ? [{ id: 'update', label: text.updateReady(opts.updateReady), enabled: false }] : []),
    { type: 'separator' },
    { id: 'quit', label: text.quit, click: actions.quit },
  ];
  return { icon: iconState(s), tooltip: tooltip(s, text), menu };
}

/** What a menu shows, without its click handlers: two menus with the same key look the same. */
export function menuKey(menu: readonly MenuItem[]): string {
  return JSON.stringify(menu.map(({ click: _click, ...shown }) => shown));
}
