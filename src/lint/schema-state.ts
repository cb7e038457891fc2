import type { Op } from '../ops/ops.js';
import type { Column, ForeignKey, Schema, Table } from '../schema/schema.js';

/** A foreign key and the table that holds it. */
export interface ForeignKeyRef {
  readonly table: Table;
  readonly foreignKey: ForeignKey;
}

const keyOf = (name: string, schema?: string | null) => `${schema ?? ''}\u0000${name}`;

/**
 * What lint knows of the schema before an op: the live schema (autogenerate), or the tables the
 * earlier revisions' recorded ops built. Knowledge is partial: a table created by `op.execute`
 * or before the first revision is unknown, and rules then assume it exists and say less.
 * Immutable from the outside: `apply` returns a new state.
 */
export class SchemaState {
  private constructor(private readonly tables: ReadonlyMap<string, Table>) {}

  static empty(): SchemaState {
    return new SchemaState(new Map());
  }

  static fromSchema(schema: Schema): SchemaState {
    return new SchemaState(new Map(schema.tables.map((t) => [keyOf(t.name, t.schema), t])));
  }

  /** The states of several parents as one (a merge revision): later ones win on conflicts. */
  static merge(states: readonly SchemaState[]): SchemaState {
    if (states.length === 1) return states[0]!;
    const tables = new Map<string, Table>();
    for (const state of states) for (const [key, table] of state.tables) tables.set(key, table);
    return new SchemaState(tables);
  }

  /** The table as known, or undefined. An op without a schema also finds a table of the default schema by name. */
  table(name: string, schema?: string | null): Table | undefined {
    const exact = this.tables.get(keyOf(name, schema));
    if (exact || schema) return exact;
    const byName = [...this.tables.values()].filter((t) => t.name === name);
    return byName.length === 1 ? byName[0] : undefined;
  }

  column(table: string, schema: string | null | undefined, column: string): Column | undefined {
    return this.table(table, schema)?.columns.find((c) => c.name === column);
  }

  /** Foreign keys (of any table, this one included) that reference `table`. */
  referencing(table: string, schema?: string | null): ForeignKeyRef[] {
    const target = this.table(table, schema);
    const targetSchema = target?.schema ?? schema ?? null;
    const out: ForeignKeyRef[] = [];
    for (const t of this.tables.values()) {
      for (const fk of t.foreignKeys) {
        if (fk.refTable !== table) continue;
        const refSchema = fk.refSchema ?? t.schema ?? null;
        if (refSchema !== null && targetSchema !== null && refSchema !== targetSchema) continue;
        out.push({ table: t, foreignKey: fk });
      }
    }
    return out;
  }

  /** The table holding an index of this name (`table` narrows the search when the op names it). */
  findIndex(name: string, table?: string | null, schema?: string | null) {
    const candidates = table ? [this.table(table, schema)].filter((t): t is Table => !!t) : [...this.tables.values()];
    for (const t of candidates) {
      const index = t.indexes.find((i) => i.name === name);
      if (index) return { table: t, index };
    }
    return undefined;
  }

