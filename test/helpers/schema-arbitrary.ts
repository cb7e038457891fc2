/**
 * fast-check arbitraries of schema IR for the round-trip property: random but valid schemas
 * that both SQLite and PostgreSQL can hold, drawn from a small pool of names so that two
 * schemas share tables and columns (and the diff between them alters rather than only
 * creates and drops).
 */
import fc from 'fast-check';
import type { ColumnType } from '../../src/schema/column-type.js';
import type { Column, EnumType, ForeignKeyAction, Schema, ServerDefault, Table } from '../../src/schema/schema.js';

export interface ArbitraryOptions {
  /** PostgreSQL holds comments; SQLite does not. */
  readonly comments: boolean;
}

const TABLES = ['t_a', 't_b', 't_c', 't_d'];
const COLUMNS = ['c_1', 'c_2', 'c_3', 'c_4', 'c_5'];
const ACTIONS: Array<ForeignKeyAction | null> = [null, 'CASCADE', 'SET NULL', 'RESTRICT'];

/** Stands for "the first value of the column's enum" until the schema's enums are drawn. */
const ENUM_DEFAULT: ServerDefault = { kind: 'literal', value: '\u0000enum default' };
/** Labels of the enum types, quotes and case included; each schema draws its own list per enum. */
const LABELS = ['new', 'paid', "it's", 'Shipped', 'a b'];
const labelsArb = fc.shuffledSubarray(LABELS, { minLength: 1, maxLength: 4 });

