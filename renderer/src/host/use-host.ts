// React glue: the host is created once in main.tsx and read through context; the snapshot is
// the client core's (or main's), never copied into component state.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Host, HostSnapshot } from './host.js';

export const HostContext = createContext<Host | null>(null);

export function useHost(): Host {
  const host = useContext(HostContext);
  if (!host) throw new Error('HostContext is missing');
  return host;
}

export function useHostSnapshot(): HostSnapshot {
  const host = useHost();
  return useSyncExternalStore(host.subscribe, host.getSnapshot);
}
