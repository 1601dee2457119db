// Prepared statements reused (issue 20, bench/findings.md "The fixed cost per change"): Kysely's
// SQLite driver calls better-sqlite3's `prepare` for every query it runs, so each status change
// compiled its BEGIN, UPDATE, SELECTs, INSERTs and COMMIT from text again (about 4 % of the
// server's samples at 1,000 widgets). The same SQL text gets the same statement; a statement is
// stateless between runs (parameters are bound per call), so reuse changes no result.
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** What the cache needs of better-sqlite3's Database and Statement. */
interface Prepares {
  prepare(sql: string): SqliteStatement & { readonly busy?: boolean };
  close(): unknown;
}

/** Statements kept; SQL texts with `in (?, ?, …)` lists of many lengths would otherwise grow it without bound. */
export const STATEMENT_CACHE_SIZE = 200;

/**
 * A SqliteDatabase for Kysely's SqliteDialect whose `prepare` returns the statement already made
 * for the same SQL text, least recently used dropped past `size`. A statement still iterating
 * (Kysely's `stream()`) is busy and cannot run twice at once, so that caller gets a fresh one.
 */
export function cachedStatements(db: Prepares, size = STATEMENT_CACHE_SIZE): SqliteDatabase & { readonly cached: number } {
  if (!Number.isInteger(size) || size < 1) throw new TypeError(`size must be a positive integer, got ${String(size)}`);
  const cache = new Map<string, ReturnType<Prepares['prepare']>>();
  return {
    get cached() { return cache.size; },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) {
        if (hit.busy) return db.prepare(sql);
        // Most recently used last: Map keeps insertion order.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return stmt;
    },
    close(): void {
      cache.clear();
      db.close();
    },
  };
}
