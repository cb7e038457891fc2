import { qualifiedName, type EnumType, type Schema, type Table } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import { isMetadata, metadataTables, type Metadata } from './define-metadata.js';
import type { AnyEnumType } from './enum-type.js';
import { toTable } from './to-table.js';

/**
 * The schema IR the models describe: every table (sorted by name, then schema), every
 * constraint and index named by the metadata's naming convention, constraints in declaration
 * order. Deterministic: the same models always give the same IR.
 *
 * Checks the models as a whole: unique table names, foreign keys pointing at tables and
 * columns of the metadata, no two indexes or constraints with one name.
 * @example const schema = toSchema(metadata); // { tables: [{ name: 'posts', ... }, { name: 'users', ... }] }
 */
export function toSchema(metadata: Metadata): Schema {
  if (!isMetadata(metadata)) {
    throw new UserError('toSchema() needs the metadata made by defineMetadata(...)', {
      hint: 'export const metadata = defineMetadata({ tables: { users, posts } })',
    });
  }
  const options = { namingConvention: metadata.namingConvention, defaultSchema: metadata.schema };
  const byKey = new Map<string, { label: string; table: Table }>();
  for (const { label, table } of metadataTables(metadata)) {
    const ir = toTable(table, options);
    const key = tableKey(ir.name, ir.schema);
    const other = byKey.get(key);
    if (other) {
      throw new UserError(
        `Two tables are named ${qualifiedName(ir.name, ir.schema)} (tables ${other.label} and ${label} of the metadata)`,
        { hint: 'rename one, or put them in different schemas' },
      );
    }
    byKey.set(key, { label, table: ir });
  }
  const tables = [...byKey.values()].map((e) => e.table).sort(compareTables);
  for (const table of tables) checkReferences(table, byKey);
  checkNames(tables);
  checkRenamedFrom(tables);
  const enums = collectEnums(metadata, tables);
  return enums.length > 0 ? { tables, enums } : { tables };
}

/**
 * The enum types of the models: those listed in the metadata and those the columns use, once
 * each (by schema and name), sorted by name then schema. One name with two lists of values is
 * an error.
 */
