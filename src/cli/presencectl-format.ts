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

export function presenceText(p: PresenceView): string {
  const lines = ['Agents:'];
  if (p.agents.length === 0) lines.push('  (none)');
  for (const a of p.agents) lines.push(`  ${agentLine(a)}`);
  lines.push(`Website: ${chatBoxLine(p.website)}`);
  for (const [id, g] of Object.entries(p.groups)) lines.push(`Group ${id}: ${chatBoxLine(g)}`);
  return lines.join('\n');
}

export function widgetText(w: WidgetStatus): string {
  const where = w.group ? `group ${w.group}` : 'website';
  const msg = !w.online && w.whenOffline === 'message' && w.messages.offline ? `  "${w.messages.offline}"` : '';
  const hidden = !w.online && w.whenOffline === 'hide' ? '  (chat box hidden)' : '';
  return `Chat box for ${where}: ${chatBoxLine(w)}${hidden}${msg}`;
}

/** What changed between two snapshots, one line per aspect, for `watch`. */
export function snapshotChanges(prev: ClientSnapshot | null, next: ClientSnapshot): string[] {
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
    const groups = Object.entries(c.groups).map(([id, g]) => `; group ${id} ${g.online ? 'online' : 'offline'}`).join('');
    out.push(`visitors see: website ${chatBoxLine(c.website)}${groups}`);
  }
  return out;
}
