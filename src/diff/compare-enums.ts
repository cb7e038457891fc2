import type { AddEnumValueOp, Op, RenameEnumValueOp } from '../ops/ops.js';
import type { EnumType, Schema } from '../schema/schema.js';
import type { CompareOptions } from './compare-options.js';

/** The enum ops of an upgrade, by where they go among the table ops. */
export interface EnumChanges {
  /** Values added (`ALTER TYPE ... ADD VALUE`): first of all, rendered in an autocommit block. */
  readonly addValues: AddEnumValueOp[];
  /** New types and renamed values: before any table op, which may use them. */
  readonly early: Op[];
  /** Types recreated with values removed or reordered, then types dropped: after every table op. */
  readonly late: Op[];
}

const NONE: EnumChanges = { addValues: [], early: [], late: [] };

/**
 * Compares the enum types of both sides (where the dialect has them; elsewhere an enum column's
 * values are part of its type, and a change alters the column). Types are the same when their
 * schema (the default one written as none) and name are; then:
 * - values only added, the others keeping their order: `addEnumValue`, each placed after its
 *   neighbour (before the first value when it comes first), so the order is the target's;
 * - values removed or reordered: the new values are added all the same (at the end, so that
 *   the upgrade can use them), and at the end `replaceEnumValues` recreates the type with the
 *   target's values in the target's order, converting the columns;
 * - a value the models say is `renamedFrom` an old one that the database has: `renameEnumValue`.
 * Every op records what its reverse needs (`existing`), so the downgrade restores the values.
 */
export function compareEnums(live: Schema, target: Schema, options: CompareOptions): EnumChanges {
  if (!options.dialect.capabilities.enumTypes) return NONE;
  const defaultSchema = options.defaultSchema !== undefined ? options.defaultSchema : (options.forms?.defaultSchema ?? null);
  const local = (schema: string | null | undefined) => (!schema || schema === defaultSchema ? null : schema);
  const considered = options.schemas ? new Set(options.schemas.map(local)) : null;
  const key = (e: EnumType) => `${local(e.schema) ?? ''}\u0000${e.name}`;
  const keep = (e: EnumType) => considered === null || considered.has(local(e.schema));

  const liveByKey = new Map((live.enums ?? []).filter(keep).map((e) => [key(e), e]));
  const targetKeys = new Set((target.enums ?? []).filter(keep).map(key));
  const changes = { addValues: [] as AddEnumValueOp[], early: [] as Op[], late: [] as Op[] };
  for (const t of (target.enums ?? []).filter(keep)) {
    const l = liveByKey.get(key(t));
    const schema = t.schema ?? null;
    if (!l) {
      changes.early.push({ kind: 'createEnum', name: t.name, schema, values: [...t.values] });
      continue;
    }
    compareValues(t.name, schema, l.values, t.values, t.renamedFrom ?? {}, changes);
  }
  // A type the models do not declare is dropped, unless a column still names it (models that
  // write `raw('order_status')` leave the type alone).
  const named = new Set(
    target.tables.flatMap((t) =>
      t.columns.flatMap((c) => (c.type.kind === 'enum' ? [key(c.type)] : c.type.kind === 'raw' ? rawTypeKeys(c.type.sql, local) : [])),
    ),
  );
  for (const l of liveByKey.values()) {
    if (targetKeys.has(key(l)) || named.has(key(l))) continue;
    changes.late.push({ kind: 'dropEnum', name: l.name, schema: l.schema ?? null, existing: [...l.values] });
  }
  return changes;
}

/** The keys a raw type's text may stand for as a type name (`order_status`, `"Mood"`, `app.mood`). */
function rawTypeKeys(text: string, local: (schema: string | null | undefined) => string | null): string[] {
  const parts = text.trim().match(/^(?:("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\.)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)$/);
  if (!parts) return [];
  const unquote = (part: string) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase());
  const schema = parts[1] === undefined ? null : unquote(parts[1]);
  return [`${local(schema) ?? ''}\u0000${unquote(parts[2]!)}`];
}

function compareValues(
  name: string,
  schema: string | null,
  live: readonly string[],
  target: readonly string[],
  renamedFrom: Readonly<Record<string, string>>,
  out: { addValues: AddEnumValueOp[]; early: Op[]; late: Op[] },
): void {
  // Renames the database can still make: the old label there, the new one not yet.
  const renames: RenameEnumValueOp[] = Object.entries(renamedFrom)
    .filter(([to, from]) => live.includes(from) && !live.includes(to) && target.includes(to))
    .map(([to, from]) => ({ kind: 'renameEnumValue', name, schema, from, to }));
  const renamed = live.map((v) => renames.find((r) => r.from === v)?.to ?? v);
  // Added values run before the renames (first thing in the upgrade): they name live labels.
  const oldLabel = (v: string) => renames.find((r) => r.to === v)?.from ?? v;

  const added = target.filter((v) => !renamed.includes(v));
  const kept = renamed.filter((v) => target.includes(v));
  const inPlace = kept.length === renamed.length && kept.join('\u0000') === target.filter((v) => renamed.includes(v)).join('\u0000');

  let current = [...live];
  for (const value of added) {
    const at = target.indexOf(value);
    const after = inPlace && current.length > 0 && at > 0 ? oldLabel(target[at - 1]!) : undefined;
    const before = inPlace && current.length > 0 && at === 0 ? oldLabel(kept[0]!) : undefined;
    out.addValues.push({
      kind: 'addEnumValue',
      name,
      schema,
      value,
      ...(before !== undefined && { before }),
      ...(after !== undefined && { after }),
      existing: [...current],
    });
    const anchor = after !== undefined ? current.indexOf(after) + 1 : before !== undefined ? current.indexOf(before) : current.length;
    current = [...current.slice(0, anchor), value, ...current.slice(anchor)];
  }
  out.early.push(...renames);
  if (!inPlace) {
    const existing = current.map((v) => renames.find((r) => r.from === v)?.to ?? v);
    out.late.push({ kind: 'replaceEnumValues', name, schema, values: [...target], existing });
  }
}
