import { jsonParse, freeze } from './intrinsics.js';

// Mirrors the widget message of SPEC 4.2 (src/common/protocol.ts `widgetStatusSchema`) without
// bundling zod into a 6 KiB script; test/unit/widget-status.test.ts keeps the two in step.
export type WidgetReason = 'agents_online' | 'no_agents_online' | 'outside_office_hours';

export interface PublicStatus {
  readonly site: string;
  readonly group: string | null;
  readonly online: boolean;
  readonly reason: WidgetReason;
  readonly nextOpenAt: string | null;
  readonly messages: { readonly offline?: string };
  readonly whenOffline: 'message' | 'hide';
  readonly at: string;
}

const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * Parses one `chatBox.status` body (socket frame or HTTP response) into a fresh frozen object,
 * or null for anything else. The copy means a subscriber that mutates what it was given cannot
 * corrupt what other subscribers or the badge see.
 */
export function parseStatus(text: unknown): PublicStatus | null {
  if (!isStr(text)) return null;
  let m: Record<string, unknown>;
  try {
    const v = jsonParse(text);
    if (!v || typeof v !== 'object') return null;
    m = v as Record<string, unknown>;
  } catch {
    return null;
  }
  if (m.type !== 'chatBox.status' || typeof m.online !== 'boolean' || !isStr(m.site)) return null;
  const reason = m.reason;
  if (reason !== 'agents_online' && reason !== 'no_agents_online' && reason !== 'outside_office_hours') return null;
  const msgs = m.messages as Record<string, unknown> | null | undefined;
  const offline = msgs && typeof msgs === 'object' && isStr(msgs.offline) ? msgs.offline : undefined;
  return freeze({
    site: m.site,
    group: isStr(m.group) ? m.group : null,
    online: m.online,
    reason,
    nextOpenAt: isStr(m.nextOpenAt) ? m.nextOpenAt : null,
    messages: freeze(offline === undefined ? {} : { offline }),
    whenOffline: m.whenOffline === 'hide' ? 'hide' : 'message',
    at: isStr(m.at) ? m.at : '',
  });
}

/** Two statuses are the same for visitors when everything but the timestamp matches. */
export function sameStatus(a: PublicStatus | null, b: PublicStatus | null): boolean {
  if (!a || !b) return a === b;
  return a.site === b.site && a.group === b.group && a.online === b.online && a.reason === b.reason
    && a.nextOpenAt === b.nextOpenAt && a.whenOffline === b.whenOffline && a.messages.offline === b.messages.offline;
}
