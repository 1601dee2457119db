// The presence rules of SPEC 2, as pure functions of state and an instant. The server, the
// reference model in the tests and the dashboard's explanations all use these.
import { CloseCode } from './close-codes.js';
import type { ChatBoxStatus, DeviceKind, Status } from './protocol.js';

export interface AgentPresence {
  readonly intent: Status;
  readonly disabled: boolean;
  /** Live device connections of this agent (cluster-wide in cluster mode). */
  readonly liveDevices: number;
  /** Epoch ms until which the agent counts as connected after an unclean loss; null = no grace. */
  readonly graceUntil: number | null;
}

/** SPEC 2.1: intent while connected or inside the grace window, else offline; disabled never counts. */
export function effectiveStatus(agent: AgentPresence, nowMs: number): Status {
  if (agent.disabled) return 'offline';
  if (agent.liveDevices > 0) return agent.intent;
  if (agent.graceUntil !== null && nowMs < agent.graceUntil) return agent.intent;
  return 'offline';
}

export interface AgentForChatBox {
  readonly effective: Status;
  readonly groupIds: readonly string[];
  readonly disabled?: boolean;
}

export interface OpenState {
  readonly open: boolean;
  /** ISO 8601 with offset, when closed and known. */
  readonly nextOpenAt: string | null;
}

/** SPEC 2.2: only an effectively online agent that is not disabled keeps a chat box online. */
export const isAvailable = (a: AgentForChatBox): boolean => a.effective === 'online' && !a.disabled;

/** SPEC 2.2: an agent counts for a group as a member, or when it belongs to no group at all. */
export const countsForGroup = (a: Pick<AgentForChatBox, 'groupIds'>, groupId: string): boolean => a.groupIds.length === 0 || a.groupIds.includes(groupId);

function compose(open: OpenState, anyone: boolean): ChatBoxStatus {
  if (!open.open) return { online: false, reason: 'outside_office_hours', nextOpenAt: open.nextOpenAt };
  return anyone ? { online: true, reason: 'agents_online', nextOpenAt: null } : { online: false, reason: 'no_agents_online', nextOpenAt: null };
}

/** SPEC 2.2 website status: open and at least one agent effectively online. */
export function websiteStatus(agents: readonly AgentForChatBox[], open: OpenState): ChatBoxStatus {
  return compose(open, agents.some(isAvailable));
}

/**
 * SPEC 2.2 group status: open(G) and at least one effectively online agent that is a member of G
 * or belongs to no group at all (the seed: such an agent keeps every group online).
 */
export function groupStatus(groupId: string, agents: readonly AgentForChatBox[], open: OpenState): ChatBoxStatus {
  return compose(open, agents.some((a) => isAvailable(a) && countsForGroup(a, groupId)));
}

export function sameChatBox(a: ChatBoxStatus | undefined, b: ChatBoxStatus): boolean {
  return a !== undefined && a.online === b.online && a.reason === b.reason && a.nextOpenAt === b.nextOpenAt;
}

/**
 * How a device left (SPEC 2.1): `clean` (it said bye, closed with 1000, or the server removed it on
 * purpose) ends it at once; `tab` (a browser tab closed, reloaded or navigated away: the browser
 * itself closes the socket with 1001) earns the short tab grace; `lost` (network drop, crash,
 * missed pongs) starts the full grace window.
 */
export type Departure = 'clean' | 'tab' | 'lost';

export function departureOf(d: { leftCleanly: boolean; closeCode: number; kind: DeviceKind }): Departure {
  if (d.leftCleanly || d.closeCode === CloseCode.normal) return 'clean';
  // Only a desktop browser's dashboard: a close frame with 1001 is sent by the browser when the
  // page goes away, never by a network fault (that arrives as 1006, no close frame). Phone
  // browsers (`mobile`) also close sockets when a backgrounded page is frozen, which is not the
  // agent leaving, so they keep the full window (docs/decisions.md, issue 23).
  return d.kind === 'web' && d.closeCode === CloseCode.goingAway ? 'tab' : 'lost';
}
