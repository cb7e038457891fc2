import { sql, type Kysely } from 'kysely';
import type { BulkInsertOp, Op, OpKind, OpOfKind } from '../../ops/ops.js';
import { UserError } from '../../util/errors.js';
import { compileAlterColumn } from './compile-alter-column.js';
import {
  applyColumn,
  applyForeignKeyOptions,
  commentOnColumn,
  commentOnTable,
  compileCreateIndex,
  compileCreateTable,
} from './compile-create-table.js';
import {
  compileAddEnumValue,
  compileCreateEnum,
  compileDropEnum,
  compileRenameEnumValue,
  compileReplaceEnumValues,
} from './compile-enum-ops.js';
import { compileToText, plainName, tableRef } from './postgres-compiler.js';
import { postgresLiteral } from './postgres-literal.js';
import { postgresTypeSql } from './postgres-types.js';

type OpCompiler<K extends OpKind> = (op: OpOfKind<K>, db: Kysely<any>) => string[];

/**
 * One compiler per op kind. The map is exhaustive on purpose: a new op kind does not compile
 * until PostgreSQL knows how to write it.
 */
const COMPILERS: { readonly [K in OpKind]: OpCompiler<K> } = {
  createTable: compileCreateTable,
  dropTable: (op, db) => [compileToText(db.schema.dropTable(tableRef(op.table, op.schema)).compile())],
  renameTable: (op, db) => [
    compileToText(db.schema.alterTable(tableRef(op.table, op.schema)).renameTo(plainName(op.newName, 'table')).compile()),
  ],
  addColumn: (op, db) => {
    const c = op.column;
    const add = db.schema
      .alterTable(tableRef(op.table, op.schema))
      .addColumn(c.name, sql.raw(postgresTypeSql(c.type)), (b) => applyColumn(b, c, `${op.table}.${c.name}`));
    const statements = [compileToText(add.compile())];
    if (c.comment != null) statements.push(commentOnColumn(db, op.table, op.schema, c.name, c.comment));
    return statements;
  },
  dropColumn: (op, db) => [compileToText(db.schema.alterTable(tableRef(op.table, op.schema)).dropColumn(op.column).compile())],
  alterColumn: compileAlterColumn,
  setTableComment: (op, db) => [commentOnTable(db, op.table, op.schema, op.comment)],
  createIndex: (op, db) => [compileCreateIndex(db, op.table, op.schema, op.index)],
  // An index lives in its table's schema; PostgreSQL needs no table name to drop it.
  dropIndex: (op, db) => [
    compileToText((op.schema ? db.schema.withSchema(op.schema) : db.schema).dropIndex(op.name).compile()),
  ],
  createUniqueConstraint: (op, db) => [
    compileToText(
      db.schema
        .alterTable(tableRef(op.table, op.schema))
        .addUniqueConstraint(op.constraint.name, [...op.constraint.columns])
        .compile(),
    ),
  ],
  createForeignKey: (op, db) => {
    const fk = op.foreignKey;
    const add = db.schema
      .alterTable(tableRef(op.table, op.schema))
      .addForeignKeyConstraint(fk.name, [...fk.columns], tableRef(fk.refTable, fk.refSchema), [...fk.refColumns]);
    return [compileToText(applyForeignKeyOptions(add, fk).compile())];
  },
  createCheckConstraint: (op, db) => [
    compileToText(
      db.schema
        .alterTable(tableRef(op.table, op.schema))
        .addCheckConstraint(op.check.name, sql.raw(op.check.expression))
        .compile(),
    ),
  ],
  // Catalog only; a key's or unique constraint's index is renamed with it.
  renameConstraint: (op, db) => [
    compileToText(
      (op.type === 'index'
        ? sql`alter index ${op.schema ? sql.id(op.schema, op.name) : sql.id(op.name)} rename to ${sql.id(op.newName)}`
        : sql`alter table ${op.schema ? sql.id(op.schema, op.table) : sql.id(op.table)} rename constraint ${sql.id(op.name)} to ${sql.id(op.newName)}`
      ).compile(db),
    ),
  ],
  createPrimaryKey: (op, db) => [
    compileToText(
      db.schema
        .alterTable(tableRef(op.table, op.schema))
        .addPrimaryKeyConstraint(op.primaryKey.name, [...op.primaryKey.columns])
        .compile(),
    ),
  ],
  dropConstraint: (op, db) => [
    compileToText(db.schema.alterTable(tableRef(op.table, op.schema)).dropConstraint(op.name).compile()),
  ],
  createEnum: compileCreateEnum,
  dropEnum: compileDropEnum,
  addEnumValue: compileAddEnumValue,
  renameEnumValue: compileRenameEnumValue,
  replaceEnumValues: compileReplaceEnumValues,
  execute: (op) => [op.sql],
  bulkInsert: (op, db) => {
    const statement = compileBulkInsert(op, db);
    return statement === null ? [] : [statement];
  },
};

/** The SQL of one op, every value inlined, compiled with a Kysely from `createPostgresCompiler`. */
export function compilePostgresOp(op: Op, db: Kysely<any>): string[] {
  return (COMPILERS[op.kind] as OpCompiler<OpKind>)(op, db);
}

/**
 * The columns of a bulk insert: every key of every row, in the order first seen. A row that
 * lacks a key gets the column's DEFAULT, as it would from a per-row INSERT.
 */
export function bulkInsertColumns(op: BulkInsertOp): string[] {
  const columns = new Set<string>();
  for (const row of op.rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/** One INSERT ... VALUES for all rows, values inlined; null when there is no row. */
function compileBulkInsert(op: BulkInsertOp, db: Kysely<any>): string | null {
  if (op.rows.length === 0) return null;
  const columns = bulkInsertColumns(op);
  if (columns.length === 0) {
    throw new UserError(`bulkInsert into ${op.table}: the rows have no columns`);
  }
  const target = op.schema ? sql.id(plainName(op.schema, 'schema'), op.table) : sql.id(op.table);
  const rows = op.rows.map(
    (row) =>
      sql`(${sql.join(columns.map((c) => (row[c] === undefined ? sql`default` : sql.raw(postgresLiteral(row[c])))))})`,
  );
  const statement = sql`insert into ${target} (${sql.join(columns.map((c) => sql.id(c)))}) values ${sql.join(rows)}`;
  return compileToText(statement.compile(db));
}
