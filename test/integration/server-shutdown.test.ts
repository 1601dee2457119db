// A server's close is bounded: a peer that stops reading (a frozen browser, a starved process)
// never answers the close frame, and ws alone would hold close() for its 30 s close timeout,
// which is how a dashboard suite's afterAll once ran out of time on a loaded machine.
import { expect, it } from 'vitest';
import { TIMINGS } from '../../src/common/timings.js';
import { startTestServer, widgetSocket } from '../helpers/server.js';

it('close() cuts a widget socket that never answers the close frame after the shutdown grace', async () => {
  const s = await startTestServer();
  const w = await widgetSocket(s);
  // ws's own socket, paused: the close frame is never read, so it is never answered.
  (w.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const t0 = Date.now();
  await s.close();
  const ms = Date.now() - t0;
  expect(ms).toBeGreaterThanOrEqual(TIMINGS.shutdownGraceMs - 100);
  expect(ms).toBeLessThan(TIMINGS.shutdownGraceMs + 10_000);
});
