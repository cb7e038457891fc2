import {
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type OnModifyForeignAction,
  type SqlBool,
} from 'kysely';
import type { CreateTableOp } from '../../ops/ops.js';
import type { Column, ForeignKey, Index, ForeignKeyAction } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { postgresLoneIdentifier } from './canonical-postgres-sql.js';
import { splitPostgresIndexElement } from './postgres-index-element.js';
import { compileToText, tableRef } from './postgres-compiler.js';
import { postgresDefaultSql, postgresLiteral } from './postgres-literal.js';
import { isIdentityType, postgresTypeSql } from './postgres-types.js';

/**
 * `CREATE TABLE` and the pieces other ops share with it: column definitions, foreign-key
 * clauses, `CREATE INDEX`, `COMMENT ON`.
 */

/** CREATE TABLE, then its indexes, then its comments (which need the table to exist). */
export function compileCreateTable(op: CreateTableOp, db: Kysely<any>): string[] {
  const t = op.table;
  const ref = tableRef(t.name, t.schema);
  // Typed with `string` columns: the builder's column-name tracking cannot follow a loop.
  let builder: CreateTableBuilder<string, string> = db.schema.createTable(ref);
  for (const column of t.columns) {
    builder = builder.addColumn(column.name, sql.raw(postgresTypeSql(column.type)), (c) =>
      applyColumn(c, column, `${t.name}.${column.name}`),
    );
  }
  // Kysely writes `constraint "name"` only for a non-empty name; '' leaves naming to PostgreSQL.
  if (t.primaryKey) builder = builder.addPrimaryKeyConstraint(t.primaryKey.name ?? '', [...t.primaryKey.columns]);
  for (const u of t.uniques) builder = builder.addUniqueConstraint(u.name ?? '', [...u.columns]);
  for (const c of t.checks) builder = builder.addCheckConstraint(c.name ?? '', sql.raw(c.expression));
  for (const fk of t.foreignKeys) {
    builder = builder.addForeignKeyConstraint(
      fk.name ?? '',
      [...fk.columns],
      tableRef(fk.refTable, fk.refSchema),
      [...fk.refColumns],
      (b) => applyForeignKeyOptions(b, fk),
    );
  }
  const statements = [compileToText(builder.compile())];
  for (const index of t.indexes) statements.push(compileCreateIndex(db, t.name, t.schema, index));
  if (t.comment != null) statements.push(commentOnTable(db, t.name, t.schema, t.comment));
  for (const column of t.columns) {
    if (column.comment != null) statements.push(commentOnColumn(db, t.name, t.schema, column.name, column.comment));
  }
  return statements;
}

/** Type modifiers of one column: identity, default, NOT NULL. */
export function applyColumn(c: ColumnDefinitionBuilder, column: Column, where: string): ColumnDefinitionBuilder {
  let out = c;
  if (column.autoincrement) {
    if (!isIdentityType(column.type)) {
      throw new UserError(`Column ${where} is autoincrement but its type is not integer, bigint or smallint`, {
        hint: 'PostgreSQL identity columns must be integer, bigint or smallint',
      });
    }
    if (column.default != null) {
      throw new UserError(`Column ${where} is autoincrement and has a default`, {
        hint: 'an identity column takes its values from its sequence: remove the default',
      });
    }
    // BY DEFAULT rather than ALWAYS: explicit ids (data copies, fixtures) keep working.
    out = out.generatedByDefaultAsIdentity();
  }
  if (column.default != null) out = out.defaultTo(sql.raw(postgresDefaultSql(column.default)));
  if (!column.nullable) out = out.notNull();
  return out;
}

/** The part of a foreign-key builder both CREATE TABLE and ALTER TABLE share. */
interface ForeignKeyOptionsBuilder<B> {
  onDelete(action: OnModifyForeignAction): B;
  onUpdate(action: OnModifyForeignAction): B;
  deferrable(): B;
  initiallyDeferred(): B;
}

/** ON DELETE / ON UPDATE / DEFERRABLE [INITIALLY DEFERRED]. */
export function applyForeignKeyOptions<B extends ForeignKeyOptionsBuilder<B>>(builder: B, fk: ForeignKey): B {
  let out = builder;
  if (fk.onDelete) out = out.onDelete(foreignKeyAction(fk.onDelete));
  if (fk.onUpdate) out = out.onUpdate(foreignKeyAction(fk.onUpdate));
  // PostgreSQL rejects INITIALLY DEFERRED without DEFERRABLE; asking for one implies the other.
  if (fk.deferrable || fk.initiallyDeferred) out = out.deferrable();
  if (fk.initiallyDeferred) out = out.initiallyDeferred();
  return out;
}

function foreignKeyAction(action: ForeignKeyAction): OnModifyForeignAction {
  return action.toLowerCase() as OnModifyForeignAction;
}

/** CREATE [UNIQUE] INDEX ... [USING method] (elements) [WHERE predicate]. */
export function compileCreateIndex(db: Kysely<any>, table: string, schema: string | null | undefined, index: Index): string {
  if (index.columns.length === 0) throw new UserError(`Index ${index.name} has no columns`);
  // One expression for all elements: Kysely's `columns()` would parse 'a desc' as an ordering.
  // Expressions must be wrapped in their own parentheses to be valid in an index; what follows
  // them (`DESC`, `NULLS FIRST`, an operator class, `COLLATE`) must stay outside.
  const elements = sql.join(
    index.columns.map((e) => {
      if (typeof e === 'string') return sql.id(e);
      const { core, suffix } = splitPostgresIndexElement(e.expression);
      const lone = postgresLoneIdentifier(core) !== null;
      return sql.raw(`${lone ? core : `(${core})`}${suffix ? ` ${suffix}` : ''}`);
    }),
  );
  let builder = db.schema.createIndex(index.name).on(tableRef(table, schema)).expression(elements);
  if (index.unique) builder = builder.unique();
  if (index.method) {
    if (!/^[a-z_][a-z0-9_]*$/i.test(index.method)) {
      throw new UserError(`Invalid index method ${JSON.stringify(index.method)} for index ${index.name}`, {
        hint: 'use a PostgreSQL access method name such as btree, hash, gin, gist, brin',
      });
    }
    builder = builder.using(index.method);
  }
  if (index.where) builder = builder.where(sql.raw<SqlBool>(index.where));
  return compileToText(builder.compile());
}

/** COMMENT ON TABLE ... IS 'text' (or IS NULL to remove it). */
export function commentOnTable(db: Kysely<any>, table: string, schema: string | null | undefined, comment: string | null): string {
  const target = schema ? sql.id(schema, table) : sql.id(table);
  return compileToText(sql`comment on table ${target} is ${sql.raw(postgresLiteral(comment))}`.compile(db));
}

/** COMMENT ON COLUMN ... IS 'text' (or IS NULL to remove it). */
export function commentOnColumn(
  db: Kysely<any>,
  table: string,
  schema: string | null | undefined,
  column: string,
  comment: string | null,
): string {
  const target = schema ? sql.id(schema, table, column) : sql.id(table, column);
  return compileToText(sql`comment on column ${target} is ${sql.raw(postgresLiteral(comment))}`.compile(db));
}
