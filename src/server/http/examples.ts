// Example objects for the OpenAPI document, shared by the route declarations. The document test
// validates every example against its schema, so an example cannot go stale.
export const EXAMPLES = {
  agentSelf: { id: 'agt_7Qm1', name: 'Jana Nováková', email: 'jana@example.com', role: 'agent', groupIds: ['grp_sales'] },
  agent: {
    id: 'agt_7Qm1', name: 'Jana Nováková', email: 'jana@example.com', role: 'agent', groupIds: ['grp_sales'],
    disabled: false, intent: 'online', status: 'online', version: 7, devices: 2, deviceKinds: ['desktop', 'web'],
  },
  group: { id: 'grp_sales', name: 'Sales', memberIds: ['agt_7Qm1'] },
  chatBoxOnline: { online: true, reason: 'agents_online', nextOpenAt: null },
  chatBoxClosed: { online: false, reason: 'outside_office_hours', nextOpenAt: '2026-12-03T09:00:00+01:00' },
  account: { id: 'acc_5fK2', name: 'Example Shop', siteKey: 'site_x9Lr2', whenOffline: 'message', alerts: { unstaffedMinutes: 5 } },
  officeHours: {
    enabled: true, timezone: 'Europe/Prague',
    weekly: { mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:30' }], tue: [{ from: '09:00', to: '17:30' }], wed: [], thu: [], fri: [], sat: [], sun: [] },
    exceptions: [{ date: '2026-12-24', intervals: [] }],
    messages: { offline: 'We are away. Leave a message and we will write back.' },
  },
  historyEvent: { at: '2026-12-02T08:58:12.000Z', agentId: 'agt_7Qm1', intent: 'online', status: 'online', version: 7, reason: 'manual', by: { deviceId: 'dsk-3f9a1c2e', kind: 'desktop' } },
  coverageDay: {
    date: '2026-12-02', openSeconds: 30600, coveredSeconds: 28800, uncoveredSeconds: 1800,
    gaps: [{ from: '2026-12-02T09:00:00+01:00', to: '2026-12-02T09:30:00+01:00' }],
  },
  agentDay: { date: '2026-12-02', onlineSeconds: 27000, awaySeconds: 1800, offlineSeconds: 57600, firstOnline: '2026-12-02T09:30:00+01:00', lastOnline: '2026-12-02T17:30:00+01:00' },
  webhook: {
    id: 'whk_3Vb8', url: 'https://hooks.example.com/presence', events: ['agent.status.changed', 'coverage.gap.started', 'coverage.gap.ended'],
    description: 'Team lead pager', format: 'json', enabled: true, disabledReason: null, failingSince: null, createdAt: '2026-12-02T09:00:00.000Z',
  },
  webhookSecret: 'whsec_Xc81mQ0sJd2p4Lr7Zt9Ua3Wf6Yb5Hn1e',
  webhookAttempt: { at: '2026-12-02T09:15:02.118Z', eventId: 'evt_Jz4k8Qm2Lr7s0Vd1Xc5b', type: 'agent.status.changed', status: 200, error: null, durationMs: 84 },
  integrationToken: { id: 'tok_8Hd2', name: 'CRM sync', scopes: ['presence:read'], createdAt: '2026-12-02T09:00:00.000Z', lastUsedAt: '2026-12-02T11:42:00.000Z' },
} as const;
