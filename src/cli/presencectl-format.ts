// Human-readable output, in the language of the environment (src/cli/presencectl-lang.ts). JSON
// output prints the shared schemas' objects as they are and is never translated.
import type { ClientSnapshot } from '../client/types.js';
import type { AgentView, PresenceView } from '../common/http-schemas.js';
import type { Translator } from '../common/i18n/translate.js';
import { chatBoxReason, formatWhen, kindLabel, reasonLabel, statusLabel } from '../common/i18n/words.js';
import type { ChatBoxStatus, WidgetStatus } from '../common/protocol.js';

const yes = (b: boolean): string => (b ? 'yes' : 'no');
/** Statuses in running text are lower case: "offline (intent online)". */
const word = (tr: Translator, s: AgentView['status']): string => statusLabel(tr, s).toLocaleLowerCase(tr.tag);

export function chatBoxLine(tr: Translator, s: ChatBoxStatus): string {
  const why = chatBoxReason(tr, s);
  return s.nextOpenAt
    ? tr.t('cli.chatBoxOpens', { online: yes(s.online), why, at: formatWhen(tr, s.nextOpenAt) })
    : tr.t('cli.chatBox', { online: yes(s.online), why });
}

export function agentLine(tr: Translator, a: AgentView): string {
  const status = word(tr, a.status);
  const intent = a.intent === a.status ? status : tr.t('cli.intent', { status, intent: word(tr, a.intent) });
  return `${a.name} <${a.email}>  ${intent}  ${tr.t('cli.devices', { count: a.devices })}  v${a.version}${a.disabled ? `  ${tr.t('cli.disabled')}` : ''}`;
}

/**
 * What `status` adds under the agent line when the intent and what visitors see differ because of
 * devices (SPEC 2.1): no device connected, or only the grace window of one that just left.
 */
export function presenceHint(tr: Translator, a: AgentView): string | null {
  if (a.disabled || a.intent === 'offline' || a.devices > 0) return null;
  const first = a.status === 'offline'
    ? tr.t('cli.hintOffline', { intent: word(tr, a.intent) })
    : tr.t('cli.hintGrace', { status: word(tr, a.status) });
  return `${first}\n${tr.t('cli.hintConnect')}`;
}

/** The agent line, plus what to do when visitors do not see the chosen status. */
export function ownStatusText(tr: Translator, a: AgentView): string {
  const lines = [agentLine(tr, a)];
  // SPEC 11: a timed status's end, and the leave in force.
  if (a.until) lines.push(tr.t('cli.timedUntil', { status: word(tr, a.intent), at: formatWhen(tr, a.until) }));
  if (a.leaveUntil) lines.push(tr.t('cli.onLeave', { date: a.leaveUntil }));
  const hint = presenceHint(tr, a);
  if (hint) lines.push(hint);
  return lines.join('\n');
}

/** A group by its name, with the id (what `widget --group` and the snippet need) in parentheses. */
export function groupLabel(id: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(id);
  return name ? `${name} (${id})` : id;
}

export function presenceText(tr: Translator, p: PresenceView, groupNames: ReadonlyMap<string, string> = new Map()): string {
  const lines = [tr.t('cli.agents')];
  if (p.agents.length === 0) lines.push(`  ${tr.t('cli.none')}`);
  for (const a of p.agents) lines.push(`  ${agentLine(tr, a)}`);
  lines.push(tr.t('cli.website', { line: chatBoxLine(tr, p.website) }));
  for (const [id, g] of Object.entries(p.groups)) lines.push(tr.t('cli.group', { label: groupLabel(id, groupNames), line: chatBoxLine(tr, g) }));
  return lines.join('\n');
}

export function widgetText(tr: Translator, w: WidgetStatus): string {
  const where = w.group ? tr.t('cli.widgetGroup', { id: w.group }) : tr.t('cli.widgetWebsite');
  const msg = !w.online && w.whenOffline === 'message' && w.messages.offline ? `  "${w.messages.offline}"` : '';
  const hidden = !w.online && w.whenOffline === 'hide' ? `  ${tr.t('cli.widgetHidden')}` : '';
  return `${tr.t('cli.widget', { where, line: chatBoxLine(tr, w) })}${hidden}${msg}`;
}

/** What changed between two snapshots, one line per aspect, for `watch`. */
export function snapshotChanges(tr: Translator, prev: ClientSnapshot | null, next: ClientSnapshot, groupNames: ReadonlyMap<string, string> = new Map()): string[] {
  const out: string[] = [];
  if (prev?.connection !== next.connection) {
    const state = next.connection;
    out.push(next.lastError && next.connection !== 'connected'
      ? tr.t('cli.connectionError', { state, error: next.lastError.message })
      : tr.t('cli.connection', { state }));
  }
  const s = next.status;
  if (s && (prev?.status?.version !== s.version || prev?.status?.effective !== s.effective)) {
    const values = { status: word(tr, s.status), effective: word(tr, s.effective), version: s.version, reason: reasonLabel(tr, s.reason), kind: kindLabel(tr, s.by.kind) };
    out.push(tr.t(s.effective === s.status ? 'cli.status' : 'cli.statusEffective', values));
  }
  const c = next.chatBox;
  if (c && JSON.stringify(prev?.chatBox) !== JSON.stringify(c)) {
    const groups = Object.entries(c.groups).map(([id, g]) => tr.t('cli.visitorsGroup', { name: groupNames.get(id) ?? id, online: yes(g.online) })).join('');
    out.push(`${tr.t('cli.visitors', { line: chatBoxLine(tr, c.website) })}${groups}`);
  }
  return out;
}
