import type { CreateForeignKeyOp, DropConstraintOp, Op, SetTableCommentOp } from '../ops/ops.js';
import { qualifiedName, type ForeignKey, type Table } from '../schema/schema.js';
import type { DiffContext, ObjectPlace, ObjectType, SchemaObject } from './compare-options.js';
import { constraintName, namesUsed, type NamedKind } from './constraint-names.js';
import { matchObjects, sameData } from './match-objects.js';
import type { Pair, PairedTable } from './paired-schema.js';

/** The constraint, index and comment ops of one table present on both sides. */
export interface ConstraintChanges {
  /** Foreign keys to drop before anything else (they may depend on what follows). */
  readonly dropForeignKeys: DropConstraintOp[];
  /** Foreign keys to create after everything else (they may reference new tables). */
  readonly createForeignKeys: CreateForeignKeyOp[];
  /** Index and constraint drops, run before the table's column changes. */
  readonly drops: Op[];
  /** Key, unique, check and index creations, run after the table's column changes. */
  readonly creates: Op[];
  readonly comment: SetTableCommentOp | null;
  /** Foreign keys the same on both sides: remade when what they reference is (PostgreSQL). */
  readonly keptForeignKeys: ReadonlyArray<{ readonly live: Pair<ForeignKey>; readonly target: Pair<ForeignKey> }>;
  /** Canonical column lists of live keys, uniques and unique indexes that are dropped. */
  readonly droppedKeys: ReadonlyArray<readonly string[]>;
}

/**
 * Compares primary key, foreign keys, unique constraints, checks, indexes and the comment of a
 * table on both sides. Constraints have no ALTER: a changed one is dropped and created again.
 * Every drop carries `existing` (the live object) for the downgrade.
 */
