import {
  OperationNodeTransformer,
  sql,
  type CheckConstraintNode,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type ForeignKeyConstraintNode,
  type Kysely,
  type KyselyPlugin,
  type OnModifyForeignAction,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimaryKeyConstraintNode,
  type QueryResult,
  type RootOperationNode,
  type UniqueConstraintNode,
  type UnknownRow,
} from 'kysely';
import type { Column, ForeignKeyAction, Index, Table } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { sqliteTypeSql } from './sqlite-column-type.js';
import { quoteSqliteString, sqliteDefaultSql } from './sqlite-literal.js';

/** Table options the schema IR does not model, kept by a rebuild. */
export interface SqliteTableOptions {
  /** Create under this name instead of `table.name` (a rebuild's temporary table). */
  readonly name?: string;
  readonly withoutRowid?: boolean;
  readonly strict?: boolean;
}

/**
 * Kysely's builder always names table constraints, while the IR (and SQLite) allow unnamed
 * ones. Unnamed constraints get this placeholder name, and the plugin below removes it again
 * from the operation tree before compiling (kysely's compiler omits `constraint "x"` when a
 * node has no name).
 */
const UNNAMED = '\u0000orm_unnamed';

class StripUnnamed extends OperationNodeTransformer {
  private strip<T extends { readonly name?: { readonly name: string } }>(node: T): T {
    return node.name?.name === UNNAMED ? { ...node, name: undefined } : node;
  }
  protected override transformPrimaryKeyConstraint(node: PrimaryKeyConstraintNode): PrimaryKeyConstraintNode {
    return this.strip(super.transformPrimaryKeyConstraint(node));
  }
  protected override transformUniqueConstraint(node: UniqueConstraintNode): UniqueConstraintNode {
    return this.strip(super.transformUniqueConstraint(node));
  }
  protected override transformForeignKeyConstraint(node: ForeignKeyConstraintNode): ForeignKeyConstraintNode {
    return this.strip(super.transformForeignKeyConstraint(node));
  }
  protected override transformCheckConstraint(node: CheckConstraintNode): CheckConstraintNode {
    return this.strip(super.transformCheckConstraint(node));
  }
}

const stripUnnamedPlugin: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => new StripUnnamed().transformNode(args.node),
  transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
};

const toAction = (action: ForeignKeyAction) => action.toLowerCase() as OnModifyForeignAction;

/** The single column SQLite must declare inline as `INTEGER PRIMARY KEY AUTOINCREMENT`, if any. */
function autoincrementColumn(table: Table): Column | null {
  const auto = table.columns.filter((c) => c.autoincrement);
  if (auto.length === 0) return null;
  const pk = table.primaryKey?.columns ?? [];
  const col = auto[0]!;
  if (auto.length > 1 || pk.length !== 1 || pk[0] !== col.name || !['integer', 'bigint', 'smallint'].includes(col.type.kind)) {
    throw new UserError(`Table ${table.name}: SQLite can only autoincrement a single INTEGER PRIMARY KEY column`, {
      hint: `make ${auto.map((c) => c.name).join(', ')} the table's only primary-key column, or drop autoincrement`,
    });
  }
  return col;
}

/** Adds one column definition (type, default, NOT NULL, an enum's CHECK) to a column builder. */
export function buildSqliteColumn(col: ColumnDefinitionBuilder, column: Column): ColumnDefinitionBuilder {
  let c = col;
  if (column.default) c = c.defaultTo(sql.raw(sqliteDefaultSql(column.default)));
  if (!column.nullable) c = c.notNull();
  if (column.type.kind === 'enum') c = c.modifyEnd(sql.raw(sqliteEnumCheck(column.name, column.type.name, column.type.values)));
  return c;
}

/**
 * The CHECK that makes a TEXT column an enum: `CONSTRAINT "order_status" CHECK ("status" IN
 * ('pending', 'paid'))`. Named after the enum type, so that SQLite's "CHECK constraint failed:
 * order_status" says which, and so that introspection reads the column back as that enum.
 */
