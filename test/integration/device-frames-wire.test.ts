// SPEC 7 (second generation) and SPEC 4.1 on real sockets (issue 20, presence/device-frames.ts):
// a status change reaches the agent's other devices before the first widget, and the device that
// made it gets its status, the chatBox, its ack and the team list in one write, in that order.
// Counted at the server's sockets (net.Socket's one write path for write and writev).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent, type RawAgent } from '../helpers/agent-socket.js';
import { startTestServer, widgetSocket, type TestServer } from '../helpers/server.js';

type Generic = (this: net.Socket, ...args: unknown[]) => unknown;
const proto = net.Socket.prototype as unknown as { _writeGeneric: Generic };
const original = proto._writeGeneric;
let t: TestServer | undefined;

afterEach(async () => {
  proto._writeGeneric = original;
  await t?.close();
  t = undefined;
});

/** The server-side writes, as the client port each went to, in order. */
function recordWrites(): number[] {
  const writes: number[] = [];
  proto._writeGeneric = function (this: net.Socket, ...args: unknown[]) {
    writes.push(this.remotePort ?? -1);
    return original.apply(this, args);
  };
  return writes;
}

const portOf = (agent: RawAgent): number => (agent.ws as unknown as { _socket: net.Socket })._socket.localPort!;

describe('SPEC 7: the agents\' frames of a change on the wire', () => {
  it('other devices before the first widget; the sender\'s frames of the change in one write', async () => {
    t = await startTestServer();
    const agent = await t.createAgent();
    const a = await connectAgent(t.wsUrl, agent.token, { deviceId: 'device-a' });
    const b = await connectAgent(t.wsUrl, agent.token, { deviceId: 'device-b' });
    const widget = await widgetSocket(t);
    const widgetPort = (widget.ws as unknown as { _socket: net.Socket })._socket.localPort!;
    for (const status of ['online', 'offline', 'online'] as const) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const from = { a: a.messages.length };
      const writes = recordWrites();
      const bSees = b.next('status', (m) => m.status === status);
      const widgetSees = widget.next((m) => m.online === (status === 'online'));
      const teamSeen = a.next('team', (m) => m.agents.some((x) => x.id === agent.id && x.intent === status));
      await a.setStatus(status);
      await Promise.all([bSees, widgetSees, teamSeen]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      proto._writeGeneric = original;
      const pa = portOf(a);
      const pb = portOf(b);
      expect(writes.filter((p) => p === pa), `${status}: one write to the device that made the change`).toHaveLength(1);
      expect(writes.indexOf(pb), `${status}: the other device before the widget`).toBeLessThan(writes.indexOf(widgetPort));
      expect(a.messages.slice(from.a).map((m) => m.type), `${status}: in order`).toEqual(['status', 'chatBox', 'ack', 'team']);
    }
  });
});

