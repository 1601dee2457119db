// Checks a recorded run of the partition suite (issue 19) against the guarantees of SPEC 4: no
// acknowledged change lost, one version per change, no phantom widget states, convergence after
// heal. Pure (no I/O), so test/unit/history-checker.test.ts can show each rule failing on a
// history made to break it; a checker that cannot fail proves nothing.

/** One acknowledged `status.set`: what the client asked for and the version the server gave it. */
export interface AckRecord { agentId: string; status: string; version: number; socket: string; at: number }

/** The store's row for an agent after heal (read from PostgreSQL directly). */
export interface FinalRow { agentId: string; intent: string; version: number }

/** One chat-box frame a widget received. */
export interface WidgetFrame { widget: string; online: boolean; at: number }

export interface RunRecord {
  acks: AckRecord[];
  final: FinalRow[];
  /** Every frame each widget received, in arrival order per widget. */
  widgets: WidgetFrame[];
  /**
   * Instants (ms) at which the chat box could truthfully be online: [from, to] intervals where at
   * least one agent's acknowledged intent was online. A widget showing online outside every one
   * of them (widened by `slackMs`) showed a state nobody committed.
   */
  onlineWindows: [number, number][];
  /** When every link was healed, and when each widget showed the final truth. */
  healedAt: number;
  convergedAt: Record<string, number | null>;
}

export interface CheckResult {
  violations: string[];
  /** Operations checked (acks + widget frames), for the figures in docs/security.md. */
  operations: number;
}

/** `slackMs`: how far a frame may lag a window's edge (fan-out and network delay). */
export function checkRun(run: RunRecord, opts: { slackMs: number; convergeWithinMs: number }): CheckResult {
  const violations: string[] = [];
  const byAgent = new Map<string, AckRecord[]>();
  for (const a of run.acks) byAgent.set(a.agentId, [...(byAgent.get(a.agentId) ?? []), a]);

  for (const [agentId, acks] of byAgent) {
    // One version per change: two acknowledgements never share a version.
    const seen = new Map<number, AckRecord>();
    for (const a of acks) {
      const twin = seen.get(a.version);
      if (twin) violations.push(`agent ${agentId}: version ${a.version} acknowledged twice (${twin.status} on ${twin.socket}, ${a.status} on ${a.socket})`);
      seen.set(a.version, a);
    }
    // On one socket the server commits in order: versions strictly increase.
    const bySocket = new Map<string, AckRecord[]>();
    for (const a of acks) bySocket.set(a.socket, [...(bySocket.get(a.socket) ?? []), a]);
    for (const [socket, list] of bySocket) {
      for (let i = 1; i < list.length; i++) {
        if (list[i]!.version <= list[i - 1]!.version) violations.push(`agent ${agentId} socket ${socket}: version went ${list[i - 1]!.version} → ${list[i]!.version}`);
      }
    }
    // Nothing acknowledged is lost: the store holds at least the last acknowledged version, and
    // if nothing came after it, its intent.
    const last = acks.reduce((m, a) => (a.version > m.version ? a : m));
    const row = run.final.find((r) => r.agentId === agentId);
    if (!row) violations.push(`agent ${agentId}: no row after heal`);
    else if (row.version < last.version) violations.push(`agent ${agentId}: store at version ${row.version}, but ${last.version} was acknowledged (lost)`);
    else if (row.version === last.version && row.intent !== last.status) violations.push(`agent ${agentId}: version ${row.version} holds ${row.intent}, acknowledged ${last.status}`);
    // Versions grow by one per change: every acknowledged version fits in 1..final.
    if (row && [...seen.keys()].some((v) => v < 1 || v > row.version)) violations.push(`agent ${agentId}: an acknowledged version lies outside 1..${row.version}`);
  }

  // No phantom states: a widget shows online only near a moment some agent's intent was online.
  const near = (t: number) => run.onlineWindows.some(([from, to]) => t >= from - opts.slackMs && t <= to + opts.slackMs);
  for (const f of run.widgets) {
    if (f.online && !near(f.at)) violations.push(`widget ${f.widget}: online at ${f.at} while no agent's acknowledged intent was online`);
  }

  for (const [widget, at] of Object.entries(run.convergedAt)) {
    if (at === null) violations.push(`widget ${widget}: never showed the final state after heal`);
    else if (at - run.healedAt > opts.convergeWithinMs) violations.push(`widget ${widget}: converged ${at - run.healedAt} ms after heal (bound ${opts.convergeWithinMs} ms)`);
  }
  return { violations, operations: run.acks.length + run.widgets.length };
}

/**
 * The intervals where at least one agent's intent may have been online. A change that was sent
 * but never acknowledged (its socket was cut) may still have committed, so an unacknowledged
 * "online" opens a window too; an unacknowledged "offline" is ignored (it could only close one).
 */
export function onlineWindowsFrom(ops: readonly { agentId: string; status: string; at: number; acked: boolean }[], end: number): [number, number][] {
  const sorted = [...ops].filter((o) => o.acked || o.status === 'online').sort((a, b) => a.at - b.at);
  const online = new Set<string>();
  const windows: [number, number][] = [];
  let openedAt: number | null = null;
  for (const o of sorted) {
    if (o.status === 'online') online.add(o.agentId);
    else online.delete(o.agentId);
    if (online.size > 0 && openedAt === null) openedAt = o.at;
    if (online.size === 0 && openedAt !== null) { windows.push([openedAt, o.at]); openedAt = null; }
  }
  if (openedAt !== null) windows.push([openedAt, end]);
  return windows;
}

