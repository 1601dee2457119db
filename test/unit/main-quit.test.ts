import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/clock.js';
import { QuitCoordinator } from '../../src/main/quit-coordinator.js';
import { FakeClient } from './main-fakes.js';

const make = (client: FakeClient | null, mode: 'offline' | 'device' = 'offline', deadlineMs = 300) => {
  const exits: number[] = [];
  const q = new QuitCoordinator({ app: { exit: (c) => exits.push(c) }, getClient: () => client, getQuitMode: () => mode, clock: systemClock, deadlineMs });
  return { q, exits };
};

describe('SPEC 6 lifecycle: one quit path', () => {
  it('goes offline with the reason, then exits once', async () => {
    const client = new FakeClient();
    const { q, exits } = make(client);
    const a = q.quit('shutdown');
    const b = q.quit('quit'); // a second trigger joins the first
    const outcome = await a;
    expect(await b).toBe(outcome);
    expect(outcome).toMatchObject({ reason: 'shutdown', via: 'socket', timedOut: false });
    expect(client.calls).toEqual(['quit:shutdown']);
    expect(exits).toEqual([0]);
  });

  it('"sign off this device only" sends bye instead of offline', async () => {
    const client = new FakeClient();
    const { q } = make(client, 'device');
    expect((await q.quit('quit')).via).toBe('bye');
    expect(client.calls).toEqual(['bye']);
  });

  it('runs participants after the offline, and before exit', async () => {
    const client = new FakeClient();
    const { q, exits } = make(client);
    const order: string[] = [];
    q.join(async () => { order.push(`participant after ${client.calls.join(',')}`); });
    await q.quit('logout');
    expect(order).toEqual(['participant after quit:logout']);
    expect(exits).toEqual([0]);
  });

  it('a quit can never hang: a client that never answers is cut off by the deadline', async () => {
    const client = new FakeClient();
    client.hang = true;
    const { q, exits } = make(client, 'offline', 200);
    const started = Date.now();
    const outcome = await q.quit('quit');
    expect(outcome.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(600);
    expect(exits).toEqual([0]);
  });

  it('a participant that hangs is cut off too, and a failing client still exits', async () => {
    const client = new FakeClient();
    client.goOfflineAndClose = () => Promise.reject(new Error('boom'));
    const { q, exits } = make(client, 'offline', 200);
    q.join(() => new Promise(() => {}));
    const outcome = await q.quit('quit');
    expect(outcome).toMatchObject({ via: 'failed', timedOut: true });
    expect(exits).toEqual([0]);
  });

  it('intercept asks for preventDefault until exit, then lets the quit through', async () => {
    const { q } = make(new FakeClient());
    expect(q.intercept('quit')).toBe(true);
    await q.quit('quit');
    expect(q.hasExited).toBe(true);
    expect(q.intercept('quit')).toBe(false);
  });

  it('exits even when signed out', async () => {
    const { q, exits } = make(null);
    expect((await q.quit('quit')).via).toBe('no-client');
    expect(exits).toEqual([0]);
  });
});
