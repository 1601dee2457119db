// Opens the cluster backends (PostgreSQL store, Redis bus) for --postgres / --redis and the
// DATABASE_URL / REDIS_URL environment. PostgreSQL alone runs one node on a shared database;
// several nodes need Redis too, or their live presence would not be shared.
import { RedisBus } from '../server/cluster/redis-bus.js';
import type { PresenceBus } from '../server/bus.js';
import { openPostgresStore } from '../server/store/postgres.js';
import type { Store } from '../server/store/store.js';

export class ClusterOptionsError extends Error {
  readonly code = 'cluster_options';
}

/** `?schema=name` on the PostgreSQL URL selects a schema (created if missing); pg itself never sees it. */
export function splitSchema(url: string): { url: string; schema?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ClusterOptionsError('--postgres must be a URL like postgres://user:password@host:5432/database');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new ClusterOptionsError(`--postgres must start with postgres://, got ${parsed.protocol}//`);
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { url };
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

function leaseTtlFromEnv(): number | undefined {
  const raw = process.env.PRESENCE_LEASE_TTL_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 300 || ms > 30_000) throw new ClusterOptionsError(`PRESENCE_LEASE_TTL_MS must be an integer from 300 to 30000, got ${raw}`);
  return ms;
}

export async function openClusterBackends(opts: { postgres?: string | undefined; redis?: string | undefined }): Promise<{ store: Store; bus?: PresenceBus }> {
  if (!opts.postgres) {
    throw new ClusterOptionsError('--redis needs --postgres too (or DATABASE_URL): nodes share durable state through PostgreSQL');
  }
  const { url, schema } = splitSchema(opts.postgres);
  const store = await openPostgresStore(url, schema === undefined ? {} : { schema });
  if (!opts.redis) return { store };
  try {
    const leaseTtlMs = leaseTtlFromEnv();
    const bus = await RedisBus.connect({ url: opts.redis, prefix: process.env.REDIS_KEY_PREFIX || 'presence:', ...(leaseTtlMs ? { leaseTtlMs } : {}) });
    return { store, bus };
  } catch (err) {
    await store.close();
    throw err;
  }
}