  /** The state after `op`. Ops whose effect is unknown (`execute`) change nothing. */
  apply(op: Op): SchemaState {
    const next = new Map(this.tables);
    const put = (table: Table) => {
      // keep the key the table was found under (an op without schema on a default-schema table)
      const found = [...next.entries()].find(([, t]) => t.name === table.name && (t.schema ?? null) === (table.schema ?? null));
      next.set(found ? found[0] : keyOf(table.name, table.schema), table);
    };
    const update = (name: string, schema: string | null | undefined, change: (t: Table) => Table) => {
      const table = this.table(name, schema);
      if (table) put(change(table));
    };
    switch (op.kind) {
      case 'createTable':
        next.set(keyOf(op.table.name, op.table.schema), op.table);
        break;
      case 'dropTable': {
        const table = this.table(op.table, op.schema);
        if (table) next.delete(keyOf(table.name, table.schema));
        break;
      }
      case 'renameTable': {
        const table = this.table(op.table, op.schema);
        if (!table) break;
        next.delete(keyOf(table.name, table.schema));
        next.set(keyOf(op.newName, table.schema), { ...table, name: op.newName });
        // foreign keys follow a renamed table on both databases
        for (const [key, t] of next) {
          if (t.foreignKeys.some((fk) => fk.refTable === op.table)) {
            next.set(key, { ...t, foreignKeys: t.foreignKeys.map((fk) => (fk.refTable === op.table ? { ...fk, refTable: op.newName } : fk)) });
          }
        }
        break;
      }
      case 'addColumn':
        update(op.table, op.schema, (t) => ({ ...t, columns: [...t.columns, op.column] }));
        break;
      case 'dropColumn':
        update(op.table, op.schema, (t) => withoutColumn(t, op.column));
        break;
      case 'alterColumn': {
        update(op.table, op.schema, (t) => ({
          ...t,
          columns: t.columns.map((c) =>
            c.name !== op.column
              ? c
              : {
                  ...c,
                  ...(op.type !== undefined && { type: op.type }),
                  ...(op.nullable !== undefined && { nullable: op.nullable }),
                  ...(op.default !== undefined && { default: op.default }),
                },
          ),
        }));
        if (op.newName !== undefined && op.newName !== op.column) return new SchemaState(next).renameColumn(op.table, op.schema, op.column, op.newName);
        break;
      }
      case 'createIndex':
        update(op.table, op.schema, (t) => ({ ...t, indexes: [...t.indexes.filter((i) => i.name !== op.index.name), op.index] }));
        break;
      case 'dropIndex': {
        const found = this.findIndex(op.name, op.table, op.schema);
        if (found) put({ ...found.table, indexes: found.table.indexes.filter((i) => i.name !== op.name) });
        break;
      }
      case 'createUniqueConstraint':
        update(op.table, op.schema, (t) => ({ ...t, uniques: [...t.uniques, op.constraint] }));
        break;
      case 'createForeignKey':
        update(op.table, op.schema, (t) => ({ ...t, foreignKeys: [...t.foreignKeys, op.foreignKey] }));
        break;
      case 'createCheckConstraint':
        update(op.table, op.schema, (t) => ({ ...t, checks: [...t.checks, op.check] }));
        break;
      case 'createPrimaryKey':
        update(op.table, op.schema, (t) => ({ ...t, primaryKey: op.primaryKey }));
        break;
      case 'dropConstraint':
        update(op.table, op.schema, (t) => ({
          ...t,
          primaryKey: t.primaryKey?.name === op.name ? null : (t.primaryKey ?? null),
          uniques: t.uniques.filter((u) => u.name !== op.name),
          foreignKeys: t.foreignKeys.filter((fk) => fk.name !== op.name),
          checks: t.checks.filter((c) => c.name !== op.name),
          // a PostgreSQL unique constraint owns an index of its name
          indexes: t.indexes.filter((i) => i.name !== op.name),
        }));
        break;
      case 'renameConstraint': {
        const to = <T extends { readonly name?: string | null }>(x: T): T => (x.name === op.name ? { ...x, name: op.newName } : x);
        update(op.table, op.schema, (t) =>
          op.type === 'index'
            ? { ...t, indexes: t.indexes.map(to) }
            : { ...t, primaryKey: t.primaryKey ? to(t.primaryKey) : (t.primaryKey ?? null), uniques: t.uniques.map(to), foreignKeys: t.foreignKeys.map(to), checks: t.checks.map(to) },
        );
        break;
      }
      default:
        // setTableComment, execute, bulkInsert (and op kinds lint does not model) change nothing it tracks
        return this;
    }
    return new SchemaState(next);
  }

  /** A column renamed: its table's keys and indexes, and the foreign keys pointing at it, follow. */
  private renameColumn(table: string, schema: string | null | undefined, from: string, to: string): SchemaState {
    const target = this.table(table, schema);
    if (!target) return this;
    const rename = (cols: readonly string[]) => cols.map((c) => (c === from ? to : c));
    const next = new Map(this.tables);
    for (const [key, t] of next) {
      const own = t === target;
      next.set(key, {
        ...t,
        ...(own && {
          columns: t.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
          primaryKey: t.primaryKey ? { ...t.primaryKey, columns: rename(t.primaryKey.columns) } : (t.primaryKey ?? null),
          uniques: t.uniques.map((u) => ({ ...u, columns: rename(u.columns) })),
          indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map((e) => (e === from ? to : e)) })),
        }),
        foreignKeys: t.foreignKeys.map((fk) => ({
          ...fk,
          ...(own && { columns: rename(fk.columns) }),
          ...(fk.refTable === target.name && { refColumns: rename(fk.refColumns) }),
        })),
      });
    }
    return new SchemaState(next);
  }
}

/** A table without a column, and without the keys, indexes and foreign keys that used it. */
function withoutColumn(t: Table, column: string): Table {
  const uses = (cols: readonly unknown[]) => cols.includes(column);
  return {
    ...t,
    columns: t.columns.filter((c) => c.name !== column),
    primaryKey: t.primaryKey && uses(t.primaryKey.columns) ? null : (t.primaryKey ?? null),
    uniques: t.uniques.filter((u) => !uses(u.columns)),
    foreignKeys: t.foreignKeys.filter((fk) => !uses(fk.columns)),
    indexes: t.indexes.filter((i) => !uses(i.columns)),
  };
}