/** One row of the committed chat-box log (`history_box_events`, one box), whichever node wrote it. */
export interface BoxRow { at: number; online: boolean; reason: string }

/** One chat-box frame as a widget connection received it; `conn` counts that widget's connections. */
export interface ConnFrame { widget: string; conn: number; online: boolean; reason: string; at: number }

/**
 * No phantom states, against the committed log (issue 19): each widget connection's states, with
 * consecutive repeats collapsed, must be a subsequence of the committed log ordered by `at` (repeats
 * collapsed too), every state matched to a row dated no later than the frame arrived (+ `skewMs`).
 *
 * Why this model: every node computes the chat box itself, and during a partition two nodes can
 * compute different states and both write rows; the rows collapse only when `at` and `online`
 * are equal (the unique key of migration 0005). So the log is the merge of the nodes' views, and
 * a node's own sequence is a subsequence of it (collapsing repeats never removes one: a repeat
 * merges into the run it belongs to, which still lies after the previous, different state). A
 * widget may skip states (frames coalesce, its node may not see another node's short-lived
 * view) and lag them (the first frame of a connection is its node's state at connect time, which
 * may be old), but it can never show a state before some node committed it, nor more changes
 * than were committed. Each connection is its own sequence: a reconnect's first frame starts over.
 * Matching each state to the earliest row that fits is optimal (a later choice leaves fewer rows).
 *
 * `initial`: the state in force before the first row, when the log is read from an instant on
 * (the state every node showed then) or the account's first statuses were never recorded (a
 * first load is not, hub.ts). Without it the earliest rows are the only anchor, and a widget's
 * first frame may match a row far older than its node's state, which lets it lag unchecked.
 */
export function checkWidgetSubsequences(committed: readonly BoxRow[], frames: readonly ConnFrame[], opts: { skewMs?: number; initial?: { online: boolean; reason: string } } = {}): string[] {
  const skewMs = opts.skewMs ?? 0;
  const same = (a: { online: boolean; reason: string }, b: { online: boolean; reason: string }) => a.online === b.online && a.reason === b.reason;
  const show = (s: { online: boolean; reason: string }) => `${s.online ? 'online' : 'offline'} (${s.reason})`;
  const sorted = [...committed].sort((a, b) => a.at - b.at);
  const log = collapse(opts.initial ? [{ ...opts.initial, at: Number.NEGATIVE_INFINITY }, ...sorted] : sorted, same);
  const connections = new Map<string, ConnFrame[]>();
  for (const f of frames) {
    const key = `${f.widget}#${f.conn}`;
    connections.set(key, [...(connections.get(key) ?? []), f]);
  }
  const violations: string[] = [];
  for (const [key, list] of connections) {
    let j = -1;
    for (const f of collapse(list, same)) {
      const k = log.findIndex((r, i) => i > j && same(r, f) && r.at <= f.at + skewMs);
      if (k >= 0) { j = k; continue; }
      const after = j < 0 ? 'at all' : log[j]!.at === Number.NEGATIVE_INFINITY ? `after the initial ${show(log[j]!)}` : `after ${show(log[j]!)} at ${log[j]!.at}`;
      violations.push(`widget ${key}: showed ${show(f)} at ${f.at}, but no node committed that state ${after} by then (phantom state)`);
      break; // one phantom per connection: everything after it would be misaligned
    }
  }
  return violations;
}

function collapse<T>(list: readonly T[], same: (a: T, b: T) => boolean): T[] {
  return list.filter((x, i) => i === 0 || !same(list[i - 1]!, x));
}

/** The agent's own status as one device connection was shown it (welcome and `status` frames). */
export interface DeviceViewRecord { device: string; conn: number; agentId: string; version: number; status: string; at: number }

/**
 * What each device was shown of its agent (issue 19, "every frame each device saw"): on one
 * connection the version never goes back (the server sends an agent's changes in commit order);
 * a version some change was acknowledged with is shown with that change's status (no device sees
 * a state nobody committed for it); and no device is shown a version the store does not have.
 * Versions of changes whose answer was lost (sent into a cut link) may be shown: they committed.
 */
export function checkDeviceViews(acks: readonly AckRecord[], views: readonly DeviceViewRecord[], final: readonly FinalRow[]): string[] {
  const violations: string[] = [];
  const acked = new Map(acks.map((a) => [`${a.agentId}:${a.version}`, a.status]));
  const last = new Map<string, DeviceViewRecord>();
  for (const v of views) {
    const key = `${v.device}#${v.conn}`;
    const before = last.get(key);
    if (before && v.version < before.version) violations.push(`device ${key}: shown version ${v.version} after ${before.version}`);
    last.set(key, v);
    const status = acked.get(`${v.agentId}:${v.version}`);
    if (status !== undefined && status !== v.status) violations.push(`device ${key}: shown ${v.status} for version ${v.version}, which was acknowledged as ${status}`);
    const row = final.find((r) => r.agentId === v.agentId);
    if (row && v.version > row.version) violations.push(`device ${key}: shown version ${v.version}, beyond the store's ${row.version}`);
  }
  return violations;
}
