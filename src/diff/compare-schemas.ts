import type { CreateForeignKeyOp, DropConstraintOp, Op } from '../ops/ops.js';
import { qualifiedName, type ForeignKey, type Schema, type Table } from '../schema/schema.js';
import { compareColumns, type ColumnChanges } from './compare-columns.js';
import { compareConstraints, createForeignKey, type ConstraintChanges } from './compare-constraints.js';
import { compareEnums } from './compare-enums.js';
import { diffContext, type CompareOptions, type DiffContext, type ObjectType, type SchemaObject } from './compare-options.js';
import { constraintName, namesUsed } from './constraint-names.js';
import { orderTables } from './order-tables.js';
import { tableKey, type Pair, type PairedTable } from './paired-schema.js';
import { findRenameCandidates, planRenames, type RenameCandidate } from './renames.js';

interface TableDiff {
  readonly live: PairedTable;
  readonly target: PairedTable;
  readonly columns: ColumnChanges;
  readonly constraints: ConstraintChanges;
}

/**
 * The upgrade ops that turn the `live` schema into the `target` one. Both sides first go
 * through the dialect's normalizer, so only real differences produce ops. The order is one
 * that each database accepts, and its reverse is a valid downgrade (every drop and alter
 * carries `existing`):
 *
 * 0. enum values added (in an autocommit block, so the rest can use them), new enum types and
 *    renamed values; then renamed tables and columns (`renamedFrom` hints, `options.renames`),
 *    after which the live side is compared under its new names;
 * 1. foreign keys that go away or change, those that must be remade because what they
 *    reference changes (PostgreSQL), and those closing a cycle between dropped tables;
 * 2. dropped tables, dependents first;
 * 3. each table on both sides: index and constraint drops, column drops, adds, alters, the
 *    table comment, then key, unique, check and index creations;
 * 4. new tables, referenced ones first, foreign keys inline;
 * 5. new and remade foreign keys, and the keys closing a cycle between new tables (on SQLite,
 *    which cannot add one without rebuilding the table but accepts a forward reference in
 *    CREATE TABLE, those stay inline).
 * 6. enum types recreated with values removed or reordered, then enum types dropped.
 */
export function compareSchemas(live: Schema, target: Schema, options: CompareOptions): Op[] {
  return diffSchemas(live, target, options).ops;
}

/** What `diffSchemas` finds: the ops, and the drops and adds that may be renames (never guessed). */
export interface SchemaDiff {
  readonly ops: Op[];
  readonly renameCandidates: RenameCandidate[];
}

/** `compareSchemas`, also reporting the rename candidates (see renames.ts). */
export function diffSchemas(live: Schema, target: Schema, options: CompareOptions): SchemaDiff {
  const ctx = diffContext(options);
  const renames = planRenames(live, target, options, ctx);
  const { liveTables, targetTables } = renames;
  const liveByKey = new Map(liveTables.map((t) => [t.key, t]));
  const targetKeys = new Set(targetTables.map((t) => t.key));
  const tablePlace = (t: Table) => ({ schema: t.schema ?? null, table: null });

  const diffs: TableDiff[] = [];
  const added: PairedTable[] = [];
  for (const t of targetTables) {
    const l = liveByKey.get(t.key);
    if (!ctx.include('table', l?.orig ?? null, t.orig, t.orig.name, tablePlace(t.orig))) continue;
    if (l) diffs.push({ live: l, target: t, columns: compareColumns(l, t, ctx), constraints: compareConstraints(l, t, ctx) });
    else added.push(includedParts(t, ctx));
  }
  const removed = liveTables.filter((l) => !targetKeys.has(l.key) && ctx.include('table', l.orig, null, l.orig.name, tablePlace(l.orig)));

  const remade = remadeForeignKeys(diffs, ctx);
  const drops = dropTables(removed, ctx);
  const creates = createTables(added, ctx);
  // Enum types (PostgreSQL): made before the tables and columns that use them, dropped after.
  const enums = compareEnums(live, target, options);
  const renameCandidates = findRenameCandidates(
    removed,
    added,
    diffs.map((d) => ({ live: d.live, target: d.target, drops: d.columns.drops, adds: d.columns.adds })),
  );
  const ops = [
    ...enums.addValues,
    ...enums.early,
    ...renames.ops,
    ...drops.cycleDrops,
    ...diffs.flatMap((d) => d.constraints.dropForeignKeys),
    ...remade.drops,
    ...drops.ops,
    ...diffs.flatMap((d) => [
      ...d.constraints.drops,
      ...d.columns.drops,
      ...d.columns.adds,
      ...d.columns.alters,
      ...(d.constraints.comment ? [d.constraints.comment] : []),
      ...d.constraints.creates,
    ]),
    ...creates.ops,
    ...diffs.flatMap((d) => d.constraints.createForeignKeys),
    ...remade.creates,
    ...creates.cycleCreates,
    ...enums.late,
  ];
  return { ops, renameCandidates };
}

