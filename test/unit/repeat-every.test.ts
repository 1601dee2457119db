import { describe, expect, it } from 'vitest';
import { repeatEvery } from '../../src/common/clock.js';
import { ManualClock } from '../helpers/manual-clock.js';

const microtasks = () => new Promise<void>((r) => setImmediate(r));

// The webhook pollers run on the injected clock; before repeatEvery, a test moving it three days
// fired 259,200 rounds in one synchronous loop and the server stopped answering.
describe('repeatEvery: a cadence, not a schedule', () => {
  it('runs once per period while time moves normally', async () => {
    const clock = new ManualClock();
    let rounds = 0;
    repeatEvery(clock, 1_000, () => rounds++);
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      await microtasks();
    }
    expect(rounds).toBe(5);
  });

  it('runs one round, not one per missed period, when the clock jumps days ahead', async () => {
    const clock = new ManualClock();
    let rounds = 0;
    repeatEvery(clock, 1_000, () => rounds++);
    clock.advance(3 * 86_400_000);
    await microtasks();
    expect(rounds).toBe(1);
    expect(clock.pending()).toBe(1);
    clock.advance(1_000);
    expect(rounds).toBe(2);
  });

  it('stops when cancelled, also between a round and its re-arm', async () => {
    const clock = new ManualClock();
    let rounds = 0;
    const r = repeatEvery(clock, 1_000, () => { rounds++; r.cancel(); });
    clock.advance(1_000);
    await microtasks();
    clock.advance(10_000);
    expect(rounds).toBe(1);
    expect(clock.pending()).toBe(0);
  });
});
