// The single-node conformance suites (SPEC 2.1, 2.2, 3, 8), unchanged, against a 2-node cluster on
// PostgreSQL and Redis: startTestServer is swapped for startTestCluster, whose every wsUrl / url
// read lands on a random node, so an agent's devices, the widgets and the API calls of one test
// are spread over both nodes.
import { vi } from 'vitest';
import { clusterServicesAvailable } from '../helpers/cluster.js';

vi.mock('../helpers/server.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../helpers/server.js')>();
  const { startTestCluster } = await import('../helpers/cluster.js');
  return { ...original, startTestServer: (opts: Parameters<typeof startTestCluster>[0] = {}) => startTestCluster({ ...opts, nodes: 2 }) };
});

if (await clusterServicesAvailable()) {
  await import('./presence-agent-status.test.js');
  await import('./presence-chat-box.test.js');
  await import('./bad-input.test.js');
} else {
  const { it } = await import('vitest');
  it.skip('cluster conformance (PostgreSQL or Redis not running; CI would fail here)', () => undefined);
}
