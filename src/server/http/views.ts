// Response shapes of SPEC 4.3 built from the hub's live state (effective status, device count).
import type { AgentView, GroupView, PresenceView } from '../../common/http-schemas.js';
import type { AccountState } from '../presence/account-state.js';
import type { PresenceHub } from '../presence/hub.js';
import type { GroupRow } from '../store/store.js';
import type { RouteContext } from './context.js';
import { notFound } from './errors.js';

export function agentViews(hub: PresenceHub, state: AccountState): AgentView[] {
  return hub.team(state).map((t) => ({ ...t, email: state.agents.get(t.id)!.row.email }));
}

export function agentView(hub: PresenceHub, state: AccountState, agentId: string): AgentView {
  const view = agentViews(hub, state).find((a) => a.id === agentId);
  if (!view) throw notFound('agent');
  return view;
}

export const groupView = (g: GroupRow): GroupView => ({ id: g.id, name: g.name, memberIds: g.memberIds });

export function presenceView(hub: PresenceHub, state: AccountState): PresenceView {
  const published = hub.published(state);
  return { agents: agentViews(hub, state), website: published.website, groups: Object.fromEntries(published.groups) };
}

export function accountState(ctx: RouteContext, accountId: string): AccountState {
  const state = ctx.hub.account(accountId);
  if (!state) throw notFound('account');
  return state;
}
