// The one error a Store throws on purpose. `kind` says what went wrong in terms a caller can act
// on; the HTTP edge maps it to a status in one switch (http/errors.ts), the agent socket to an
// error frame. Driver errors that mean "the disk cannot take writes" become StoreErrors too, so
// nobody above the store matches on SQLite or PostgreSQL messages.
export type StoreErrorKind =
  /** The row the write is about does not exist (agent, group, account). */
  | 'not_found'
  /** The write names another row that does not exist in this account (a group or agent id). */
  | 'unknown_reference'
  /** A unique value is taken (an agent's email). */
  | 'duplicate'
  /** The write contradicts the current state. */
  | 'conflict'
  /** The database cannot grow: nothing was written. */
  | 'disk_full'
  /** The data directory or database refuses writes: nothing was written. */
  | 'read_only'
  /** The database did not answer in time (a dead link): the write may or may not have landed. */
  | 'unreachable';

export class StoreError extends Error {
  readonly code = 'store';

  constructor(readonly kind: StoreErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }

  /** True when the store cannot write at all (disk full, read-only, unreachable): a 503, not the caller's fault. */
  get unavailable(): boolean {
    return this.kind === 'disk_full' || this.kind === 'read_only' || this.kind === 'unreachable';
  }
}

export const isStoreError = (err: unknown, kind?: StoreErrorKind): err is StoreError =>
  err instanceof StoreError && (kind === undefined || err.kind === kind);

const DISK_FULL = 'the server cannot save changes: its disk is full; nothing was changed';
const READ_ONLY = 'the server cannot save changes: its data directory is not writable; nothing was changed';
const DB_READ_ONLY = 'the server cannot save changes: its database is read-only; nothing was changed';
// Not "nothing was changed": a commit whose answer was lost may have landed. Repeating a status
// change is harmless, so the client may retry.
const UNREACHABLE = 'the server cannot reach its database right now; the change was not confirmed, try again';

/**
 * A driver error that means the store cannot take writes, as a StoreError; anything else as is.
 * SQLite reports SQLITE_FULL / SQLITE_READONLY / SQLITE_IOERR*, PostgreSQL 53100 (disk_full) and
 * 25006 (read_only_sql_transaction: a standby, or a primary set read-only), and Node ENOSPC /
 * EROFS when the WAL or a temp file cannot be written.
 */
export function classifyDriverError(err: unknown): unknown {
  if (err instanceof StoreError) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = String((err as Error)?.message ?? '');
  if (code === 'SQLITE_FULL' || code === '53100' || /database or disk is full|ENOSPC|no space left/i.test(message)) {
    return new StoreError('disk_full', DISK_FULL, { cause: err });
  }
  if (code === '25006') return new StoreError('read_only', DB_READ_ONLY, { cause: err });
  // node-postgres' own timeouts (query_timeout, connectionTimeoutMillis in postgres.ts), and a
  // connection to PostgreSQL that broke or could not be made (a cut link, a restarting server).
  const network = /^E(CONNRESET|CONNREFUSED|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH)$/.test(code) || /^connect E[A-Z]+ /.test(message);
  if (network || /^Query read timeout$|timeout exceeded when trying to connect|Connection terminated/.test(message)) {
    return new StoreError('unreachable', UNREACHABLE, { cause: err });
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_IOERR') || /readonly database|EROFS/i.test(message)) {
    return new StoreError('read_only', READ_ONLY, { cause: err });
  }
  return err;
}

/**
 * Wraps every method of a store so that driver errors leave it classified (one place instead of a
 * try/catch per query). Synchronous throws and rejected promises are both covered.
 */
export function withStoreErrors<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise ? result.catch((err: unknown) => { throw classifyDriverError(err); }) : result;
        } catch (err) {
          throw classifyDriverError(err);
        }
      };
    },
  });
}
