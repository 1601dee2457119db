// SPEC 4.1, 4.2, 8: fuzzed frames at /ws/agent (before and after hello) and /ws/widget. Every reply
// and close code is compared with the reference model (hardening-oracle), and afterwards each
// agent's stored status and version equal what the acknowledged frames imply.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { helloSchema, pingSchema, statusSetSchema, byeSchema } from '../../src/common/protocol.js';
import { arbitraryFrom, hostileValue, mutateBytes, mutateFields, samples } from '../helpers/hardening-fuzz.js';
import { capturingLogger, predictAfterHello, predictHello, predictWidgetFrame, textFrame, type Frame, type Outcome } from '../helpers/hardening-oracle.js';
import { SEED, pool, recordFigures, scale } from '../helpers/hardening-scale.js';
import { startTestServer, type TestAgent, type TestServer } from '../helpers/server.js';
import { fuzzDataDir, removeFuzzDataDir } from '../helpers/hardening-scale.js';

const AFTER_HELLO = scale(30_000, 400_000);
const BEFORE_HELLO = scale(4_000, 60_000);
const WIDGET_FRAMES = scale(20_000, 200_000);
const WIDGET_CONNECTS = scale(1_500, 20_000);
const PARALLEL = 48;

let s: TestServer;
let log: ReturnType<typeof capturingLogger>;
const rejections: unknown[] = [];
const onRejection = (err: unknown) => rejections.push(err);
beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  log = capturingLogger();
  // Fsync on tmpfs is cheap: the fuzzer measures the protocol, not the disk (faults.test.ts does that).
  // The per-agent status limit (20 per 10 s across sockets) would cut parallel sessions of one
  // agent at random instants; the fuzzer checks replies, the limit has its own tests.
  s = await startTestServer({ logger: log.logger, dataDir: fuzzDataDir(), statusRateLimit: { max: 1_000_000, windowMs: 10_000 } });
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await s.close();
  removeFuzzDataDir(s.dataDir);
});

const json = (arb: fc.Arbitrary<unknown>) => arb.map((v) => JSON.stringify(v) ?? 'null');
const frameArb = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<Frame> => fc.oneof(
  { weight: 2, arbitrary: valid.map(textFrame) },
  { weight: 5, arbitrary: mutateFields(valid).map(textFrame) },
  { weight: 2, arbitrary: mutateBytes(json(valid)).map((bytes) => ({ bytes, binary: false })) },
  { weight: 1, arbitrary: fc.oneof(
    hostileValue.map(textFrame),
    fc.uint8Array({ maxLength: 64 }).map((b) => ({ bytes: Buffer.from(b), binary: fc.sample(fc.boolean(), 1)[0]! })),
    fc.integer({ min: 16 * 1024 - 2, max: 16 * 1024 + 2 }).map((n) => textFrame(`"${'x'.repeat(n - 2)}"`)),
  ) },
);

// Status changes with mutated fields keep the socket open (an error reply), so one socket carries
// many inputs; everything else is rarer because it ends the session.
const afterHelloArb: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(mutateFields(arbitraryFrom(statusSetSchema)), fc.nat()).map(([v, seq]) => {
    const o = Array.isArray(v) ? v[0] : v;
    return textFrame(o && typeof o === 'object' ? { ...o, type: 'status.set', seq } : o);
  }) },
  { weight: 3, arbitrary: arbitraryFrom(pingSchema).map(textFrame) },
  { weight: 2, arbitrary: arbitraryFrom(statusSetSchema).map(textFrame) },
  { weight: 1, arbitrary: frameArb(fc.oneof(arbitraryFrom(statusSetSchema), arbitraryFrom(pingSchema), arbitraryFrom(byeSchema))) },
);

interface Session { frames: Frame[]; outcomes: Outcome[] }

