// The seam history and webhooks build on (docs/architecture.md, "Observing changes"): hook rows
// of an intent change are committed in the change's own transaction; server-made changes and
// chat box changes reach the hooks once, with their cause and instant.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatBoxChange, EffectiveChange, IntentCommit } from '../../src/server/presence/change-hooks.js';
import { FakeDevice, hubWorld, turn, type HubWorld } from '../helpers/hub-world.js';

let w: HubWorld;
let db: Database.Database | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  await w?.close();
});

/** A table of the kind a feature's migration would add, created beside the store's own. */
function eventsTable(world: HubWorld): Database.Database {
  const conn = new Database(join(world.dataDir, 'presence.sqlite'));
  conn.exec('CREATE TABLE test_events (kind TEXT NOT NULL, agent_id TEXT, version INTEGER, status TEXT, cause TEXT, at INTEGER)');
  return conn;
}

const rows = (conn: Database.Database) => conn.prepare('SELECT * FROM test_events ORDER BY rowid').all() as Record<string, unknown>[];

describe('SPEC 9: an intent change and its event are committed in one transaction', () => {
  it('the hook sees the committed row (new version) and the effective status after it; its rows land with the change', async () => {
    w = await hubWorld();
    db = eventsTable(w);
    const agent = await w.addAgent('ann');
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'device-0001'));
    const commits: IntentCommit[] = [];
    w.hub.addHooks({
      intentRows: (c) => {
        commits.push(c);
        return [{ table: 'test_events', values: { kind: 'intent', agent_id: c.row.id, version: c.row.version, status: c.effective, cause: c.row.reason, at: c.row.changedAt } }];
      },
    });
    const row = await w.hub.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: 'device-0001', kind: 'desktop' });
    expect(commits).toHaveLength(1);
    expect(rows(db)).toEqual([{ kind: 'intent', agent_id: agent.id, version: row.version, status: 'online', cause: 'manual', at: w.clock.now() }]);
  });

  it('a hook row that cannot be written rolls the change back: no acknowledged change without its event', async () => {
    w = await hubWorld();
    const agent = await w.addAgent('ann');
    w.hub.addHooks({ intentRows: () => [{ table: 'no_such_table', values: { x: 1 } }] });
    await expect(w.hub.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: null, kind: 'server' })).rejects.toThrow(/no_such_table/);
    expect(await w.store.getAgent(agent.id)).toMatchObject({ intent: 'offline', version: 0 });
  });

  it('with no hooks the store writes the intent alone', async () => {
    w = await hubWorld();
    const agent = await w.addAgent('ann');
    const row = await w.hub.setIntent(w.accountId, agent.id, 'away', 'manual', { deviceId: null, kind: 'server' });
    expect(row).toMatchObject({ intent: 'away', version: 1 });
  });
});

describe('SPEC 9: changes the server makes are events too, each with its reason', () => {
  it('grace expiry: one effective change online → offline dated at the deadline, and the chat box change with it', async () => {
    w = await hubWorld({ graceMs: 60_000 });
    db = eventsTable(w);
    const agent = await w.addAgent('ann');
    const device = new FakeDevice(agent.id, 'device-0001');
    w.hub.attachDevice(w.accountId, device);
    await w.hub.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: null, kind: 'server' });
    const effective: EffectiveChange[] = [];
    const chatBox: ChatBoxChange[] = [];
    let committed = 0;
    w.hub.addHooks({
      effectiveRows: (c) => { effective.push(c); return [{ table: 'test_events', values: { kind: 'effective', agent_id: c.row.id, status: c.to, cause: c.cause, at: c.at } }]; },
      chatBoxRows: (c) => { chatBox.push(c); return [{ table: 'test_events', values: { kind: 'chatBox', status: c.status.online ? 'online' : 'offline', cause: c.cause, at: c.at } }]; },
      committed: () => { committed += 1; },
    });
    w.hub.detachDevice(w.accountId, device, 'lost');
    expect(effective).toEqual([]);
    const deadline = w.clock.now() + 60_000;
    w.clock.advance(60_000);
    expect(effective).toMatchObject([{ row: { id: agent.id }, from: 'online', to: 'offline', cause: 'grace_expired', at: deadline }]);
    expect(chatBox).toMatchObject([{ group: null, previous: { online: true }, status: { online: false, reason: 'no_agents_online' }, cause: 'grace_expired', at: deadline }]);
    await turn();
    await turn();
    expect(rows(db)).toEqual([
      { kind: 'effective', agent_id: agent.id, version: null, status: 'offline', cause: 'grace_expired', at: deadline },
      { kind: 'chatBox', agent_id: null, version: null, status: 'offline', cause: 'grace_expired', at: deadline },
    ]);
    expect(committed).toBe(1);
  });

  it('an intent change is not recorded a second time as an effective change; its chat box change is', async () => {
    w = await hubWorld();
    const agent = await w.addAgent('ann');
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'device-0001'));
    const effective: EffectiveChange[] = [];
    const chatBox: ChatBoxChange[] = [];
    w.hub.addHooks({ effectiveRows: (c) => { effective.push(c); return []; }, chatBoxRows: (c) => { chatBox.push(c); return []; } });
    await w.hub.setIntent(w.accountId, agent.id, 'online', 'manual', { deviceId: null, kind: 'server' });
    expect(effective).toEqual([]);
    expect(chatBox).toMatchObject([{ group: null, status: { online: true }, cause: 'intent' }]);
  });

  it('the last device leaving cleanly is a server-made change with its own cause', async () => {
    w = await hubWorld();
    const agent = await w.addAgent('ann');
    const device = new FakeDevice(agent.id, 'device-0001');
    w.hub.attachDevice(w.accountId, device);
    await w.hub.setIntent(w.accountId, agent.id, 'away', 'manual', { deviceId: null, kind: 'server' });
    const effective: EffectiveChange[] = [];
    const off = w.hub.addHooks({ effectiveRows: (c) => { effective.push(c); return []; } });
    w.hub.detachDevice(w.accountId, device, 'clean');
    off();
    w.hub.attachDevice(w.accountId, new FakeDevice(agent.id, 'device-0002'));
    expect(effective).toMatchObject([{ from: 'away', to: 'offline', cause: 'device_left' }]);
  });
});
