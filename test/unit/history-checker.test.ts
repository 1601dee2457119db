import { describe, expect, it } from 'vitest';
import { checkDeviceViews, checkRun, checkWidgetSubsequences, onlineWindowsFrom, type BoxRow, type ConnFrame, type DeviceViewRecord, type RunRecord } from '../helpers/history-checker.js';

// A clean history, then one broken copy per rule: the checker must accept the first and name
// the fault in each of the others.
const clean = (): RunRecord => ({
  acks: [
    { agentId: 'a', status: 'online', version: 1, socket: 's1', at: 100 },
    { agentId: 'a', status: 'offline', version: 2, socket: 's1', at: 200 },
    { agentId: 'b', status: 'online', version: 1, socket: 's2', at: 150 },
  ],
  final: [{ agentId: 'a', intent: 'offline', version: 2 }, { agentId: 'b', intent: 'online', version: 1 }],
  widgets: [{ widget: 'w1', online: true, at: 110 }, { widget: 'w1', online: true, at: 400 }],
  onlineWindows: [[100, 1000]],
  healedAt: 500,
  convergedAt: { w1: 900 },
});
const opts = { slackMs: 50, convergeWithinMs: 1000 };

describe('partition history checker (issue 19)', () => {
  it('accepts a history that keeps every guarantee', () => {
    expect(checkRun(clean(), opts)).toEqual({ violations: [], operations: 5 });
  });

  it('finds a lost acknowledged change', () => {
    const run = clean();
    run.final[0] = { agentId: 'a', intent: 'online', version: 1 };
    expect(checkRun(run, opts).violations.join()).toMatch(/store at version 1, but 2 was acknowledged \(lost\)/);
  });

  it('finds a version holding another intent than the one acknowledged', () => {
    const run = clean();
    run.final[0] = { agentId: 'a', intent: 'away', version: 2 };
    expect(checkRun(run, opts).violations.join()).toMatch(/version 2 holds away, acknowledged offline/);
  });

  it('finds one version acknowledged twice and versions going backwards on a socket', () => {
    const run = clean();
    run.acks.push({ agentId: 'a', status: 'away', version: 1, socket: 's1', at: 300 });
    const v = checkRun(run, opts).violations.join('\n');
    expect(v).toMatch(/version 1 acknowledged twice/);
    expect(v).toMatch(/socket s1: version went 2 → 1/);
  });

  it('finds a phantom online state and a widget that never converged or converged late', () => {
    const run = clean();
    run.onlineWindows = [[100, 200]];
    run.convergedAt = { w1: null, w2: 5000 };
    const v = checkRun(run, opts).violations.join('\n');
    expect(v).toMatch(/widget w1: online at 400 while no agent/);
    expect(v).toMatch(/w1: never showed the final state/);
    expect(v).toMatch(/w2: converged 4500 ms after heal/);
  });

  it('counts an unacknowledged online as possibly committed, an unacknowledged offline not', () => {
    const windows = onlineWindowsFrom([
      { agentId: 'a', status: 'online', at: 10, acked: false },
      { agentId: 'a', status: 'offline', at: 20, acked: false },
      { agentId: 'a', status: 'offline', at: 30, acked: true },
      { agentId: 'b', status: 'online', at: 40, acked: true },
    ], 99);
    expect(windows).toEqual([[10, 30], [40, 99]]);
  });

  describe('every widget\'s sequence a subsequence of the committed chat box log (no phantom states)', () => {
    const on = (at: number): BoxRow => ({ at, online: true, reason: 'agents_online' });
    const off = (at: number): BoxRow => ({ at, online: false, reason: 'no_agents_online' });
    const frames = (widget: string, conn: number, ...seq: BoxRow[]): ConnFrame[] => seq.map((r) => ({ widget, conn, ...r }));
    // As two nodes wrote it, rows out of order: both went online at 100; node 1 alone saw offline
    // at 200 and online again at 250; node 0's online at 300 is a repeat of that and collapses.
    // Collapsed: off 0, on 100, off 200, on 250, off 400.
    const log = [off(0), on(100), on(250), off(200), on(300), off(400)];

    it('accepts skipped states, a lagging first frame and a log in any row order', () => {
      // w1 missed 200..300 (coalesced, or its node never saw the other node's view); w2 connected
      // at 350 and was first shown the state committed at 300.
      const ok = [...frames('w1', 1, off(10), on(120), on(130), off(450)), ...frames('w2', 1, on(350), off(410))];
      expect(checkWidgetSubsequences(log, ok)).toEqual([]);
    });

    it('finds a widget showing more changes than were committed (off → on → off → on on off → on → off)', () => {
      const v = checkWidgetSubsequences([off(0), on(100), off(200)], frames('w1', 1, off(10), on(110), off(210), on(300)));
      expect(v).toEqual(['widget w1#1: showed online (agents_online) at 300, but no node committed that state after offline (no_agents_online) at 200 by then (phantom state)']);
    });

    it('finds a state shown before any node committed it, and a state never committed', () => {
      expect(checkWidgetSubsequences(log, frames('w1', 1, off(10), on(90))).join()).toMatch(/w1#1: showed online \(agents_online\) at 90, but no node committed that state after offline/);
      const closed = { at: 150, online: false, reason: 'outside_office_hours' };
      expect(checkWidgetSubsequences(log, frames('w1', 1, off(10), closed)).join()).toMatch(/showed offline \(outside_office_hours\) at 150/);
    });

    it('starts each connection over: a reconnect\'s first frame may be any state committed by then', () => {
      const reconnected = [...frames('w1', 1, off(10), on(110), off(210)), ...frames('w1', 2, on(320), off(410))];
      expect(checkWidgetSubsequences(log, reconnected)).toEqual([]);
      // The same frames as one connection would have gone on → off → on → off → on → off: too many.
      const asOne = [...frames('w1', 1, off(10), on(110), off(210), on(320), off(410), on(420))];
      expect(checkWidgetSubsequences(log, asOne).join()).toMatch(/w1#1: showed online \(agents_online\) at 420/);
    });

    it('allows clock skew between the nodes and the recorder only as far as told', () => {
      expect(checkWidgetSubsequences(log, frames('w1', 1, off(10), on(95)), { skewMs: 5 })).toEqual([]);
      expect(checkWidgetSubsequences(log, frames('w1', 1, off(10), on(95)), { skewMs: 4 })).toHaveLength(1);
    });

    it('anchors the log at an initial state: a widget can no longer lag behind unchecked', () => {
      // Read from 1000 on, every node showed offline then. Without the anchor the widget's offline
      // at 1010 matches the old row at 0 and its online at 1100 the old one at 100.
      const read = [off(0), on(100), off(200), on(1050), off(1200)].filter((r) => r.at >= 1000);
      const lagging = frames('w1', 1, off(1010), on(1060), off(1210), on(1300));
      expect(checkWidgetSubsequences([off(0), on(100), off(200), on(1050), off(1200)], lagging)).toEqual([]);
      expect(checkWidgetSubsequences(read, lagging, { initial: off(0) })).toEqual(['widget w1#1: showed online (agents_online) at 1300, but no node committed that state after offline (no_agents_online) at 1200 by then (phantom state)']);
      expect(checkWidgetSubsequences([], frames('w1', 1, off(10), on(20)), { initial: off(0) }).join()).toMatch(/showed online \(agents_online\) at 20, but no node committed that state after the initial offline/);
    });

    it('an empty log: no frames pass, any frame is a phantom', () => {
      expect(checkWidgetSubsequences([], [])).toEqual([]);
      expect(checkWidgetSubsequences([], frames('w1', 1, off(10)))).toEqual(['widget w1#1: showed offline (no_agents_online) at 10, but no node committed that state at all by then (phantom state)']);
    });
  });

  describe('what each device was shown of its agent', () => {
    const acks = [
      { agentId: 'a', status: 'online', version: 1, socket: 's1', at: 10 },
      { agentId: 'a', status: 'offline', version: 2, socket: 'http-5', at: 20 },
    ];
    const final = [{ agentId: 'a', intent: 'online', version: 3 }];
    const view = (conn: number, version: number, status: string): DeviceViewRecord => ({ device: 'd', conn, agentId: 'a', version, status, at: version * 10 });

    it('accepts versions in order, skipped ones, an unacknowledged committed one and a reconnect starting over', () => {
      expect(checkDeviceViews(acks, [view(1, 0, 'offline'), view(1, 2, 'offline'), view(1, 3, 'online'), view(2, 1, 'online'), view(2, 3, 'online')], final)).toEqual([]);
    });
    it('finds a version going back on one connection', () => {
      expect(checkDeviceViews(acks, [view(1, 2, 'offline'), view(1, 1, 'online')], final)).toEqual(['device d#1: shown version 1 after 2']);
    });
    it('finds a version shown with another status than it was acknowledged with', () => {
      expect(checkDeviceViews(acks, [view(1, 2, 'online')], final)).toEqual(['device d#1: shown online for version 2, which was acknowledged as offline']);
    });
    it('finds a version the store never had', () => {
      expect(checkDeviceViews(acks, [view(1, 4, 'online')], final)).toEqual(['device d#1: shown version 4, beyond the store\'s 3']);
    });
  });
});
