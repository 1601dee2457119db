// Why a group's chat box is online or offline right now (SPEC 2.2), in words, including the
// seed's surprise: an online agent in no group keeps every group online.
// The rules themselves are src/common/presence-rules.ts, the same functions the server applies.
import type { AgentView, GroupView } from '../../../src/common/http-schemas.js';
import { countsForGroup, isAvailable } from '../../../src/common/presence-rules.js';
import type { ChatBoxStatus } from '../../../src/common/protocol.js';
import { chatBoxText } from '../format.js';

export function availableAgents(agents: AgentView[]): AgentView[] {
  return agents.filter((a) => isAvailable({ effective: a.status, groupIds: a.groupIds, disabled: a.disabled }));
}

/** Online agents in no group: each one keeps every group (and the website) online. */
export function ungroupedOnline(agents: AgentView[]): AgentView[] {
  return availableAgents(agents).filter((a) => a.groupIds.length === 0);
}

function names(list: AgentView[]): string {
  const n = list.map((a) => a.name);
  return n.length <= 2 ? n.join(' and ') : `${n.slice(0, 2).join(', ')} and ${n.length - 2} more`;
}

export function groupWhy(group: GroupView, status: ChatBoxStatus | undefined, agents: AgentView[]): string {
  if (!status) return 'Status not known yet.';
  if (!status.online) return chatBoxText(status);
  const counting = availableAgents(agents).filter((a) => countsForGroup(a, group.id));
  const members = counting.filter((a) => a.groupIds.length > 0);
  const loose = counting.filter((a) => a.groupIds.length === 0);
  const parts: string[] = [];
  if (members.length) parts.push(`${names(members)} ${members.length === 1 ? 'is' : 'are'} online in this group`);
  if (loose.length) parts.push(`${names(loose)} ${loose.length === 1 ? 'is' : 'are'} online and in no group`);
  return `Online: ${parts.join('; ') || 'an agent is available'}`;
}
