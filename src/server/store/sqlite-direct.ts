// The status path's SQLite transaction in one synchronous call (issue 20, bench/findings.md "The fixed
// cost of a change"). better-sqlite3 is synchronous, yet through Kysely a change's transaction
// (BEGIN, UPDATE … RETURNING, SELECT, INSERTs, COMMIT) passes its connection provider, the driver's
// mutex and a query executor per statement. The transaction was half of the time from a
// status.set's receipt to the first widget frame (0.51 of 0.93 ms, cold, in-process probe); run
// as one block it takes 0.42–0.46 ms, and the history rows written after the broadcast less CPU.
// The same compiled SQL runs here on the same connection and the same prepared statements.
//
// Safe because SQLite has one connection and JavaScript one thread: the direct transaction runs
// only while no Kysely query holds the connection or waits for it (`idle`), and it runs BEGIN to
// COMMIT without yielding, so no Kysely statement can land inside it and it never overtakes a
// Kysely write that asked first (writes keep the order they were asked in).
import { SqliteDialect, SqliteDriver, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from 'kysely';

/** Kysely's SQLite driver, counting who holds or waits for its one connection. */
class TrackedDriver extends SqliteDriver {
  users = 0;
  ready = false;

  override async init(): Promise<void> {
    await super.init();
    this.ready = true;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    // Counted before the wait: a caller queued on the mutex makes the connection not idle.
    this.users += 1;
    try {
      return await super.acquireConnection();
    } catch (err) {
      this.users -= 1;
      throw err;
    }
  }

  override async releaseConnection(): Promise<void> {
    this.users -= 1;
    await super.releaseConnection();
  }

  override async destroy(): Promise<void> {
    this.ready = false;
    await super.destroy();
  }
}

/** SqliteDialect whose driver says when nobody holds or waits for the connection. */
export class TrackedSqliteDialect extends SqliteDialect {
  private driver: TrackedDriver | null = null;

  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return (this.driver = new TrackedDriver(this.config));
  }

  /** True when the driver is initialised and no Kysely query holds or waits for the connection. */
  get idle(): boolean {
    return this.driver !== null && this.driver.ready && this.driver.users === 0;
  }
}

/** What the direct path needs of better-sqlite3 (statements through the statement cache). */
export interface DirectDatabase {
  prepare(sql: string): { readonly reader: boolean; all(params: readonly unknown[]): unknown[]; run(params: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint } };
  readonly inTransaction: boolean;
}

const BEGIN = 'begin';
const COMMIT = 'commit';
const ROLLBACK = 'rollback';

export class DirectSqlite {
  constructor(private readonly db: DirectDatabase, private readonly dialect: TrackedSqliteDialect) {}

  /** The direct path may run now: Kysely is not using the connection and no transaction is open. */
  get idle(): boolean {
    return this.dialect.idle && !this.db.inTransaction;
  }

  /** One statement, with the result Kysely's SQLite connection gives for it (its executeQuery). */
  execute<R>(query: CompiledQuery<R>): QueryResult<R> {
    const stmt = this.db.prepare(query.sql);
    if (stmt.reader) return { rows: stmt.all(query.parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(query.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /**
   * `fn` between BEGIN and COMMIT, synchronously. Fails with the error that broke it, as the
   * store's Kysely transaction does: after SQLITE_FULL SQLite has already rolled back, so the
   * ROLLBACK runs only while a transaction is still open.
   */
  transaction<T>(fn: () => T): T {
    if (!this.idle) throw new Error('the SQLite connection is in use; the direct transaction must not run now');
    this.db.prepare(BEGIN).run([]);
    try {
      const result = fn();
      this.db.prepare(COMMIT).run([]);
      return result;
    } catch (err) {
      if (this.db.inTransaction) {
        try { this.db.prepare(ROLLBACK).run([]); } catch { /* the first error is the one to report */ }
      }
      throw err;
    }
  }
}