/** Cuts the stream into sessions: up to a terminal frame, or 20 status changes (the rate limit). */
function toSessions(frames: Frame[]): Session[] {
  const sessions: Session[] = [];
  let cur: Session = { frames: [], outcomes: [] };
  let sets = 0;
  for (const f of frames) {
    const o = predictAfterHello(f);
    cur.frames.push(f);
    cur.outcomes.push(o);
    if (o.kind === 'ack') sets++;
    if (o.kind === 'close' || o.kind === 'bye' || sets === 20 || cur.frames.length >= 400) {
      sessions.push(cur);
      cur = { frames: [], outcomes: [] };
      sets = 0;
    }
  }
  if (cur.frames.length) sessions.push(cur);
  return sessions;
}

function open(url: string): Promise<{ ws: WebSocket; messages: any[]; closed: Promise<number>; wait: (pred: () => boolean, ms?: number) => Promise<void> }> {
  const ws = new WebSocket(url);
  const messages: any[] = [];
  const listeners = new Set<() => void>();
  ws.on('message', (d) => { messages.push(JSON.parse(String(d))); for (const l of listeners) l(); });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => { resolve(code); for (const l of listeners) l(); }));
  ws.on('error', () => undefined);
  const wait = (pred: () => boolean, ms = 15_000) => new Promise<void>((resolve, reject) => {
    if (pred()) return resolve();
    const timer = setTimeout(() => { listeners.delete(check); reject(new Error(`timeout; got ${JSON.stringify(messages).slice(0, 400)}`)); }, ms);
    const check = () => { if (pred()) { clearTimeout(timer); listeners.delete(check); resolve(); } };
    listeners.add(check);
  });
  return new Promise((resolve, reject) => { ws.once('open', () => resolve({ ws, messages, closed, wait })); ws.once('error', reject); });
}

const sendFrame = (ws: WebSocket, f: Frame) => ws.send(f.bytes, { binary: f.binary });
const closeCode = async (closed: Promise<number>, ms = 15_000) => Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), ms))]);

