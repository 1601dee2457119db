// SPEC 9 in a cluster (PostgreSQL + Redis, two nodes): every change is recorded once, whichever
// node made it, and a node killed with an agent on it loses nothing: the survivor records the
// grace expiry and the chat box going offline.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectAgent } from '../helpers/agent-socket.js';
import { clusterServicesAvailable, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { widgetSocket } from '../helpers/server.js';
import { HistoryStore } from '../../src/server/history/history-store.js';

const available = await clusterServicesAvailable();
const GRACE = 2_000;
const TTL = 1_500;

describe.skipIf(!available)('cluster: status history', () => {
  let c: TestCluster;
  afterEach(async () => { await c?.close(); });

  it('one event per change on two nodes, and none lost when a node is killed', async () => {
    c = await startTestCluster({ graceMs: GRACE, leaseTtlMs: TTL });
    const alice = await c.createAgent({ name: 'Alice' });
    const bob = await c.createAgent({ name: 'Bob' });
    const history = HistoryStore.open(c.nodes[0]!.store.tables());
    const started = Date.now();
    const a = await connectAgent(c.node(1).wsUrl, alice.token);
    const b = await connectAgent(c.node(0).wsUrl, bob.token);
    const widget = await widgetSocket(c.node(0));
    const versions: Record<string, number[]> = { [alice.id]: [], [bob.id]: [] };
    for (let i = 0; i < 6; i++) {
      versions[alice.id]!.push((await a.setStatus(i % 2 === 0 ? 'online' : 'offline')).version);
      versions[bob.id]!.push((await b.setStatus(i % 3 === 0 ? 'away' : 'offline')).version);
    }
    await a.setStatus('online');
    await widget.next((m) => m.online);
    await b.bye();

    c.nodes[1]!.app.log.info('killing node 1');
    await c.kill(1);
    await widget.next((m) => !m.online, TTL + GRACE + 8_000);

    await vi.waitFor(async () => {
      const events = (await history.agentEvents(alice.id, started, Date.now() + 1)).rows;
      expect(events[events.length - 1]).toMatchObject({ status: 'offline', reason: 'grace_expired' });
    }, { timeout: 10_000, interval: 100 });
    for (const agent of [alice, bob]) {
      const events = (await history.agentEvents(agent.id, started, Date.now() + 1)).rows;
      const manual = events.filter((e) => e.reason === 'manual');
      const expected = agent === alice ? [...versions[alice.id]!, versions[alice.id]!.at(-1)! + 1] : versions[bob.id]!;
      expect(manual.map((e) => e.version)).toEqual(expected);
      // No change twice: each (version, status, reason) once, whichever nodes saw it.
      expect(new Set(events.map((e) => `${e.version}/${e.status}/${e.reason}`)).size).toBe(events.length);
    }
    // The website's chat box: each change once (alternating), the last one the offline after the kill.
    const box = (await history.boxEvents(c.accountId, '', started, Date.now() + 1)).rows;
    const seen = widget.messages.slice(1).map((m) => m.online);
    expect(box.map((e) => e.online)).toEqual(seen);
    expect(box.at(-1)!.online).toBe(false);
    widget.close();
  }, 60_000);
});
