import type { ColumnType } from '../../schema/column-type.js';
import type { ServerDefault } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { isNumericType } from './postgres-types.js';

/**
 * SQL literals written for PostgreSQL (offline `--sql` output, defaults) and defaults read
 * back from `pg_get_expr`. Strings are written with doubled quotes only: PostgreSQL has had
 * `standard_conforming_strings` on by default since 9.1, so a backslash is an ordinary
 * character and must not be escaped.
 */

/** A JavaScript value as a PostgreSQL literal, to be inlined in a statement. */
export function postgresLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    // NaN and the infinities have no bare spelling; PostgreSQL reads them from strings.
    if (Number.isNaN(value)) return "'NaN'";
    if (!Number.isFinite(value)) return value > 0 ? "'Infinity'" : "'-Infinity'";
    return String(value);
  }
  if (value instanceof Uint8Array) return `'\\x${Buffer.from(value).toString('hex')}'::bytea`;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new UserError('Cannot write an invalid Date as SQL');
    // Untyped on purpose: the column's type (date, timestamp, timestamptz) decides how it is read.
    return quote(value.toISOString());
  }
  if (typeof value === 'object') return quote(JSON.stringify(value));
  throw new UserError(`Cannot write a ${typeof value} value as SQL`, {
    hint: 'use strings, numbers, booleans, null, Buffer, Date, or plain objects and arrays (written as JSON)',
  });
}

/**
 * A value as it is sent as a query parameter. node-postgres sends arrays as PostgreSQL arrays
 * and Dates in the local time zone; we send JSON text and ISO strings instead, so that
 * executing a bulk insert stores exactly what its offline SQL would.
 */
export function postgresParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

/** A server default as it appears after `DEFAULT`. */
export function postgresDefaultSql(def: ServerDefault): string {
  return def.kind === 'sql' ? def.sql : postgresLiteral(def.value);
}

const QUOTED_CONSTANT = /^'((?:[^']|'')*)'::[a-z_][\w ."[\](),]*$/i;
const BARE_NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const NULL_CONSTANT = /^NULL(?:::[\w ."[\](),]+)?$/i;

/**
 * A default as `pg_get_expr` prints it, back into the IR: a plain constant (`'abc'::text`,
 * `42`, `'-1'::integer`, `true`) becomes a literal without its cast; anything else (`now()`,
 * `CURRENT_TIMESTAMP`, `(1 + 2)`) stays SQL text. `NULL` means no default.
 */
export function readPostgresDefault(expr: string, type: ColumnType): ServerDefault | null {
  const text = expr.trim();
  if (NULL_CONSTANT.test(text)) return null;
  if (text === 'true' || text === 'false') return { kind: 'literal', value: text === 'true' };
  const quoted = QUOTED_CONSTANT.exec(text);
  if (quoted) {
    const value = quoted[1]!.replace(/''/g, "'");
    // Numeric columns print negative and int8 constants quoted ('-1'::integer).
    return { kind: 'literal', value: isNumericType(type) ? numberIfExact(value) : value };
  }
  if (BARE_NUMBER.test(text)) return { kind: 'literal', value: numberIfExact(text) };
  return { kind: 'sql', sql: text };
}

/** `'42'` -> 42, but `'1.50'` and int8 values past 2^53 stay text so no digit is lost. */
function numberIfExact(text: string): string | number {
  if (!BARE_NUMBER.test(text)) return text;
  const n = Number(text);
  return String(n) === text ? n : text;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
