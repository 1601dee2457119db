// Opens the cluster backends (PostgreSQL store, Redis bus) for --postgres / --redis.
import type { PresenceBus } from '../server/bus.js';
import type { Store } from '../server/store/store.js';

export async function openClusterBackends(opts: { postgres?: string | undefined; redis?: string | undefined }): Promise<{ store: Store; bus?: PresenceBus }> {
  void opts;
  throw new Error('cluster mode (--postgres / --redis) is not built yet; run without them for the embedded SQLite store');
}
