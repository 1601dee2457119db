// Why a group's chat box is online or offline right now (SPEC 2.2), in words, including the
// seed's surprise: an online agent in no group keeps every group online.
// The rules themselves are src/common/presence-rules.ts, the same functions the server applies.
import type { AgentView, GroupView } from '../../../src/common/http-schemas.js';
import type { Translator } from '../../../src/common/i18n/translate.js';
import { chatBoxText } from '../../../src/common/i18n/words.js';
import { countsForGroup, isAvailable } from '../../../src/common/presence-rules.js';
import type { ChatBoxStatus } from '../../../src/common/protocol.js';

export function availableAgents(agents: AgentView[]): AgentView[] {
  return agents.filter((a) => isAvailable({ effective: a.status, groupIds: a.groupIds, disabled: a.disabled }));
}

/** Online agents in no group: each one keeps every group (and the website) online. */
export function ungroupedOnline(agents: AgentView[]): AgentView[] {
  return availableAgents(agents).filter((a) => a.groupIds.length === 0);
}

/** "Ann and Bob", "Ann, Bob and 3 more": at most two names, in the language's list style. */
export function names(t: Translator, list: AgentView[]): string {
  const n = list.map((a) => a.name);
  return t.list(n.length <= 2 ? n : [...n.slice(0, 2), t.t('list.more', { count: n.length - 2 })]);
}

export function groupWhy(t: Translator, group: GroupView, status: ChatBoxStatus | undefined, agents: AgentView[]): string {
  if (!status) return t.t('group.whyUnknown');
  if (!status.online) return chatBoxText(t, status);
  const counting = availableAgents(agents).filter((a) => countsForGroup(a, group.id));
  const members = counting.filter((a) => a.groupIds.length > 0);
  const loose = counting.filter((a) => a.groupIds.length === 0);
  const parts: string[] = [];
  if (members.length) parts.push(t.t('group.whyMembers', { names: names(t, members), count: members.length }));
  if (loose.length) parts.push(t.t('group.whyLoose', { names: names(t, loose), count: loose.length }));
  return parts.length ? t.t('group.whyOnline', { parts: parts.join('; ') }) : t.t('chatBox.online');
}
