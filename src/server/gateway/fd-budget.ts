// How many widget sockets the process may hold (issue 19, finding 4): the open-files limit less a
// reserve, so visitors can never take the descriptors agents, HTTP and the store need. Node has
// no getrlimit, so Linux's /proc/self/limits is read; elsewhere there is no cap beyond per-address.
import { readFileSync } from 'node:fs';
import { SOCKET_LIMITS } from '../../common/timings.js';

export function openFilesLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    const n = Number(soft);
    return soft && Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

export function widgetSocketBudget(limit = openFilesLimit()): number {
  if (limit === null) return Number.MAX_SAFE_INTEGER;
  return Math.max(SOCKET_LIMITS.minWidgetSockets, limit - SOCKET_LIMITS.fdReserve);
}