describe('SPEC 4.1 agent socket after hello: fuzzed frames', () => {
  it(`${AFTER_HELLO} frames: replies and close codes as specified, state equals the model`, async () => {
    // One account per fuzzed agent, so team broadcasts reach a handful of sockets, not all of them.
    const agents: TestAgent[] = [];
    for (let i = 0; i < 8; i++) agents.push((await s.createAccount(`Fuzz ${i}`)).admin);
    const before = new Map<string, number>();
    for (const a of agents) before.set(a.id, (await s.api('GET', '/api/v1/me', { token: a.token })).body.version);
    const sessions = toSessions(samples(afterHelloArb, AFTER_HELLO, SEED));
    const acks = new Map<string, { version: number; status: string }[]>(agents.map((a) => [a.id, []]));
    const closes: Record<string, number> = {};
    const mismatches: string[] = [];
    await pool(sessions, PARALLEL, async (session, i) => {
      const agent = agents[i % agents.length]!;
      const c = await open(`${s.wsUrl}/ws/agent`);
      c.ws.send(JSON.stringify({ type: 'hello', token: agent.token, device: { id: `fuzz-${randomBytes(6).toString('hex')}`, kind: 'cli' }, protocol: 1 }));
      await c.wait(() => c.messages.some((m) => m.type === 'welcome'));
      const last = session.outcomes[session.outcomes.length - 1]!;
      const terminal = last.kind === 'close' || last.kind === 'bye';
      const body = terminal ? session.frames.slice(0, -1) : session.frames;
      const expected = (kind: string) => session.outcomes.slice(0, body.length).filter((o) => o.kind === kind);
      const [eAck, eErr, ePong] = [expected('ack'), expected('error'), expected('pong')];
      for (const f of body) sendFrame(c.ws, f);
      const got = (type: string) => c.messages.filter((m) => m.type === type);
      // Every acknowledgement arrives before the session ends, so the model knows what was committed.
      await c.wait(() => got('ack').length >= eAck.length && got('error').length >= eErr.length && got('pong').length >= ePong.length);
      const seqs = (xs: { seq?: number; id?: number }[]) => xs.map((x) => x.seq ?? x.id);
      if (JSON.stringify(seqs(got('ack'))) !== JSON.stringify(seqs(eAck as never))) mismatches.push(`acks ${i}`);
      if (JSON.stringify(seqs(got('error'))) !== JSON.stringify(seqs(eErr as never))) mismatches.push(`errors ${i}`);
      if (got('error').some((m) => m.code !== 'validation_failed')) mismatches.push(`error code ${i}`);
      if (JSON.stringify(seqs(got('pong'))) !== JSON.stringify(seqs(ePong as never))) mismatches.push(`pongs ${i}`);
      got('ack').forEach((m, k) => acks.get(agent.id)!.push({ version: m.version, status: (eAck[k] as { status: string }).status }));
      let code: number;
      if (last.kind === 'close') {
        sendFrame(c.ws, session.frames[session.frames.length - 1]!);
        code = await closeCode(c.closed);
        if (code !== last.code) mismatches.push(`session ${i}: expected close ${last.code}, got ${code}: ${session.frames.at(-1)!.bytes.toString('utf8').slice(0, 80)}`);
      } else {
        if (last.kind === 'bye') sendFrame(c.ws, session.frames[session.frames.length - 1]!);
        c.ws.close(1000);
        code = await closeCode(c.closed);
      }
      closes[code] = (closes[code] ?? 0) + 1;
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
    // Reference model: versions grow by one per acknowledged change, the stored intent is the last one.
    const model: string[] = [];
    const actual: string[] = [];
    for (const a of agents) {
      const list = acks.get(a.id)!.sort((x, y) => x.version - y.version);
      const v0 = before.get(a.id)!;
      expect(list.map((x) => x.version)).toEqual(list.map((_, k) => v0 + k + 1));
      const row = (await s.server.store.getAgent(a.id))!;
      model.push(`${a.id}:${v0 + list.length}:${list.at(-1)?.status ?? 'offline'}`);
      actual.push(`${a.id}:${row.version}:${row.intent}`);
    }
    expect(actual).toEqual(model);
    expect((await s.api('GET', '/healthz')).status).toBe(200);
    expect(log.errors()).toEqual([]);
    expect(rejections).toEqual([]);
    recordFigures('fuzz-agent-after-hello', { frames: AFTER_HELLO, sessions: sessions.length, acknowledged: [...acks.values()].reduce((n, l) => n + l.length, 0), closeCodes: closes });
  }, 240_000);
});

describe('SPEC 4.1 agent socket before hello: fuzzed first frames', () => {
  it(`${BEFORE_HELLO} first frames: welcome, 4400, 4401, 1007 or 1009 as specified`, async () => {
    const agent = (await s.createAccount('Fuzz hello')).admin;
    const helloArb = arbitraryFrom(helloSchema).map((h) => ({ ...(h as object), token: agent.token }));
    const frames = samples(fc.oneof({ weight: 1, arbitrary: helloArb.map(textFrame) }, { weight: 9, arbitrary: frameArb(helloArb) }), BEFORE_HELLO, SEED + 1);
    const outcomes: Record<string, number> = {};
    const mismatches: string[] = [];
    await pool(frames, PARALLEL, async (frame) => {
      const expected = predictHello(frame, agent.token);
      const c = await open(`${s.wsUrl}/ws/agent`);
      sendFrame(c.ws, frame);
      let got: string;
      if (expected.kind === 'welcome') {
        await c.wait(() => c.messages.length > 0 || c.ws.readyState !== WebSocket.OPEN);
        got = c.messages[0]?.type === 'welcome' ? 'welcome' : `close ${await closeCode(c.closed)}`;
        c.ws.close(1000);
        await c.closed;
      } else {
        got = `close ${await closeCode(c.closed)}`;
      }
      const want = expected.kind === 'welcome' ? 'welcome' : `close ${(expected as { code: number }).code}`;
      outcomes[got] = (outcomes[got] ?? 0) + 1;
      if (got !== want) mismatches.push(`${want} != ${got}: ${frame.bytes.toString('utf8').slice(0, 120)}`);
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(log.errors()).toEqual([]);
    expect(rejections).toEqual([]);
    recordFigures('fuzz-agent-before-hello', { frames: BEFORE_HELLO, outcomes });
  }, 240_000);
});

describe('SPEC 4.2 widget socket: fuzzed query strings and frames', () => {
  it(`${WIDGET_CONNECTS} connects and ${WIDGET_FRAMES} frames: status or 4404, frames ignored, 1007/1009 on transport errors`, async () => {
    const group = await s.createGroup('fuzz');
    const other = await s.createAccount('Widget fuzz B');
    const siteArb = fc.oneof(fc.constant(s.siteKey), fc.constant(other.siteKey), mutateBytes(fc.constant(s.siteKey)).map((b) => b.toString('latin1')), fc.string({ maxLength: 30 }));
    const groupArb = fc.option(fc.oneof(fc.constant(group.id), fc.string({ maxLength: 20 })), { nil: undefined });
    const queries = samples(fc.tuple(siteArb, groupArb), WIDGET_CONNECTS, SEED + 2);
    const frames = samples(fc.oneof(frameArb(hostileValue), fc.uint8Array({ maxLength: 1100 }).map((b) => ({ bytes: Buffer.from(b), binary: true }))), WIDGET_FRAMES, SEED + 3);
    const mismatches: string[] = [];
    let cursor = 0;
    const known = (site: string, grp: string | undefined) => (site === s.siteKey && (grp === undefined || grp === '' || grp === group.id)) || (site === other.siteKey && (grp === undefined || grp === ''));
    const session = async ([site, grp]: [string, string | undefined]) => {
      const c = await open(`${s.wsUrl}/ws/widget?site=${encodeURIComponent(site)}${grp !== undefined ? `&group=${encodeURIComponent(grp)}` : ''}`);
      if (!known(site, grp)) {
        const code = await closeCode(c.closed);
        if (code !== 4404) mismatches.push(`unknown site ${JSON.stringify([site, grp])}: ${code}`);
        return;
      }
      await c.wait(() => c.messages.length > 0);
      if (c.messages[0].type !== 'chatBox.status' || c.messages[0].site !== site) mismatches.push(`first message ${JSON.stringify(c.messages[0])}`);
      let expectClose: number | null = null;
      // Each socket takes frames from the shared stream until one must close it.
      for (let n = 0; n < 200 && cursor < frames.length; n++) {
        const f = frames[cursor++]!;
        sendFrame(c.ws, f);
        const o = predictWidgetFrame(f);
        if (o?.kind === 'close') { expectClose = o.code; break; }
      }
      if (expectClose !== null) {
        const code = await closeCode(c.closed);
        if (code !== expectClose) mismatches.push(`widget frame: expected ${expectClose}, got ${code}`);
        return;
      }
      // Still alive after its frames: a ping round trip proves the server read past them.
      await new Promise<void>((resolve, reject) => { c.ws.once('pong', () => resolve()); c.ws.ping(); setTimeout(() => reject(new Error('no pong')), 10_000); });
      c.ws.close(1000);
      await c.closed;
    };
    await pool(queries, PARALLEL, session);
    while (cursor < frames.length) await pool(Array.from({ length: PARALLEL }, () => [s.siteKey, undefined] as [string, undefined]), PARALLEL, session);
    const sent = cursor;
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(log.errors()).toEqual([]);
    expect(rejections).toEqual([]);
    recordFigures('fuzz-widget', { connects: WIDGET_CONNECTS, frames: sent });
  }, 240_000);
});
