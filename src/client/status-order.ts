// Version ordering of the agent's own status (SPEC 2.1: the server is the only writer of versions).
// Messages reach a device from several paths (welcome, status pushes, acks of its own sets), and a
// reconnect can deliver an older view after a newer one: an older version must never win.
import type { DeviceKind, Reason } from '../common/protocol.js';
import type { OwnStatusView } from './types.js';

/**
 * Returns the status view to keep. A higher version always wins. An equal version carries the same
 * intent, but `effective` can change without a new version (a device connects, a grace window ends),
 * so the later message of equal version is taken too; it never moves the version backwards.
 */
export function mergeOwnStatus(current: OwnStatusView | null, incoming: OwnStatusView): OwnStatusView {
  if (!current) return incoming;
  if (incoming.version > current.version) return incoming;
  if (incoming.version === current.version && incoming.status === current.status) return incoming;
  return current;
}

/**
 * An ack tells this device that its own intent became `version`. When no push of that version has
 * arrived yet, show it at once, so the UI does not wait for the broadcast.
 */
export function statusFromAck(
  current: OwnStatusView | null,
  ack: { status: OwnStatusView['status']; reason: Reason; until?: string | null; version: number; deviceId: string; kind: DeviceKind; at: string; connected: boolean },
): OwnStatusView {
  if (current && current.version >= ack.version) return current;
  return {
    status: ack.status,
    // Our own live connection keeps the agent effectively at its intent.
    effective: ack.connected ? ack.status : current?.effective ?? 'offline',
    version: ack.version,
    reason: ack.reason,
    by: { deviceId: ack.deviceId, kind: ack.kind },
    at: ack.at,
    until: ack.until ?? null,
    // Time off is not changed by a status change; the next status push confirms it.
    ...(current?.leaveUntil !== undefined ? { leaveUntil: current.leaveUntil } : {}),
  };
}
