// The embedded store: one SQLite file under the data directory, WAL journal. An acknowledged write
// survives a killed process; see the synchronous pragma below for power cuts.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { systemClock, type Clock } from '../../common/clock.js';
import { KyselyStore, type Database as Schema } from './kysely-store.js';
import { migrateToLatest } from './migrations.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { DirectSqlite, TrackedSqliteDialect } from './sqlite-direct.js';
import { cachedStatements } from './statement-cache.js';
import { withStoreErrors } from './store-error.js';

export class DataDirError extends Error {
  readonly code = 'data_dir';
}

export interface SqliteOptions {
  /** Dates the rows the store creates (accounts, new agents); tests pass their own. */
  clock?: Clock;
  /** A better-sqlite3 binary built for another ABI (the Electron app's, src/main/native-binding.ts). */
  nativeBinding?: string;
  /** The WAL checkpoint worker failed; SQLite's own checkpoints are back (the server logs it). */
  onCheckpointError?: (err: Error) => void;
}

export async function openSqliteStore(dataDir: string, opts: SqliteOptions = {}): Promise<KyselyStore> {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (err) {
    throw new DataDirError(`data directory ${dataDir} is not writable: ${(err as Error).message}`);
  }
  let sqlite: Database.Database;
  const file = join(dataDir, 'presence.sqlite');
  try {
    sqlite = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a killed process (SPEC 8); only an OS crash or power
    // cut can lose the last commits. FULL cost one fsync per status change with the event loop
    // blocked (about 8–70 ms here), which every widget of the process would wait for.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new DataDirError(`cannot open the database in ${dataDir}: ${(err as Error).message}`);
  }
  const statements = cachedStatements(sqlite);
  const dialect = new TrackedSqliteDialect({ database: statements });
  const db = new Kysely<Schema>({ dialect });
  await migrateToLatest(db as Kysely<unknown>);
  // The status change's writes skip Kysely's connection machinery while it is idle (sqlite-direct.ts).
  const direct = new DirectSqlite({ prepare: (text) => statements.prepare(text) as never, get inTransaction() { return sqlite.inTransaction; } }, dialect);
  // After the migrations: the worker's connection must not see a schema being built.
  const checkpointer = startCheckpointer({ file, nativeBinding: opts.nativeBinding, main: sqlite, onError: opts.onCheckpointError });
  return withStoreErrors(new KyselyStore('sqlite', db, opts.clock ?? systemClock, () => checkpointer.close(), direct, checkpointer));
}
