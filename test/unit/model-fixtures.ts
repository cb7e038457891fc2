/** Schema IR in the canonical form `toSchema` produces, written briefly, for the model tests. */
import type { ColumnType } from '../../src/schema/column-type.js';
import type { Column, ForeignKey, Index, Table } from '../../src/schema/schema.js';

export function col(name: string, type: ColumnType | ColumnType['kind'], extra: Partial<Column> = {}): Column {
  return {
    name,
    type: typeof type === 'string' ? ({ kind: type } as ColumnType) : type,
    nullable: true,
    default: null,
    autoincrement: false,
    comment: null,
    ...extra,
  };
}

export function fk(name: string | null, columns: string[], refTable: string, refColumns: string[], extra: Partial<ForeignKey> = {}): ForeignKey {
  return {
    name,
    columns,
    refTable,
    refSchema: null,
    refColumns,
    onDelete: null,
    onUpdate: null,
    deferrable: false,
    initiallyDeferred: false,
    ...extra,
  };
}

export function ix(name: string, columns: Index['columns'], extra: Partial<Index> = {}): Index {
  return { name, columns, unique: false, where: null, method: null, ...extra };
}

export function tbl(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    name,
    schema: null,
    columns,
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    comment: null,
    ...extra,
  };
}