export function compareConstraints(live: PairedTable, target: PairedTable, ctx: DiffContext): ConstraintChanges {
  const table = target.orig.name;
  const schema = target.orig.schema ?? null;
  const place: ObjectPlace = { schema, table };
  const taken = namesUsed(live.orig, target.orig);
  const name = (kind: NamedKind, given: string | null | undefined, columns: readonly string[]) => {
    if (given) return given;
    const generated = constraintName(target.orig, kind, columns, taken);
    taken.add(generated.toLowerCase());
    return generated;
  };
  const out = {
    dropForeignKeys: [] as DropConstraintOp[],
    createForeignKeys: [] as CreateForeignKeyOp[],
    drops: [] as Op[],
    creates: [] as Op[],
    comment: null as SetTableCommentOp | null,
    keptForeignKeys: [] as Array<{ live: Pair<ForeignKey>; target: Pair<ForeignKey> }>,
    droppedKeys: [] as Array<readonly string[]>,
  };
  /** A drop op, or a warning when the live constraint has no name to drop it by. */
  const drop = (type: DropConstraintOp['type'] & string, existing: NonNullable<DropConstraintOp['existing']>): DropConstraintOp | null => {
    if (!existing.name) {
      const what = { primaryKey: 'primary key', foreignKey: 'foreign key', unique: 'unique constraint', check: 'check constraint' }[type];
      ctx.warn(`${qualifiedName(table, schema)} has an unnamed ${what} that the models no longer have; it cannot be dropped by name`);
      return null;
    }
    return { kind: 'dropConstraint', table, schema, name: existing.name, type, existing };
  };

  // Primary key: one per table, the same when its columns are (and its names, if both have one).
  const lp = live.primaryKey;
  const tp = target.primaryKey;
  const samePk =
    lp && tp && sameData(lp.norm.columns, tp.norm.columns) && (!lp.norm.name || !tp.norm.name || lp.norm.name === tp.norm.name);
  if ((lp || tp) && !samePk && ctx.include('primary_key', lp?.orig ?? null, tp?.orig ?? null, (tp ?? lp)!.orig.name ?? null, place)) {
    const dropped = lp ? drop('primaryKey', lp.orig) : null;
    if (lp && !dropped) {
      // The key cannot be dropped, so a new one cannot be added either.
    } else {
      if (dropped) {
        out.drops.push(dropped);
        out.droppedKeys.push(lp!.norm.columns);
      }
      if (tp) out.creates.push({ kind: 'createPrimaryKey', table, schema, primaryKey: { ...tp.orig, name: name('primaryKey', tp.orig.name, []) } });
    }
  }

  const compare = <T extends SchemaObject & { readonly name?: string | null }>(
    type: ObjectType,
    liveObjects: ReadonlyArray<Pair<T>>,
    targetObjects: ReadonlyArray<Pair<T>>,
    onDrop: (l: Pair<T>) => void,
    onCreate: (t: Pair<T>) => void,
    onKept?: (l: Pair<T>, t: Pair<T>) => void,
  ) => {
    const m = matchObjects(liveObjects, targetObjects);
    for (const { live: l, target: t, changed } of m.matched) {
      if (!changed) onKept?.(l, t);
      else if (ctx.include(type, l.orig, t.orig, t.orig.name ?? null, place)) {
        onDrop(l);
        onCreate(t);
      }
    }
    for (const l of m.removed) if (ctx.include(type, l.orig, null, l.orig.name ?? null, place)) onDrop(l);
    for (const t of m.added) if (ctx.include(type, null, t.orig, t.orig.name ?? null, place)) onCreate(t);
  };

  compare(
    'foreign_key_constraint',
    live.foreignKeys,
    target.foreignKeys,
    (l) => {
      const op = drop('foreignKey', l.orig);
      if (op) out.dropForeignKeys.push(op);
    },
    (t) => out.createForeignKeys.push(createForeignKey(target.orig, t, name('foreignKey', t.orig.name, t.orig.columns))),
    (l, t) => out.keptForeignKeys.push({ live: l, target: t }),
  );
  compare(
    'unique_constraint',
    live.uniques,
    target.uniques,
    (l) => {
      const op = drop('unique', l.orig);
      if (op) out.drops.push(op);
      if (op) out.droppedKeys.push(l.norm.columns);
    },
    (t) => out.creates.push({ kind: 'createUniqueConstraint', table, schema, constraint: { ...t.orig, name: name('unique', t.orig.name, t.orig.columns) } }),
  );
  compare(
    'check_constraint',
    live.checks,
    target.checks,
    (l) => {
      const op = drop('check', l.orig);
      if (op) out.drops.push(op);
    },
    (t) => out.creates.push({ kind: 'createCheckConstraint', table, schema, check: { ...t.orig, name: name('check', t.orig.name, []) } }),
  );
  compare(
    'index',
    live.indexes,
    target.indexes,
    (l) => {
      out.drops.push({ kind: 'dropIndex', name: l.orig.name, table, schema, existing: l.orig });
      if (l.norm.unique && l.norm.columns.every((c) => typeof c === 'string')) out.droppedKeys.push(l.norm.columns as string[]);
    },
    (t) => out.creates.push({ kind: 'createIndex', table, schema, index: t.orig }),
  );

  // Indexes go first: on SQLite each constraint drop rebuilds the table, and fewer indexes
  // make that cheaper; on PostgreSQL the order does not matter.
  out.drops.sort((a, b) => rank(a) - rank(b));
  if ((live.norm.comment ?? null) !== (target.norm.comment ?? null)) {
    out.comment = {
      kind: 'setTableComment',
      table,
      schema,
      comment: target.norm.comment == null ? null : (target.orig.comment ?? null),
      existing: live.orig.comment ?? null,
    };
  }
  return out;
}

const rank = (op: Op) => (op.kind === 'dropIndex' ? 0 : op.kind === 'dropConstraint' && op.type === 'primaryKey' ? 2 : 1);

/** A createForeignKey op; a key that names no referenced columns gets the referenced key's. */
export function createForeignKey(table: Table, fk: Pair<ForeignKey>, name: string): CreateForeignKeyOp {
  const refColumns = fk.orig.refColumns.length > 0 ? fk.orig.refColumns : fk.norm.refColumns;
  return { kind: 'createForeignKey', table: table.name, schema: table.schema ?? null, foreignKey: { ...fk.orig, refColumns, name } };
}
