import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/common/protocol.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';
import { connected, isMonotonic, realClient, recordVersions } from './client-harness.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ graceMs: 10_000, heartbeatMs: 1_000 }); });
afterAll(async () => { await server?.close(); });

describe('SPEC 2.1: a change on one device reaches the agent\'s other devices at once', () => {
  it('two clients of one agent converge on every change, and the widget follows', async () => {
    const agent = await server.createAgent();
    const a = realClient(server.url, agent.token);
    const b = realClient(server.url, agent.token, { device: { kind: 'web' }, pingMode: 'app' });
    const va = recordVersions(a);
    const vb = recordVersions(b);
    await a.start();
    await b.start();
    await Promise.all([a.waitFor(connected, 5_000), b.waitFor(connected, 5_000)]);
    const widget = await widgetSocket(server);

    await a.setStatus('online');
    await widget.next((m) => m.online);
    const sequence: Array<['a' | 'b', Status]> = [['b', 'away'], ['a', 'online'], ['b', 'offline'], ['a', 'away'], ['b', 'online']];
    for (const [who, status] of sequence) {
      const { version } = await (who === 'a' ? a : b).setStatus(status);
      const other = who === 'a' ? b : a;
      const snap = await other.waitFor((s) => (s.status?.version ?? 0) >= version, 2_000);
      expect(snap.status).toMatchObject({ status, version });
    }
    expect(a.getSnapshot().status).toEqual(b.getSnapshot().status);
    // The widget went offline with the agent and came back with the last change.
    expect(widget.messages.some((m) => !m.online)).toBe(true);
    expect((await widget.next((m) => m.online, 2_000)).online).toBe(true);
    expect(isMonotonic(va) && isMonotonic(vb)).toBe(true);
    widget.close();
    await Promise.all([a.signOffThisDevice(), b.signOffThisDevice()]);
  });

  it('concurrent changes from both devices end in the same state on both, versions never backwards', async () => {
    const agent = await server.createAgent();
    const a = realClient(server.url, agent.token);
    const b = realClient(server.url, agent.token);
    const va = recordVersions(a);
    const vb = recordVersions(b);
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.waitFor(connected, 5_000), b.waitFor(connected, 5_000)]);
    const statuses: Status[] = ['online', 'away', 'offline'];
    const sets: Array<Promise<{ version: number }>> = [];
    for (let i = 0; i < 16; i++) sets.push((i % 2 ? a : b).setStatus(statuses[(i * 7) % 3]!));
    const acks = await Promise.all(sets);
    const top = Math.max(...acks.map((x) => x.version));
    await Promise.all([a.waitFor((s) => s.status?.version === top, 3_000), b.waitFor((s) => s.status?.version === top, 3_000)]);
    expect(a.getSnapshot().status?.status).toBe(b.getSnapshot().status?.status);
    expect(isMonotonic(va)).toBe(true);
    expect(isMonotonic(vb)).toBe(true);
    await Promise.all([a.signOffThisDevice(), b.signOffThisDevice()]);
  });
});
