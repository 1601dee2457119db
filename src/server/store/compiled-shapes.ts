// SQL text reused per query shape (issue 20, bench/findings.md "The fixed cost per change"):
// Kysely builds and compiles a query from its builder on every call, a visible share of the CPU
// of each status change (the intent UPDATE, the history INSERTs, the gap writes). A shape (the same
// table, columns and clauses) always compiles to the same SQL text, so after the first call only
// the parameters are new. The first compile is the check: a shape is reused only when Kysely's
// own parameters equal the ones the caller lists, in order; otherwise it is compiled every time.
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';

/** What a shape needs of Kysely or one of its transactions. */
interface Executes {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Shapes kept; callers name a fixed set, so this only guards against a caller that does not. */
export const COMPILED_SHAPES_SIZE = 100;

/** Values Kysely binds as parameters as they are (an object could be an expression it compiles). */
export const plainValues = (values: readonly unknown[]): boolean => values.every((v) => v === null || (typeof v !== 'object' && typeof v !== 'function'));

const sameValues = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

export class CompiledShapes {
  /** SQL text per shape key; null: the check failed, always compile. */
  private readonly known = new Map<string, string | null>();

  constructor(private readonly size = COMPILED_SHAPES_SIZE) {
    if (!Number.isInteger(size) || size < 1) throw new TypeError(`size must be a positive integer, got ${String(size)}`);
  }

  /** Shapes checked so far, and how many of them are reused (tests). */
  get stats(): { shapes: number; reused: number } {
    return { shapes: this.known.size, reused: [...this.known.values()].filter((t) => t !== null).length };
  }

  /**
   * The query of `key`'s shape with `params`, which must be what Kysely would bind for `build()`,
   * in order. `build` runs only on the first call of a shape (and always after a failed check).
   */
  compile<R>(key: string, params: readonly unknown[], build: () => Compilable<R>): CompiledQuery<R> {
    const text = plainValues(params) ? this.known.get(key) : null;
    if (text) return CompiledQuery.raw(text, [...params]) as CompiledQuery<R>;
    const compiled = build().compile();
    if (text === undefined && this.known.size < this.size) this.known.set(key, sameValues(compiled.parameters, params) ? compiled.sql : null);
    return compiled;
  }

  /** compile, then run on `db`. */
  run<R>(db: Executes, key: string, params: readonly unknown[], build: () => Compilable<R>): Promise<QueryResult<R>> {
    return db.executeQuery(this.compile(key, params, build));
  }
}
