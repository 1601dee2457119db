// SPEC 4.2: a widget's first frame is the current status. The fan-out serializes it once per
// published status (issue 20, page-load storms) and must rebuild it whenever anything it shows
// changed: a publish, the account row (whenOffline, office hours and their messages) or the
// group's row (its own hours), even when those are replaced without a publish.
import { describe, expect, it } from 'vitest';
import type { OfficeHours } from '../../src/common/office-hours.js';
import type { WidgetStatus } from '../../src/common/protocol.js';
import { textFrame, type WireFrame } from '../../src/server/gateway/wire-frame.js';
import { createMetrics } from '../../src/server/metrics.js';
import { AccountState } from '../../src/server/presence/account-state.js';
import { WidgetFanout, type WidgetConn } from '../../src/server/presence/widget-fanout.js';
import type { AccountRow, AgentRow, GroupRow } from '../../src/server/store/store.js';
import { ManualClock } from '../helpers/manual-clock.js';

const T0 = Date.parse('2026-11-25T10:00:00Z'); // a Wednesday

const account: AccountRow = { id: 'acc', name: 'Shop', siteKey: 'site', whenOffline: 'message', officeHours: null, alerts: { unstaffedMinutes: 0 } };
const hours = (offline: string, from = '09:00', to = '17:00'): OfficeHours => {
  const day = [{ from, to }];
  return { enabled: true, timezone: 'UTC', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, messages: { offline } };
};
const group = (officeHours: OfficeHours | null): GroupRow => ({ id: 'grp', accountId: 'acc', name: 'Sales', officeHours, memberIds: ['ag'] });
const agent = (intent: AgentRow['intent']): AgentRow => ({
  id: 'ag', accountId: 'acc', email: 'a@x.example', name: 'A', role: 'agent', disabled: false, passwordHash: 'x', intent, version: 1, reason: 'manual',
  byDeviceId: null, byKind: 'server', changedAt: T0, groupIds: ['grp'], timerUntil: null, timerRevert: null, timeOff: [],
});

/** A widget socket as the gateway gives it (pre-framed writes), or a plain one (`send` only). */
class Widget implements WidgetConn {
  readonly received: WidgetStatus[] = [];
  sendFrame?: (frame: WireFrame) => void;
  constructor(framed: boolean) {
    if (framed) this.sendFrame = (frame) => this.received.push(JSON.parse(frame.payload.toString('utf8')) as WidgetStatus);
  }
  send(data: string | Buffer): void { this.received.push(JSON.parse(String(data)) as WidgetStatus); }
  close(): void {}
}

function world() {
  const clock = new ManualClock(T0);
  const fanout = new WidgetFanout(clock, createMetrics());
  const state = new AccountState(account);
  state.groups.set('grp', group(null));
  const agentState = state.setAgent(agent('online'));
  agentState.devices.set('dev', { deviceId: 'dev', kind: 'desktop', name: 'd', tokenHash: 'h', agentId: 'ag', send: () => undefined, close: () => undefined });
  /** What the hub's recompute does: the state at now, published with the cause's instant. */
  const publish = (): void => state.publish(state.next(clock.now()), clock.now());
  /** The first frame a widget connecting now gets, and what an uncached serialization says. */
  const connect = (g: string | null = null, framed = true): { got: WidgetStatus; fresh: WidgetStatus } => {
    const w = new Widget(framed);
    fanout.subscribe(state, g, w);
    return { got: w.received[0]!, fresh: JSON.parse(JSON.stringify(fanout.widgetStatus(state, g))) as WidgetStatus };
  };
  return { clock, fanout, state, agentState, publish, connect };
}

describe('SPEC 4.2 a widget connecting gets the current status, never a cached older one', () => {
  it('after a publish (an agent going offline), on framed and plain connections alike', () => {
    const w = world();
    w.publish();
    for (const framed of [true, false]) expect(w.connect(null, framed).got).toMatchObject({ online: true, at: new Date(T0).toISOString() });
    w.clock.advance(5_000);
    w.agentState.row = agent('offline');
    w.publish();
    for (const framed of [true, false]) {
      const { got, fresh } = w.connect(null, framed);
      expect(got).toEqual(fresh);
      expect(got).toMatchObject({ online: false, at: new Date(T0 + 5_000).toISOString() });
    }
    // A second change at the same instant: the same changedAt, another status.
    w.agentState.row = agent('online');
    w.publish();
    expect(w.connect().got).toMatchObject({ online: true, at: new Date(T0 + 5_000).toISOString() });
  });

  it('after the account row changes (whenOffline, office-hours messages), even before any publish', () => {
    const w = world();
    w.publish();
    expect(w.connect().got).toMatchObject({ whenOffline: 'message', messages: {} });
    w.state.account = { ...account, whenOffline: 'hide' };
    expect(w.connect().got).toMatchObject({ whenOffline: 'hide' });
    w.state.account = { ...account, whenOffline: 'hide', officeHours: hours('Back at nine.') };
    expect(w.connect().got).toMatchObject({ whenOffline: 'hide', messages: { offline: 'Back at nine.' } });
    w.publish();
    w.state.account = { ...account, whenOffline: 'hide', officeHours: hours('Back at ten.') };
    const { got, fresh } = w.connect();
    expect(got).toEqual(fresh);
    expect(got.messages).toEqual({ offline: 'Back at ten.' });
  });

  it("after a group's own hours change, for that group's widgets", () => {
    const w = world();
    w.publish();
    expect(w.connect('grp').got).toMatchObject({ group: 'grp', messages: {} });
    w.state.groups.set('grp', group(hours('Sales is closed.')));
    expect(w.connect('grp').got.messages).toEqual({ offline: 'Sales is closed.' });
    w.state.groups.set('grp', group(hours('Sales opens at nine.')));
    const { got, fresh } = w.connect('grp');
    expect(got).toEqual(fresh);
    expect(got.messages).toEqual({ offline: 'Sales opens at nine.' });
    // The website's frame is not the group's.
    expect(w.connect(null).got).toMatchObject({ group: null, messages: {} });
  });

  it('at an office-hours boundary: the recompute that publishes it is what the next widget gets', () => {
    const w = world();
    w.state.account = { ...account, officeHours: hours('Back tomorrow.', '09:00', '10:30') };
    w.publish();
    expect(w.connect().got).toMatchObject({ online: true, reason: 'agents_online' });
    w.clock.set(Date.parse('2026-11-25T10:30:00Z'));
    w.publish();
    const { got, fresh } = w.connect();
    expect(got).toEqual(fresh);
    expect(got).toMatchObject({ online: false, reason: 'outside_office_hours', nextOpenAt: '2026-11-26T09:00:00.000+00:00', at: '2026-11-25T10:30:00.000Z' });
  });

  it('before anything was published, or for a key with no instant yet, it follows the clock as before', () => {
    const w = world();
    expect(w.connect().got.at).toBe(new Date(T0).toISOString());
    w.clock.advance(1_000);
    expect(w.connect().got.at).toBe(new Date(T0 + 1_000).toISOString());
  });

  it('the framed bytes are the text frame of the same JSON', () => {
    const w = world();
    w.publish();
    const frames: WireFrame[] = [];
    w.fanout.subscribe(w.state, null, { send: () => undefined, sendFrame: (f) => frames.push(f), close: () => undefined });
    const text = JSON.stringify(w.fanout.widgetStatus(w.state, null));
    expect(frames[0]!.wire.equals(textFrame(Buffer.from(text)).wire)).toBe(true);
  });
});
