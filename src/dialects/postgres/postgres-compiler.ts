import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { UserError } from '../../util/errors.js';

/**
 * A Kysely that compiles PostgreSQL and never connects: `DummyDriver` answers every query with
 * no rows. It serves offline SQL (`--sql`), unit tests, and the DDL compiler behind
 * `executeOp`.
 */
export function createPostgresCompiler(): Kysely<any> {
  return new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/**
 * The SQL text of a builder or `sql` fragment. Every value must already be inlined: a
 * leftover parameter would print as `$1` in offline SQL, so it is a bug, not a user error.
 */
export function compileToText(compiled: CompiledQuery): string {
  if (compiled.parameters.length > 0) {
    throw new Error(`internal: statement compiled with parameters: ${compiled.sql}`);
  }
  return compiled.sql;
}

/**
 * Kysely parses `schema.table` strings and trims the parts, so a name holding a dot or
 * surrounding spaces would silently address another object. We refuse such names instead.
 */
export function plainName(name: string, what: string): string {
  if (name === '' || name.includes('.') || name.trim() !== name) {
    throw new UserError(`Unsupported PostgreSQL ${what} name ${JSON.stringify(name)}`, {
      hint: `${what} names must be non-empty, without a dot and without leading or trailing spaces`,
    });
  }
  return name;
}

/** `"schema"."table"` (or `"table"`) in the `schema.table` form Kysely's builders parse. */
export function tableRef(table: string, schema?: string | null): string {
  return schema ? `${plainName(schema, 'schema')}.${plainName(table, 'table')}` : plainName(table, 'table');
}
