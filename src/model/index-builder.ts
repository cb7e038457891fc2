import { UserError } from '../util/errors.js';
import { isColumnRef, type AnyColumnRef } from './column-ref.js';
import { isSqlExpression, type SqlExpression } from './sql-expression.js';

/** One element of an index: a column (ref or name) or an SQL expression. */
export type IndexElementInput = AnyColumnRef | string | SqlExpression;

/** Everything an index builder has recorded. */
export interface IndexState {
  /** Undefined: named by the naming convention (`ix_<table>_<first column>`). */
  readonly name: string | undefined;
  readonly elements: readonly IndexElementInput[];
  readonly unique: boolean;
  readonly where: string | SqlExpression | null;
  readonly method: string | null;
}

/**
 * An index of a table, declared in its options; immutable, each method returns a new builder:
 *
 * ```ts
 * defineTable('users', { email: text().notNull(), active: boolean() }, (t) => ({
 *   indexes: [
 *     index().on(t.email).unique().where('active'),      // ix_users_email
 *     index('ix_users_lower_email').on(sql`lower(email)`),
 *     index().on(t.search).using('gin'),                  // PostgreSQL index method
 *   ],
 * }));
 * ```
 */
export class IndexBuilder {
  readonly state: IndexState;

  constructor(state: IndexState) {
    this.state = Object.freeze({ ...state, elements: Object.freeze([...state.elements]) });
    Object.freeze(this);
  }

  /** The indexed columns and expressions, in order. */
  on(...elements: IndexElementInput[]): IndexBuilder {
    for (const element of elements) {
      if (typeof element !== 'string' && !isColumnRef(element) && !isSqlExpression(element)) {
        throw new UserError(`index().on() takes columns (t.email), column names or sql\`...\`, not ${String(element)}`);
      }
    }
    return new IndexBuilder({ ...this.state, elements });
  }

  /** A unique index. */
  unique(): IndexBuilder {
    return new IndexBuilder({ ...this.state, unique: true });
  }

  /** A partial index: the predicate, without `WHERE`. */
  where(predicate: string | SqlExpression): IndexBuilder {
    return new IndexBuilder({ ...this.state, where: predicate });
  }

  /** The index method on PostgreSQL: `gin`, `gist`, `brin`, `hash`... (`btree` is the default). */
  using(method: string): IndexBuilder {
    return new IndexBuilder({ ...this.state, method });
  }
}

/** Starts an index; without a name, the naming convention names it. */
export function index(name?: string): IndexBuilder {
  if (name !== undefined && (typeof name !== 'string' || name === '')) {
    throw new UserError('index(name) needs a non-empty name, or no argument to use the naming convention');
  }
  return new IndexBuilder({ name, elements: [], unique: false, where: null, method: null });
}

/** True for what `index()` returns. */
export function isIndexBuilder(value: unknown): value is IndexBuilder {
  const state = typeof value === 'object' && value !== null ? (value as { state?: { elements?: unknown } }).state : undefined;
  return Array.isArray(state?.elements);
}
