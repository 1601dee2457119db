// The cluster store: the same Kysely queries and migrations as SQLite, over a pg Pool. Several
// nodes starting together must migrate once, so migrations run under a session advisory lock
// (Kysely's own migration lock assumes its lock table already exists, which is the race).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { systemClock, type Clock } from '../../common/clock.js';
import { KyselyStore, type Database as Schema } from './kysely-store.js';
import { migrateToLatest } from './migrations.js';
import { withStoreErrors } from './store-error.js';

/** Any constant works; it only has to be the same on every node and unlike other apps' keys. */
const MIGRATION_LOCK_KEY = 726_173_001;

export class PostgresConfigError extends Error {
  readonly code = 'postgres';
}

export interface PostgresStoreOptions {
  /** Runs everything in this schema (created if missing): test isolation, or several products in one database. */
  schema?: string;
  poolSize?: number;
  /** Dates the rows the store creates. */
  clock?: Clock;
}

/** Far above any query of ours on a live server; a write that takes longer is reported as failed. */
const QUERY_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 10_000;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<KyselyStore> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) throw new PostgresConfigError(`schema ${opts.schema} must be lower-case letters, digits and _`);
  const base: pg.PoolConfig = {
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  };
  await migrateOnce(base, url, opts.schema);
  // A black-holed link (packets dropped, nothing closes: issue 19's partition suite) left a
  // query, and so a status.set, waiting until TCP gave up (about 15 minutes) with neither an
  // ack nor an error (SPEC 4.1). Past these bounds the query fails and the caller answers with
  // an error; the connection stays in the pool and carries on if the link heals.
  const pool = guarded(new pg.Pool({ ...base, max: opts.poolSize ?? 10, query_timeout: QUERY_TIMEOUT_MS }));
  // Kysely's destroy() ends the pool it was given, so onClose has nothing left to do.
  return withStoreErrors(new KyselyStore('postgres', new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), opts.clock ?? systemClock, async () => undefined));
}

function guarded(pool: pg.Pool): pg.Pool {
  // An idle client losing its server (PostgreSQL restart) must not crash the node; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor a checked-out one: pg emits 'error' on the client as well as failing its queries, and the
  // pool removes its own listener while a client is lent out, so a reset mid-query (a cut link,
  // test/integration/postgres-reset.test.ts) was an uncaught exception. The queries still reject.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Migrations on a pool of their own without the query timeout: building an index over a large
 * history table, or waiting for another node's migration behind the lock, may take longer than
 * any query of a running server should, and must not fail the start.
 */
async function migrateOnce(base: pg.PoolConfig, url: string, schema: string | undefined): Promise<void> {
  const pool = guarded(new pg.Pool({ ...base, max: 2 }));
  try {
    const lock = await pool.connect().catch((err: Error) => {
      throw new PostgresConfigError(`cannot connect to PostgreSQL at ${redact(url)}: ${err.message}`);
    });
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        // IF NOT EXISTS still races between sessions, hence inside the lock.
        if (schema) await lock.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
        await migrateToLatest(db as Kysely<unknown>, schema ? { schema } : {});
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      lock.release();
    }
  } finally {
    await pool.end();
  }
}

/** Connection strings carry passwords; error messages must not. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
