import { UserError } from '../util/errors.js';

/**
 * An SQL expression given to the database verbatim: a server default, a check, an index
 * element or an index predicate. Same shape as the IR's `{ kind: 'sql' }` server default.
 */
export interface SqlExpression {
  readonly kind: 'sql';
  readonly sql: string;
}

/**
 * Builds an SQL expression, as a tagged template or a plain call:
 *
 * ```ts
 * created_at: timestamptz().default(sql`CURRENT_TIMESTAMP`),
 * index().on(sql`lower(email)`),
 * id: uuid().default(sql('gen_random_uuid()')),
 * ```
 *
 * Values cannot be interpolated (`${...}`): the text is DDL, written once into a migration,
 * so it must be spelled out. The text is kept exactly as written (no trimming), so the same
 * model always gives the same schema.
 */
export function sql(text: string): SqlExpression;
export function sql(strings: TemplateStringsArray, ...values: never[]): SqlExpression;
export function sql(strings: TemplateStringsArray | string, ...values: unknown[]): SqlExpression {
  if (values.length > 0) {
    throw new UserError('sql`...` in a model takes no ${...} values', {
      hint: 'write the expression out in full, e.g. sql`now()`',
    });
  }
  // Cooked strings, as kysely's own `sql` tag reads them: sql`a\`b` is the text a`b.
  const text = typeof strings === 'string' ? strings : strings.join('');
  if (typeof text !== 'string' || text.trim() === '') {
    throw new UserError('sql`...` in a model needs a non-empty SQL expression');
  }
  return Object.freeze({ kind: 'sql', sql: text });
}

/** True for what `sql` returns (and any `{ kind: 'sql', sql: string }`). */
export function isSqlExpression(value: unknown): value is SqlExpression {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'sql' &&
    typeof (value as { sql?: unknown }).sql === 'string'
  );
}

/** The text of an expression written either as a string or with `sql`. */
export function expressionText(value: string | SqlExpression): string {
  return typeof value === 'string' ? value : value.sql;
}