const types: Array<{ type: ColumnType; literal: fc.Arbitrary<ServerDefault | null> }> = [
  { type: { kind: 'integer' }, literal: fc.integer({ min: -5, max: 100 }).map((v) => ({ kind: 'literal', value: v })) },
  { type: { kind: 'bigint' }, literal: fc.integer({ min: 0, max: 1000 }).map((v) => ({ kind: 'literal', value: v })) },
  { type: { kind: 'smallint' }, literal: fc.constant({ kind: 'literal', value: 1 }) },
  { type: { kind: 'varchar', length: 40 }, literal: fc.constantFrom('abc', "it's", '').map((v) => ({ kind: 'literal', value: v })) },
  { type: { kind: 'text' }, literal: fc.constantFrom('hello', 'x y').map((v) => ({ kind: 'literal', value: v })) },
  { type: { kind: 'boolean' }, literal: fc.boolean().map((v) => ({ kind: 'literal', value: v })) },
  { type: { kind: 'date' }, literal: fc.constant({ kind: 'literal', value: '2024-01-02' }) },
  { type: { kind: 'time' }, literal: fc.constant(null) },
  { type: { kind: 'timestamp', withTimeZone: false }, literal: fc.constant({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' }) },
  { type: { kind: 'timestamp', withTimeZone: true }, literal: fc.constant({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' }) },
  { type: { kind: 'numeric', precision: 10, scale: 2 }, literal: fc.constant({ kind: 'literal', value: '1.50' }) },
  { type: { kind: 'real' }, literal: fc.constant(null) },
  { type: { kind: 'double' }, literal: fc.constant({ kind: 'literal', value: 2.5 }) },
  { type: { kind: 'json' }, literal: fc.constant(null) },
  { type: { kind: 'uuid' }, literal: fc.constant(null) },
  { type: { kind: 'blob' }, literal: fc.constant(null) },
  // Enum columns: the values (and the default, the first of them) are the schema's, filled in by schemaArb.
  { type: { kind: 'enum', name: 'e_1', values: [] }, literal: fc.constant(ENUM_DEFAULT) },
  { type: { kind: 'enum', name: 'e_2', values: [] }, literal: fc.constant(ENUM_DEFAULT) },
];

function columnArb(name: string, options: ArbitraryOptions): fc.Arbitrary<Column> {
  return fc
    .record({
      t: fc.nat({ max: types.length - 1 }),
      nullable: fc.boolean(),
      withDefault: fc.boolean(),
      comment: options.comments ? fc.option(fc.constantFrom('a column', "the user's name"), { nil: null }) : fc.constant(null),
    })
    .chain(({ t, nullable, withDefault, comment }) =>
      (withDefault ? types[t]!.literal : fc.constant(null)).map(
        (def): Column => ({ name, type: types[t]!.type, nullable, default: def, autoincrement: false, comment }),
      ),
    );
}

interface TableShape {
  readonly name: string;
  readonly columns: Column[];
  readonly uniqueOn: string | null;
  readonly checkOn: string | null;
  readonly indexOn: string | null;
  readonly partialIndex: boolean;
  readonly fk: { readonly to: string; readonly onDelete: ForeignKeyAction | null } | null;
  readonly comment: string | null;
  readonly autoincrement: boolean;
}

function tableArb(name: string, options: ArbitraryOptions): fc.Arbitrary<TableShape> {
  return fc
    .record({
      columnNames: fc.subarray(COLUMNS, { minLength: 1, maxLength: 4 }),
      pick: fc.nat(),
      uniqueOn: fc.boolean(),
      checkOn: fc.boolean(),
      indexOn: fc.boolean(),
      partialIndex: fc.boolean(),
      fkTo: fc.option(fc.constantFrom(...TABLES), { nil: null }),
      onDelete: fc.constantFrom(...ACTIONS),
      comment: options.comments ? fc.option(fc.constant('a table'), { nil: null }) : fc.constant(null),
      autoincrement: fc.boolean(),
    })
    .chain((s) =>
      fc.tuple(...s.columnNames.map((c) => columnArb(c, options))).map((columns): TableShape => {
        const pick = (offset: number) => columns[(s.pick + offset) % columns.length]!.name;
        return {
          name,
          columns,
          uniqueOn: s.uniqueOn ? pick(0) : null,
          checkOn: s.checkOn ? (columns.find((c) => c.type.kind === 'integer')?.name ?? null) : null,
          indexOn: s.indexOn ? pick(1) : null,
          partialIndex: s.partialIndex,
          fk: s.fkTo && s.fkTo !== name ? { to: s.fkTo, onDelete: s.onDelete } : null,
          comment: s.comment,
          autoincrement: s.autoincrement,
        };
      }),
    );
}

/** Builds IR from a shape; foreign keys only to tables the schema has. */
function toTable(shape: TableShape, present: ReadonlySet<string>): Table {
  const id: Column = { name: 'id', type: { kind: 'integer' }, nullable: false, default: null, autoincrement: shape.autoincrement, comment: null };
  const fkColumn: Column | null =
    shape.fk && present.has(shape.fk.to)
      ? { name: `${shape.fk.to}_id`, type: { kind: 'integer' }, nullable: true, default: null, autoincrement: false, comment: null }
      : null;
  const columns = [id, ...shape.columns, ...(fkColumn ? [fkColumn] : [])];
  const blobLike = (col: string | null) => (col ? ['json', 'blob'].includes(columns.find((c) => c.name === col)!.type.kind) : true);
  return {
    name: shape.name,
    schema: null,
    columns,
    primaryKey: { name: `pk_${shape.name}`, columns: ['id'] },
    foreignKeys: fkColumn
      ? [{ name: `fk_${shape.name}_${fkColumn.name}`, columns: [fkColumn.name], refTable: shape.fk!.to, refSchema: null, refColumns: ['id'], onDelete: shape.fk!.onDelete, onUpdate: null, deferrable: false, initiallyDeferred: false }]
      : [],
    uniques: shape.uniqueOn && !blobLike(shape.uniqueOn) ? [{ name: `uq_${shape.name}_${shape.uniqueOn}`, columns: [shape.uniqueOn] }] : [],
    checks: shape.checkOn ? [{ name: `ck_${shape.name}_${shape.checkOn}`, expression: `${shape.checkOn} > -10` }] : [],
    indexes:
      shape.indexOn && !blobLike(shape.indexOn)
        ? [{ name: `ix_${shape.name}_${shape.indexOn}`, columns: [shape.indexOn], unique: false, where: shape.partialIndex ? `${shape.indexOn} IS NOT NULL` : null, method: null }]
        : [],
    comment: shape.comment,
  };
}

/** Gives the enum columns of a table their schema's values (and their default the first one). */
function withEnums(table: Table, labels: Readonly<Record<string, readonly string[]>>): Table {
  const columns = table.columns.map((c): Column => {
    if (c.type.kind !== 'enum') return c;
    const values = labels[c.type.name]!;
    return { ...c, type: { ...c.type, values: [...values] }, default: c.default === ENUM_DEFAULT ? { kind: 'literal', value: values[0]! } : c.default };
  });
  return { ...table, columns };
}

/** A random schema of 0 to 4 tables, and the enum types its columns use (plus, maybe, one no column uses). */
export function schemaArb(options: ArbitraryOptions): fc.Arbitrary<Schema> {
  return fc
    .tuple(
      fc.subarray(TABLES, { minLength: 0, maxLength: TABLES.length }).chain((names) => fc.tuple(...names.map((n) => tableArb(n, options)))),
      fc.record({ e_1: labelsArb, e_2: labelsArb }),
      fc.option(labelsArb, { nil: null }),
    )
    .map(([shapes, labels, unused]) => {
      const present = new Set(shapes.map((s) => s.name));
      const tables = shapes.map((s) => withEnums(toTable(s, present), labels)).sort((a, b) => a.name.localeCompare(b.name));
      const used = new Set(tables.flatMap((t) => t.columns.flatMap((c) => (c.type.kind === 'enum' ? [c.type.name] : []))));
      const enums: EnumType[] = [...used].sort().map((name) => ({ name, values: [...labels[name as 'e_1' | 'e_2']] }));
      if (unused !== null) enums.push({ name: 'e_3', values: unused });
      return enums.length > 0 ? { tables, enums } : { tables };
    });
}
