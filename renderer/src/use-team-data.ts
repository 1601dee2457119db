// Team and group data from the server (GET /presence, GET /groups). Re-fetched whenever the host
// reports a `team` or `config.changed` message, so the page never patches server state by hand.
import { useCallback, useEffect, useRef, useState } from 'react';
import { groupListSchema, presenceViewSchema, type GroupView, type PresenceView } from '../../src/common/http-schemas.js';
import { useHost } from './host/use-host.js';
import { errorText } from './format.js';
import { useT } from './i18n/use-t.js';

export interface TeamData {
  presence: PresenceView | null;
  groups: GroupView[] | null;
  error: string | null;
  reload: () => Promise<void>;
}

export function useTeamData(): TeamData {
  const host = useHost();
  const t = useT();
  const [presence, setPresence] = useState<PresenceView | null>(null);
  const [groups, setGroups] = useState<GroupView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const api = host.api();
    if (!api) return;
    // Only the newest answer wins when messages arrive in bursts.
    const mine = ++seq.current;
    try {
      const [p, g] = await Promise.all([
        api.get('/presence', {}, presenceViewSchema),
        api.get('/groups', {}, groupListSchema),
      ]);
      if (mine !== seq.current) return;
      setPresence(p);
      setGroups(g.groups);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(errorText(t, err));
    }
  }, [host, t]);

  useEffect(() => {
    void reload();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = host.onDataChange(() => {
      // Coalesce a burst (status change + chat box + team) into one round trip.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => { timer = null; void reload(); }, 50);
    });
    return () => { off(); if (timer) clearTimeout(timer); };
  }, [host, reload]);

  return { presence, groups, error, reload };
}
