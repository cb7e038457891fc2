import type { AddColumnOp, AlterColumnOp, DropColumnOp } from '../ops/ops.js';
import { qualifiedName } from '../schema/schema.js';
import type { DiffContext, ObjectPlace } from './compare-options.js';
import type { PairedTable } from './paired-schema.js';

/** The column ops of one table present on both sides. */
export interface ColumnChanges {
  readonly drops: DropColumnOp[];
  readonly adds: AddColumnOp[];
  readonly alters: AlterColumnOp[];
  /** Canonical names of live columns whose type changes (foreign keys on them are remade). */
  readonly retyped: ReadonlySet<string>;
}

/**
 * Compares the columns of a table on both sides, matched by canonical name: added, dropped,
 * and altered (type, nullability, server default, comment; only the fields that differ, with
 * `existing` holding the live column so that the downgrade can restore it). Ops name the table
 * as the target spells it and the column as it exists.
 */
export function compareColumns(live: PairedTable, target: PairedTable, ctx: DiffContext): ColumnChanges {
  const table = target.orig.name;
  const schema = target.orig.schema ?? null;
  const place: ObjectPlace = { schema, table };
  const liveByName = new Map(live.columns.map((c) => [c.norm.name, c]));
  const targetNames = new Set(target.columns.map((c) => c.norm.name));
  const changes: ColumnChanges = { drops: [], adds: [], alters: [], retyped: new Set() };

  for (const l of live.columns) {
    if (targetNames.has(l.norm.name) || !ctx.include('column', l.orig, null, l.orig.name, place)) continue;
    changes.drops.push({ kind: 'dropColumn', table, schema, column: l.orig.name, existing: l.orig });
  }
  for (const t of target.columns) {
    const l = liveByName.get(t.norm.name);
    if (!ctx.include('column', l?.orig ?? null, t.orig, t.orig.name, place)) continue;
    if (!l) {
      changes.adds.push({ kind: 'addColumn', table, schema, column: t.orig });
      continue;
    }
    const type = ctx.typeDiffers(place, l, t);
    const nullable = l.norm.nullable !== t.norm.nullable;
    // PostgreSQL cannot convert a default to an enum type by itself: it is dropped and set again.
    const def = ctx.defaultDiffers(place, l, t) || (type && ctx.enumTypes && t.orig.type.kind === 'enum' && t.norm.default != null);
    const comment = (l.norm.comment ?? null) !== (t.norm.comment ?? null);
    if ((l.norm.autoincrement ?? false) !== (t.norm.autoincrement ?? false)) {
      ctx.warn(
        `${qualifiedName(`${table}.${t.orig.name}`, schema)} is ${t.norm.autoincrement ? '' : 'not '}autoincrement in the models ` +
          `but ${l.norm.autoincrement ? '' : 'not '}in the database: no operation changes that; write it by hand`,
      );
    }
    if (!type && !nullable && !def && !comment) continue;
    if (type) (changes.retyped as Set<string>).add(l.norm.name);
    changes.alters.push({
      kind: 'alterColumn',
      table,
      schema,
      column: l.orig.name,
      ...(type && { type: t.orig.type }),
      // The normalized value: it says NOT NULL where the database would make it so (key and
      // identity columns), which is what the live column then reads back as.
      ...(nullable && { nullable: t.norm.nullable }),
      ...(def && { default: t.norm.default == null ? null : (t.orig.default ?? null) }),
      ...(comment && { comment: t.norm.comment == null ? null : (t.orig.comment ?? null) }),
      existing: l.orig,
    });
  }
  return changes;
}
