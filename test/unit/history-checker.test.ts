import { describe, expect, it } from 'vitest';
import { checkRun, onlineWindowsFrom, type RunRecord } from '../helpers/history-checker.js';

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
});
