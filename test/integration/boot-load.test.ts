// A restart loads every account, group and membership in bulk; nothing may land in the wrong account.
import { describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { startTestServer, widgetSocket } from '../helpers/server.js';

describe('boot: every account is loaded whole', () => {
  it('after a restart, groups, members and boot grace are right in each account', async () => {
    const s = await startTestServer({ graceMs: 60_000 });
    try {
      const other = await s.createAccount('Second');
      const sales = await s.createGroup('Sales');
      const theirs = (await s.api('POST', '/api/v1/groups', { token: other.admin.token, body: { name: 'Theirs', memberIds: [other.admin.id] } })).body;
      const sam = await s.createAgent({ groupIds: [sales.id] });
      const dev = await connectAgent(s.wsUrl, sam.token);
      await dev.setStatus('online');
      await s.restart();
      const wSales = await widgetSocket(s, sales.id);
      const wTheirs = await widgetSocket(s, theirs.id, other.siteKey);
      // Sam was online in account 1: boot grace keeps Sales online; account 2 has nobody online.
      expect(wSales.messages[0]).toMatchObject({ online: true, group: sales.id });
      expect(wTheirs.messages[0]).toMatchObject({ online: false, group: theirs.id, site: other.siteKey });
      const groups = await s.api('GET', '/api/v1/groups', { token: s.admin.token });
      expect(groups.body.groups).toEqual([{ id: sales.id, name: 'Sales', memberIds: [sam.id] }]);
      const presence = await s.api('GET', '/api/v1/presence', { token: other.admin.token });
      expect(presence.body.agents.map((a: { id: string }) => a.id)).toEqual([other.admin.id]);
      expect(presence.body.agents[0].groupIds).toEqual([theirs.id]);
      wSales.close();
      wTheirs.close();
    } finally {
      await s.close();
    }
  });
});
