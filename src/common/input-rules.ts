// Small input rules of issue 19 (finding 8) shared by the server, the dashboard and the widget
// gateway: pure string checks, no I/O.

/**
 * Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the
 * U+200E/U+200F marks and U+061C): in a name they can make "Jana" render as something else in a
 * team list or a log line (the "Trojan Source" trick), and no real name needs them.
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export const BIDI_MESSAGE = 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)';

/**
 * The canonical spelling of an IANA time zone (`europe/prague` → `Europe/Prague`), as the
 * platform's time zone data names it; the input unchanged when the platform does not know it.
 */
export function canonicalTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/**
 * The one `group` of a widget query, or why it is refused: repeated (`?group=a&group=b`, which
 * parsers turn into a list) or bracketed (`?group[]=a`, `?group[x]=a`) used to fall back silently
 * to the whole website's status.
 */
export function singleGroupParam(query: Record<string, unknown>): { ok: true; group: string | null } | { ok: false; message: string } {
  if (Object.keys(query).some((k) => k.startsWith('group['))) return { ok: false, message: 'give the group as group=ID, without brackets' };
  const value = query.group;
  if (Array.isArray(value)) return { ok: false, message: 'give one group, once' };
  return { ok: true, group: typeof value === 'string' && value !== '' ? value : null };
}
