// Human-readable output. JSON output prints the shared schemas' objects as they are.
import type { ClientSnapshot } from '../client/types.js';
import type { AgentView, PresenceView } from '../common/http-schemas.js';
import type { ChatBoxStatus, WidgetStatus } from '../common/protocol.js';

export function chatBoxLine(s: ChatBoxStatus): string {
  const why = s.reason.replace(/_/g, ' ');
  const next = s.nextOpenAt ? `, opens ${s.nextOpenAt}` : '';
  return `${s.online ? 'online' : 'offline'} (${why}${next})`;
}

export function agentLine(a: AgentView): string {
  const intent = a.intent === a.status ? a.status : `${a.status} (intent ${a.intent})`;
  const devices = `${a.devices} device${a.devices === 1 ? '' : 's'}`;
  return `${a.name} <${a.email}>  ${intent}  ${devices}  v${a.version}${a.disabled ? '  disabled' : ''}`;
}

/**
 * What `status` adds under the agent line when the intent and what visitors see differ because of
 * devices (SPEC 2.1): no device connected, or only the grace window of one that just left.
 */
export function presenceHint(a: AgentView): string | null {
  if (a.disabled || a.intent === 'offline' || a.devices > 0) return null;
  const connect = 'Connect a device: run `presencectl watch`, open the desktop app, or keep a dashboard tab open.';
  if (a.status === 'offline') {
    return `You chose ${a.intent}, but visitors see you offline: no device of yours is connected.\n${connect}`;
  }
  return `Visitors see you ${a.status} only for the grace window of a device that just left; after that you are offline for them.\n${connect}`;
}

/** The agent line, plus what to do when visitors do not see the chosen status. */
export function ownStatusText(a: AgentView): string {
  const hint = presenceHint(a);
  return hint ? `${agentLine(a)}\n${hint}` : agentLine(a);
}

/** A group by its name, with the id (what `widget --group` and the snippet need) in parentheses. */
export function groupLabel(id: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(id);
  return name ? `${name} (${id})` : id;
}

export function presenceText(p: PresenceView, groupNames: ReadonlyMap<string, string> = new Map()): string {
  const lines = ['Agents:'];
  if (p.agents.length === 0) lines.push('  (none)');
  for (const a of p.agents) lines.push(`  ${agentLine(a)}`);
  lines.push(`Website: ${chatBoxLine(p.website)}`);
  for (const [id, g] of Object.entries(p.groups)) lines.push(`Group ${groupLabel(id, groupNames)}: ${chatBoxLine(g)}`);
  return lines.join('\n');
}

export function widgetText(w: WidgetStatus): string {
  const where = w.group ? `group ${w.group}` : 'website';
  const msg = !w.online && w.whenOffline === 'message' && w.messages.offline ? `  "${w.messages.offline}"` : '';
  const hidden = !w.online && w.whenOffline === 'hide' ? '  (chat box hidden)' : '';
  return `Chat box for ${where}: ${chatBoxLine(w)}${hidden}${msg}`;
}

/** What changed between two snapshots, one line per aspect, for `watch`. */
export function snapshotChanges(prev: ClientSnapshot | null, next: ClientSnapshot, groupNames: ReadonlyMap<string, string> = new Map()): string[] {
  const out: string[] = [];
  if (prev?.connection !== next.connection) {
    const err = next.lastError && next.connection !== 'connected' ? ` (${next.lastError.message})` : '';
    out.push(`connection: ${next.connection}${err}`);
  }
  const s = next.status;
  if (s && (prev?.status?.version !== s.version || prev?.status?.effective !== s.effective)) {
    const eff = s.effective === s.status ? '' : `, effective ${s.effective}`;
    out.push(`status: ${s.status}${eff} (v${s.version}, ${s.reason}, by ${s.by.kind})`);
  }
  const c = next.chatBox;
  if (c && JSON.stringify(prev?.chatBox) !== JSON.stringify(c)) {
    const groups = Object.entries(c.groups).map(([id, g]) => `; group ${groupNames.get(id) ?? id} ${g.online ? 'online' : 'offline'}`).join('');
    out.push(`visitors see: website ${chatBoxLine(c.website)}${groups}`);
  }
  return out;
}
