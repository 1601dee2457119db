// Regressions the fuzzers found, pinned as plain tests so they stay fixed without a fuzz run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAgentSocket } from '../helpers/agent-socket.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

async function firstFrameClose(frame: unknown): Promise<{ code: number; reason: string }> {
  const { ws, opened } = openAgentSocket(s.wsUrl);
  await opened;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  ws.send(JSON.stringify(frame));
  return closed;
}

describe('SPEC 8: a close reason quoting client input never crashes the server', () => {
  it('a hello with a 300-character protocol closes with 4400 (ws throws on reasons over 123 bytes)', async () => {
    const { code, reason } = await firstFrameClose({ type: 'hello', token: 'x', device: { id: 'device-0001', kind: 'cli' }, protocol: '9'.repeat(300) });
    expect(code).toBe(4400);
    expect(reason).toMatch(/^protocol must be the number 1, not the string "9+…$/);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    expect((await s.api('GET', '/healthz')).status).toBe(200);
  });

  it('an unknown type of 40 three-byte characters after hello closes with 4400 and the server stays up', async () => {
    const { ws, opened } = openAgentSocket(s.wsUrl);
    await opened;
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'hello', token: s.admin.token, device: { id: 'device-euro-1', kind: 'cli' }, protocol: 1 }));
    await new Promise((r) => ws.once('message', r));
    ws.send(JSON.stringify({ type: '€'.repeat(40) }));
    expect(await closed).toBe(4400);
    expect((await s.api('GET', '/healthz')).status).toBe(200);
  });
});