export function sqliteEnumCheck(column: string, enumName: string, values: readonly string[]): string {
  const id = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return `constraint ${id(enumName)} check (${id(column)} in (${values.map(quoteSqliteString).join(', ')}))`;
}

/** `CREATE TABLE` for a table of the IR, compiled by the compile-only Kysely. */
export function sqliteCreateTableSql(compiler: Kysely<any>, table: Table, options: SqliteTableOptions = {}): string {
  const auto = autoincrementColumn(table);
  let builder: CreateTableBuilder<string, string> = compiler.withPlugin(stripUnnamedPlugin).schema.createTable(options.name ?? table.name);
  for (const column of table.columns) {
    if (column === auto) {
      // AUTOINCREMENT is only legal on a column declared exactly INTEGER PRIMARY KEY. A rowid
      // alias is never NULL, so NOT NULL is left out, and the constraint name must come right
      // before PRIMARY KEY (kysely would place NOT NULL and DEFAULT between them).
      const pkName = table.primaryKey?.name;
      builder = builder.addColumn(column.name, sql.raw('INTEGER'), (c) => {
        const b = (pkName ? c.modifyFront(sql`constraint ${sql.id(pkName)}`) : c).primaryKey().autoIncrement();
        return column.default ? b.modifyEnd(sql.raw(`default ${sqliteDefaultSql(column.default)}`)) : b;
      });
    } else {
      builder = builder.addColumn(column.name, sql.raw(sqliteTypeSql(column.type)), (c) => buildSqliteColumn(c, column));
    }
  }
  if (table.primaryKey && !auto) {
    builder = builder.addPrimaryKeyConstraint(table.primaryKey.name ?? UNNAMED, [...table.primaryKey.columns]);
  }
  for (const unique of table.uniques) {
    builder = builder.addUniqueConstraint(unique.name ?? UNNAMED, [...unique.columns]);
  }
  for (const check of table.checks) {
    builder = builder.addCheckConstraint(check.name ?? UNNAMED, sql.raw(check.expression));
  }
  for (const fk of table.foreignKeys) {
    if (fk.refColumns.length === 0) {
      throw new UserError(`Foreign key ${fk.name ?? ''} of table ${table.name} names no referenced columns`.replace('  ', ' '), {
        hint: `give the columns of ${fk.refTable} it references`,
      });
    }
    builder = builder.addForeignKeyConstraint(fk.name ?? UNNAMED, [...fk.columns], fk.refTable, [...fk.refColumns], (b) => {
      let f = b;
      if (fk.onDelete) f = f.onDelete(toAction(fk.onDelete));
      if (fk.onUpdate) f = f.onUpdate(toAction(fk.onUpdate));
      if (fk.deferrable) f = f.deferrable();
      if (fk.deferrable && fk.initiallyDeferred) f = f.initiallyDeferred();
      return f;
    });
  }
  const tail = [options.strict ? 'STRICT' : null, options.withoutRowid ? 'WITHOUT ROWID' : null].filter((x) => x !== null);
  if (tail.length > 0) builder = builder.modifyEnd(sql.raw(tail.join(', ')));
  return compileOnly(builder);
}

/** `CREATE [UNIQUE] INDEX`, with expression elements and a partial predicate written as given. */
export function sqliteCreateIndexSql(compiler: Kysely<any>, table: string, index: Index): string {
  const elements = index.columns.map((e) => (typeof e === 'string' ? sql.id(e) : sql.raw(e.expression)));
  let builder = compiler.schema.createIndex(index.name).on(table).expression(sql.join(elements));
  if (index.unique) builder = builder.unique();
  if (index.where) builder = builder.where(sql.raw<boolean>(index.where));
  return compileOnly(builder);
}

/** The SQL of a builder; every literal is inlined by construction, never a parameter. */
export function compileOnly(builder: { compile(): { sql: string; parameters: readonly unknown[] } }): string {
  const compiled = builder.compile();
  if (compiled.parameters.length > 0) {
    throw new Error(`internal: compiled SQL has parameters where literals were expected: ${compiled.sql}`);
  }
  return compiled.sql;
}
