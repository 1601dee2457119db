// SPEC 7 (second generation) and SPEC 4.1 on the agents' frames of one turn (issue 20,
// presence/device-frames.ts): a device's frames of a turn are held and written together when the
// turn ends, after the turn-end callbacks (the team lists); a frame sent "now" goes out at once
// with anything the device already held, in order; nothing stays held past the turn.
import { describe, expect, it } from 'vitest';
import { DeviceFrames } from '../../src/server/presence/device-frames.js';
import { FakeDevice, turn } from '../helpers/hub-world.js';

const frame = (n: number): string => JSON.stringify({ type: 'status', n });
const numbers = (d: FakeDevice): number[] => d.sent.map((m: { n: number }) => m.n);

describe('SPEC 7: agents\' frames, one write per device per turn (presence/device-frames.ts)', () => {
  it('holds a device\'s frames of the turn and delivers them in order when it ends', async () => {
    const frames = new DeviceFrames();
    const a = new FakeDevice('agent', 'a');
    const b = new FakeDevice('agent', 'b');
    frames.send(a, frame(1));
    frames.send(b, frame(2));
    frames.send(a, frame(3));
    // The ack of a change is sent by its session straight to the socket: held too.
    a.send(frame(4));
    expect([numbers(a), numbers(b)]).toEqual([[], []]);
    await turn();
    expect([numbers(a), numbers(b)]).toEqual([[1, 3, 4], [2]]);
    // Released: later frames go out on their own turn again.
    a.send(frame(5));
    expect(numbers(a)).toEqual([1, 3, 4, 5]);
  });

  it('sendNow writes at once, with what the device already held before it', () => {
    const frames = new DeviceFrames();
    const a = new FakeDevice('agent', 'a');
    frames.send(a, frame(1));
    frames.sendNow(a, frame(2));
    expect(numbers(a)).toEqual([1, 2]);
    const b = new FakeDevice('agent', 'b');
    frames.sendNow(b, frame(3));
    expect(numbers(b)).toEqual([3]);
  });

  it('turn-end callbacks run before the release, and their frames join the held ones', async () => {
    const frames = new DeviceFrames();
    const a = new FakeDevice('agent', 'a');
    const seenAtCallback: number[][] = [];
    frames.atTurnEnd(() => {
      seenAtCallback.push(numbers(a));
      frames.send(a, frame(2));
    });
    frames.send(a, frame(1));
    await turn();
    expect(seenAtCallback).toEqual([[]]);
    expect(numbers(a)).toEqual([1, 2]);
  });

  it('a turn-end callback that throws still releases every device', async () => {
    const frames = new DeviceFrames();
    const a = new FakeDevice('agent', 'a');
    frames.send(a, frame(1));
    frames.atTurnEnd(() => { throw new Error('team list failed'); });
    const thrown = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    await turn();
    expect(String(await thrown)).toContain('team list failed');
    expect(numbers(a)).toEqual([1]);
  });
});