function collectEnums(metadata: Metadata, tables: readonly Table[]): EnumType[] {
  const found = new Map<string, { type: EnumType; where: string }>();
  const add = (type: EnumType, where: string) => {
    const key = tableKey(type.name, type.schema);
    const other = found.get(key);
    if (!other) {
      found.set(key, { type, where });
      return;
    }
    if (other.type.values.join('\u0000') !== type.values.join('\u0000') || other.type.values.length !== type.values.length) {
      throw new UserError(`Enum type ${qualifiedName(type.name, type.schema)} has two different lists of values (${other.where} and ${where})`, {
        hint: 'define it once with enumType(...) and use that for every column',
      });
    }
    if (!other.type.renamedFrom && type.renamedFrom) found.set(key, { type: { ...other.type, renamedFrom: type.renamedFrom }, where: other.where });
  };
  const fromDefinition = (e: AnyEnumType): EnumType => ({
    name: e.name,
    ...((e.schema ?? metadata.schema) !== null && { schema: e.schema ?? metadata.schema }),
    values: [...e.values],
    ...(e.renamedFrom !== null && { renamedFrom: { ...e.renamedFrom } }),
  });
  for (const e of metadata.enums ?? []) add(fromDefinition(e), 'the metadata\'s enums');
  for (const { label, table } of metadataTables(metadata)) {
    for (const [key, ref] of Object.entries(table.columns)) {
      const e = ref.builder.state.enumType;
      if (e) add(fromDefinition(e), `column ${table.name}.${key} of tables.${label}`);
    }
  }
  // Columns given an enum type by hand ({ kind: 'enum', ... } state without a definition).
  for (const t of tables) {
    for (const c of t.columns) {
      if (c.type.kind === 'enum') add({ name: c.type.name, ...(c.type.schema && { schema: c.type.schema }), values: [...c.type.values] }, `column ${t.name}.${c.name}`);
    }
  }
  const order = (e: EnumType) => `${e.name}\u0000${e.schema ?? ''}`;
  return [...found.values()].map((e) => e.type).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

const tableKey = (name: string, schema: string | null | undefined) => `${schema ?? ''}\u0000${name}`;

function compareTables(a: Table, b: Table): number {
  const x = [a.name, a.schema ?? ''];
  const y = [b.name, b.schema ?? ''];
  return x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : x[1]! < y[1]! ? -1 : x[1]! > y[1]! ? 1 : 0;
}

/** Every foreign key points at a table of the metadata and at columns it has. */
function checkReferences(table: Table, byKey: ReadonlyMap<string, { table: Table }>): void {
  for (const fk of table.foreignKeys) {
    const of = qualifiedName(table.name, table.schema);
    const what = `Foreign key ${fk.name ? `${fk.name} ` : ''}of table ${of} (${fk.columns.join(', ')})`;
    const target = byKey.get(tableKey(fk.refTable, fk.refSchema))?.table;
    if (!target) {
      throw new UserError(`${what} references table ${qualifiedName(fk.refTable, fk.refSchema)}, which is not in the metadata`, {
        hint: 'add the table to defineMetadata({ tables }) or fix the reference',
      });
    }
    const names = new Set(target.columns.map((c) => c.name));
    const missing = fk.refColumns.filter((c) => !names.has(c));
    if (missing.length > 0) {
      const of = qualifiedName(target.name, target.schema);
      throw new UserError(`${what} references column ${missing.join(', ')} of table ${of}, which it does not have`, {
        hint: `its columns: ${target.columns.map((c) => c.name).join(', ')}`,
      });
    }
  }
}

/**
 * `renamedFrom` hints that cannot be renames: an old name the models still use (a table of the
 * same schema, a column of the same table), or one old name claimed twice.
 */
function checkRenamedFrom(tables: readonly Table[]): void {
  const claimed = new Map<string, string>();
  const claim = (key: string, owner: string, old: string) => {
    const other = claimed.get(key);
    if (other !== undefined) throw new UserError(`${owner} and ${other} are both renamedFrom ${old}`, { hint: 'one object can only be renamed once' });
    claimed.set(key, owner);
  };
  for (const t of tables) {
    const name = qualifiedName(t.name, t.schema);
    if (t.renamedFrom !== undefined && t.renamedFrom !== t.name) {
      if (tables.some((o) => o.name === t.renamedFrom && (o.schema ?? null) === (t.schema ?? null))) {
        throw new UserError(`Table ${name} is renamedFrom ${t.renamedFrom}, which is still a table of the models`, {
          hint: 'remove the old table from the models, or the renamedFrom option',
        });
      }
      claim(`t\u0000${tableKey(t.renamedFrom, t.schema)}`, `table ${name}`, t.renamedFrom);
    }
    for (const c of t.columns) {
      if (c.renamedFrom === undefined || c.renamedFrom === c.name) continue;
      if (t.columns.some((o) => o.name === c.renamedFrom)) {
        throw new UserError(`Column ${name}.${c.name} is renamedFrom ${c.renamedFrom}, which is still a column of the table`, {
          hint: `remove column ${c.renamedFrom}, or .renamedFrom() on ${c.name}`,
        });
      }
      claim(`c\u0000${tableKey(t.name, t.schema)}\u0000${c.renamedFrom}`, `column ${name}.${c.name}`, c.renamedFrom);
    }
  }
}

/**
 * No two objects share a name where the database would refuse it: indexes, primary keys and
 * unique constraints (all indexes in PostgreSQL) with each other and with tables, per schema;
 * and every constraint within its table.
 */
function checkNames(tables: readonly Table[]): void {
  // Owners are described only when two names clash: building the text for every object of a
  // thousand tables would cost more than the check itself.
  type Owner = () => string;
  const relations = new Map<string, Owner>();
  const claim = (seen: Map<string, Owner>, key: string, owner: Owner, name: string) => {
    const other = seen.get(key);
    if (other !== undefined) {
      throw new UserError(`${owner()} and ${other()} are both named ${name}`, {
        hint: 'give one an explicit name, or use a naming convention with more columns, e.g. %(column_0_N_name)s',
      });
    }
    seen.set(key, owner);
  };
  for (const t of tables) claim(relations, tableKey(t.name, t.schema), () => `table ${qualifiedName(t.name, t.schema)}`, t.name);
  for (const t of tables) {
    const where = () => `of table ${qualifiedName(t.name, t.schema)}`;
    const constraints = new Map<string, Owner>();
    // [name, owner, is it an index (a relation) in PostgreSQL]
    type Named = [string | null | undefined, Owner, boolean];
    const named: Named[] = [
      [t.primaryKey?.name, () => `the primary key ${where()}`, true],
      ...t.uniques.map((u): Named => [u.name, () => `unique constraint (${u.columns.join(', ')}) ${where()}`, true]),
      ...t.foreignKeys.map((f): Named => [f.name, () => `foreign key (${f.columns.join(', ')}) ${where()}`, false]),
      ...t.checks.map((c): Named => [c.name, () => `check (${c.expression}) ${where()}`, false]),
    ];
    for (const [name, owner, relation] of named) {
      if (!name) continue;
      claim(constraints, name, owner, name);
      if (relation) claim(relations, tableKey(name, t.schema), owner, name);
    }
    for (const ix of t.indexes) {
      const owner = () => `index (${ix.columns.map((c) => (typeof c === 'string' ? c : c.expression)).join(', ')}) ${where()}`;
      claim(relations, tableKey(ix.name, t.schema), owner, ix.name);
    }
  }
}