/** A new table without the indexes and constraints `includeObject` leaves out. */
function includedParts(t: PairedTable, ctx: DiffContext): PairedTable {
  const place = { schema: t.orig.schema ?? null, table: t.orig.name };
  const keep = <T extends SchemaObject & { readonly name?: string | null }>(type: ObjectType, pairs: ReadonlyArray<Pair<T>>) =>
    pairs.filter((p) => ctx.include(type, null, p.orig, p.orig.name ?? null, place));
  const primaryKey = t.primaryKey && ctx.include('primary_key', null, t.primaryKey.orig, t.primaryKey.orig.name ?? null, place) ? t.primaryKey : null;
  return {
    ...t,
    primaryKey,
    foreignKeys: keep('foreign_key_constraint', t.foreignKeys),
    uniques: keep('unique_constraint', t.uniques),
    checks: keep('check_constraint', t.checks),
    indexes: keep('index', t.indexes),
  };
}

/** The table a paired table stands for, with its (possibly filtered) parts as given. */
function tableOf(t: PairedTable, leaveOut: ReadonlySet<Pair<ForeignKey>> = new Set()): Table {
  return {
    ...t.orig,
    primaryKey: t.primaryKey?.orig ?? null,
    // A key naming no referenced columns means the referenced primary key; written out, since
    // the DDL needs the columns.
    foreignKeys: t.foreignKeys
      .filter((fk) => !leaveOut.has(fk))
      .map((fk) => (fk.orig.refColumns.length > 0 ? fk.orig : { ...fk.orig, refColumns: fk.norm.refColumns })),
    uniques: t.uniques.map((p) => p.orig),
    checks: t.checks.map((p) => p.orig),
    indexes: t.indexes.map((p) => p.orig),
  };
}

function createTables(added: readonly PairedTable[], ctx: DiffContext): { ops: Op[]; cycleCreates: CreateForeignKeyOp[] } {
  const { order, cycleKeys } = orderTables(added, 'referenced-first');
  // SQLite accepts a reference to a table created later, and adding the key afterwards would
  // rebuild the table: there, cycles stay inline.
  const deferred = ctx.alterConstraints ? cycleKeys : [];
  const leaveOut = new Set(deferred.map((c) => c.foreignKey));
  const ops: Op[] = order.map((t) => ({ kind: 'createTable', table: tableOf(t, leaveOut) }));
  const cycleCreates = deferred.map(({ table, foreignKey }) => {
    const name = foreignKey.orig.name ?? constraintName(table.orig, 'foreignKey', foreignKey.orig.columns, namesUsed(table.orig));
    return createForeignKey(table.orig, foreignKey, name);
  });
  return { ops, cycleCreates };
}

function dropTables(removed: readonly PairedTable[], ctx: DiffContext): { ops: Op[]; cycleDrops: DropConstraintOp[] } {
  const { order, cycleKeys } = orderTables(removed, 'dependents-first');
  const cut = ctx.alterConstraints ? cycleKeys.filter((c) => !!c.foreignKey.orig.name) : [];
  const leaveOut = new Set(cut.map((c) => c.foreignKey));
  const cycleDrops = cut.map(({ table, foreignKey }): DropConstraintOp => ({
    kind: 'dropConstraint',
    table: table.orig.name,
    schema: table.orig.schema ?? null,
    name: foreignKey.orig.name!,
    type: 'foreignKey',
    existing: foreignKey.orig,
  }));
  // Dependents first; reversed, the downgrade creates them referenced first.
  const ops = order.map((t): Op => ({
    kind: 'dropTable',
    table: t.orig.name,
    schema: t.orig.schema ?? null,
    existing: { ...t.orig, foreignKeys: t.foreignKeys.filter((fk) => !leaveOut.has(fk)).map((fk) => fk.orig) },
  }));
  return { ops, cycleDrops };
}

/**
 * Foreign keys that are the same on both sides but must be dropped and created again because
 * PostgreSQL would refuse the change they depend on: the referenced key or unique constraint is
 * dropped (and made again), or a column at either end changes type. SQLite checks foreign keys
 * only when rows change, and each remake would rebuild the table, so nothing is remade there.
 */
function remadeForeignKeys(diffs: readonly TableDiff[], ctx: DiffContext): { drops: DropConstraintOp[]; creates: CreateForeignKeyOp[] } {
  const out = { drops: [] as DropConstraintOp[], creates: [] as CreateForeignKeyOp[] };
  if (!ctx.alterConstraints) return out;
  const byKey = new Map(diffs.map((d) => [d.target.key, d]));
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));
  for (const d of diffs) {
    for (const { live, target } of d.constraints.keptForeignKeys) {
      const ref = byKey.get(tableKey(live.norm.refSchema, live.norm.refTable));
      const disturbed =
        live.norm.columns.some((c) => d.columns.retyped.has(c)) ||
        (ref !== undefined &&
          (ref.constraints.droppedKeys.some((cols) => sameSet(cols, live.norm.refColumns)) ||
            live.norm.refColumns.some((c) => ref.columns.retyped.has(c))));
      const place = { schema: d.target.orig.schema ?? null, table: d.target.orig.name };
      if (!disturbed || !ctx.include('foreign_key_constraint', live.orig, target.orig, target.orig.name ?? null, place)) continue;
      const name = live.orig.name;
      if (!name) {
        ctx.warn(`${qualifiedName(d.target.orig.name, place.schema)} has an unnamed foreign key that must be remade; it cannot be dropped by name`);
        continue;
      }
      out.drops.push({ kind: 'dropConstraint', table: d.target.orig.name, schema: place.schema, name, type: 'foreignKey', existing: live.orig });
      out.creates.push(createForeignKey(d.target.orig, target, target.orig.name ?? name));
    }
  }
  return out;
}
