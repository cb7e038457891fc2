import type { AddColumnOp, AlterColumnOp, DropColumnOp, Op, RenameConstraintOp, RenameTableOp } from '../ops/ops.js';
import type { ColumnType, ColumnTypeKind } from '../schema/column-type.js';
import { qualifiedName, type Column, type Schema, type Table } from '../schema/schema.js';
import { UsageError, UserError } from '../util/errors.js';
import type { CompareOptions, DiffContext } from './compare-options.js';
import { sameData } from './match-objects.js';
import { canonicalTableKey, pairSchema, tableKey, type Pair, type PairedTable } from './paired-schema.js';

/**
 * Renames: a table or a column the database has under an old name and the models under a new
 * one. The differ learns them from the models (`renamedFrom` on a table or a column) and from
 * `CompareOptions.renames` (`--rename` on the command line), and emits `renameTable` /
 * `alterColumn(..., { newName })` first, then compares the rest as if the database had the new
 * names already: no drop, no add, every row kept. Without either, a dropped table or column and
 * a compatible added one are only reported (`RenameCandidate`), never guessed.
 */

/** A rename asked for (`--rename`). `schema` null or absent: the default schema. */
export type Rename =
  | { readonly kind: 'table'; readonly schema?: string | null; readonly from: string; readonly to: string }
  | {
      readonly kind: 'column';
      readonly schema?: string | null;
      /** The table, by its name in the models (or its old name, when the table is renamed too). */
      readonly table: string;
      readonly from: string;
      readonly to: string;
    };

/**
 * A drop and an add in one comparison that may be a rename: a dropped table and an added one
 * with mostly the same columns (in one schema), or a dropped column and an added one of the
 * same table with the same or a convertible type.
 */
export interface RenameCandidate {
  readonly kind: 'table' | 'column';
  /** The schema, when not the default one. */
  readonly schema: string | null;
  /** The table (as the models name it); for a table candidate, its old name (`from`). */
  readonly table: string;
  readonly from: string;
  readonly to: string;
  /** The value of `--rename` that makes it a rename: `users.name=full_name`, `users=people`. */
  readonly flag: string;
}

/** The rename a candidate stands for (what a "yes" adds to `CompareOptions.renames`). */
export function renameOf(candidate: RenameCandidate): Rename {
  return candidate.kind === 'table'
    ? { kind: 'table', schema: candidate.schema, from: candidate.from, to: candidate.to }
    : { kind: 'column', schema: candidate.schema, table: candidate.table, from: candidate.from, to: candidate.to };
}

/** `users.name -> full_name`, `users -> people` (schema-qualified when not the default one). */
export function describeRenameCandidate(candidate: RenameCandidate): string {
  const table = qualifiedName(candidate.table, candidate.schema);
  return candidate.kind === 'table' ? `${table} -> ${candidate.to}` : `${table}.${candidate.from} -> ${candidate.to}`;
}

/** The `--rename` text of a rename. */
export function renameFlag(rename: Rename): string {
  const prefix = rename.schema ? `${rename.schema}.` : '';
  return rename.kind === 'table' ? `${prefix}${rename.from}=${rename.to}` : `${prefix}${rename.table}.${rename.from}=${rename.to}`;
}

/**
 * Reads a `--rename` value: `old_table=new_table`, `table.old_column=new_column`, or either with
 * a schema in front (`app.users=people`, `app.users.name=full_name`). `a.b=c` is a column of
 * table `a`, unless the models have tables in a schema `a` and no table `a`. The new name may
 * be written qualified like the old one (`users.name=users.full_name`).
 */
export function parseRenameFlag(value: string, target: Schema): Rename {
  const bad = (why: string) =>
    new UsageError(`--rename ${value}: ${why}`, { hint: 'write --rename old_table=new_table or --rename table.old_column=new_column' });
  const eq = value.indexOf('=');
  if (eq < 0 || value.indexOf('=', eq + 1) >= 0) throw bad('expected one =');
  const left = value.slice(0, eq).trim().split('.');
  const rightParts = value.slice(eq + 1).trim().split('.');
  if (left.some((p) => p === '') || rightParts.some((p) => p === '')) throw bad('a name is empty');
  if (left.length > 3) throw bad('too many dots');
  if (rightParts.length > 1) {
    const prefix = rightParts.slice(0, -1).join('.');
    if (rightParts.length !== left.length || prefix !== left.slice(0, -1).join('.')) {
      throw bad('the new name is only the last part (the table or column keeps its schema and table)');
    }
  }
  const to = rightParts[rightParts.length - 1]!;
  if (left.length === 1) return { kind: 'table', schema: null, from: left[0]!, to };
  if (left.length === 3) return { kind: 'column', schema: left[0]!, table: left[1]!, from: left[2]!, to };
  const [a, b] = left as [string, string];
  const tableA = target.tables.some((t) => t.name === a);
  const schemaA = target.tables.some((t) => t.schema === a);
  return !tableA && schemaA ? { kind: 'table', schema: a, from: b, to } : { kind: 'column', schema: null, table: a, from: b, to };
}

/** The target without its hints, and the hints by table (same object when there are none). */
function takeHints(target: Schema): { target: Schema; hints: Map<Table, { table?: string; columns: Map<string, string> }> } {
  const hints = new Map<Table, { table?: string; columns: Map<string, string> }>();
  if (!target.tables.some((t) => t.renamedFrom !== undefined || t.columns.some((c) => c.renamedFrom !== undefined))) {
    return { target, hints };
  }
  const tables = target.tables.map((t): Table => {
    const hinted = t.columns.some((c) => c.renamedFrom !== undefined);
    if (t.renamedFrom === undefined && !hinted) return t;
    const { renamedFrom, ...table } = t;
    const columns = new Map<string, string>();
    const plain: Table = {
      ...table,
      columns: t.columns.map((c) => {
        if (c.renamedFrom === undefined) return c;
        const { renamedFrom: old, ...column } = c;
        if (old !== c.name) columns.set(c.name, old);
        return column;
      }),
    };
    hints.set(plain, { ...(renamedFrom !== undefined && renamedFrom !== t.name && { table: renamedFrom }), columns });
    return plain;
  });
  return { target: { ...target, tables }, hints };
}

/** What `planRenames` decided: both sides paired (the live one renamed), and the rename ops. */
export interface RenamePlan {
  readonly liveTables: PairedTable[];
  readonly targetTables: PairedTable[];
  /**
   * `renameTable` ops, `alterColumn` ops with only `newName`, then `renameConstraint` ops for
   * the names that follow them: run before anything else.
   */
  readonly ops: Op[];
}

interface Request {
  readonly kind: 'table' | 'column';
  /** From `options.renames` (a mistake is an error) rather than a hint (inert when it does not apply). */
  readonly explicit: boolean;
  readonly label: string;
  /** The table in the target, when known (hints); else found by `schema` and `table`/`to`. */
  readonly target?: PairedTable;
  readonly schema: string | null;
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Pairs both sides and applies the renames that hold: the old name in the database and not the
 * new one, the new name in the models and not the old one. The live side is then rewritten as
 * the database will be once renamed (the table and column names, every key, index and foreign
 * key naming them, the expressions using the columns), so the rest of the comparison sees one
 * table, one column.
 */
export function planRenames(live: Schema, target: Schema, options: CompareOptions, ctx: DiffContext): RenamePlan {
  const { target: plainTarget, hints } = takeHints(target);
  const targetTables = pairSchema(plainTarget, 'target', options);
  const liveTables = pairSchema(live, 'live', options);
  const requests: Request[] = [];
  for (const t of targetTables) {
    const hint = hints.get(t.orig);
    if (!hint) continue;
    const schema = t.orig.schema ?? null;
    const where = qualifiedName(t.orig.name, schema);
    if (hint.table !== undefined) {
      requests.push({ kind: 'table', explicit: false, label: `table ${where} (renamedFrom ${hint.table})`, target: t, schema, table: t.orig.name, from: hint.table, to: t.orig.name });
    }
    for (const [to, from] of hint.columns) {
      requests.push({ kind: 'column', explicit: false, label: `column ${where}.${to} (renamedFrom ${from})`, target: t, schema, table: t.orig.name, from, to });
    }
  }
  for (const r of options.renames ?? []) {
    const table = r.kind === 'table' ? r.to : r.table;
    requests.push({ kind: r.kind, explicit: true, label: `--rename ${renameFlag(r)}`, schema: r.schema ?? null, table, from: r.from, to: r.to });
  }
  if (requests.length === 0) return { liveTables, targetTables, ops: [] };

  const key = (name: string, schema: string | null) => canonicalTableKey(name, schema, options);
  const liveByKey = new Map(liveTables.map((t) => [t.key, t]));
  const targetByKey = new Map(targetTables.map((t) => [t.key, t]));
  const refuse = (r: Request, why: string, hint?: string) => {
    if (r.explicit) throw new UserError(`${r.label}: ${why}`, { hint: hint ?? 'check the names, or leave the flag out' });
  };
  const notice = (r: Request, why: string) => ctx.warn(`${r.label}: ${why}; ignored`);

  // Tables first: a column rename may name its table by the old name.
  const tableRenames = new Map<PairedTable, PairedTable>(); // live -> target
  const renamedTargets = new Set<PairedTable>();
  for (const r of requests) {
    if (r.kind !== 'table') continue;
    const t = r.target ?? targetByKey.get(key(r.to, r.schema));
    const fromKey = key(r.from, t?.orig.schema ?? r.schema);
    if (!t) {
      refuse(r, `the models have no table ${qualifiedName(r.to, r.schema)}`);
      continue;
    }
    if (targetByKey.has(fromKey)) {
      refuse(r, `the models still have table ${r.from}`);
      if (!r.explicit) notice(r, `the models still have table ${r.from}`);
      continue;
    }
    const l = liveByKey.get(fromKey);
    if (liveByKey.has(t.key)) {
      // Already renamed (or both there: then the old one is simply dropped).
      if (l) {
        refuse(r, `the database has both tables`);
        notice(r, `the database has both ${r.from} and ${t.orig.name}`);
      } else if (r.explicit) {
        ctx.warn(`${r.label}: the database already has table ${t.orig.name}; nothing to rename`);
      }
      continue;
    }
    if (!l) {
      refuse(r, `the database has no table ${r.from}`);
      continue;
    }
    if (tableRenames.get(l) === t) continue; // said twice (a hint and --rename)
    if (tableRenames.has(l) || renamedTargets.has(t)) {
      refuse(r, `table ${r.from} is renamed twice`);
      continue;
    }
    if (!ctx.include('table', l.orig, t.orig, t.orig.name, { schema: t.orig.schema ?? null, table: null })) continue;
    tableRenames.set(l, t);
    renamedTargets.add(t);
  }

  const liveOf = new Map<PairedTable, PairedTable>([...tableRenames].map(([l, t]) => [t, l]));
  const columnRenames = new Map<PairedTable, Map<string, string>>(); // live table -> (canonical old -> new name)
  const columnOps: AlterColumnOp[] = [];
  for (const r of requests) {
    if (r.kind !== 'column') continue;
    let t = r.target ?? targetByKey.get(key(r.table, r.schema));
    if (!t) {
      // The table by its old name, when it is renamed too.
      const k = key(r.table, r.schema);
      t = [...tableRenames].find(([l]) => l.key === k)?.[1];
    }
    if (!t) {
      refuse(r, `the models have no table ${qualifiedName(r.table, r.schema)}`);
      continue;
    }
    const l = liveOf.get(t) ?? liveByKey.get(t.key);
    const [fromName, toName] = canonicalColumnNames([r.from, r.to], options);
    const to = t.columns.find((c) => c.norm.name === toName);
    const where = qualifiedName(t.orig.name, t.orig.schema);
    if (!to) {
      refuse(r, `table ${where} of the models has no column ${r.to}`);
      continue;
    }
    if (t.columns.some((c) => c.norm.name === fromName)) {
      refuse(r, `table ${where} of the models still has column ${r.from}`);
      if (!r.explicit) notice(r, `the table still has column ${r.from}`);
      continue;
    }
    if (!l) {
      refuse(r, `the database has no table ${where}`);
      continue;
    }
    const from = l.columns.find((c) => c.norm.name === fromName);
    if (l.columns.some((c) => c.norm.name === toName)) {
      if (from) {
        refuse(r, `the database has both columns`);
        notice(r, `the database has both ${r.from} and ${to.orig.name}`);
      } else if (r.explicit) {
        ctx.warn(`${r.label}: the database already has column ${where}.${to.orig.name}; nothing to rename`);
      }
      continue;
    }
    if (!from) {
      refuse(r, `table ${qualifiedName(l.orig.name, l.orig.schema)} of the database has no column ${r.from}`);
      continue;
    }
    let renamed = columnRenames.get(l);
    if (renamed?.get(from.norm.name) === to.orig.name) continue; // said twice (a hint and --rename)
    if (renamed?.has(from.norm.name) || [...(renamed?.values() ?? [])].includes(to.orig.name)) {
      refuse(r, `column ${r.from} is renamed twice`);
      continue;
    }
    const place = { schema: t.orig.schema ?? null, table: t.orig.name };
    if (!ctx.include('column', from.orig, to.orig, to.orig.name, place)) continue;
    if (!renamed) columnRenames.set(l, (renamed = new Map()));
    renamed.set(from.norm.name, to.orig.name);
    columnOps.push({
      kind: 'alterColumn',
      table: t.orig.name,
      schema: t.orig.schema ?? null,
      column: from.orig.name,
      newName: to.orig.name,
      existing: from.orig,
    });
  }
  if (tableRenames.size === 0 && columnRenames.size === 0) return { liveTables, targetTables, ops: [] };

  const tableOps = [...tableRenames].map(([l, t]): RenameTableOp => ({
    kind: 'renameTable',
    table: l.orig.name,
    newName: t.orig.name,
    schema: t.orig.schema ?? null,
  }));
  const renamedLive = renameLive(live, liveTables, tableRenames, columnRenames, options.dialect.name === 'sqlite');
  const renamedTables = pairSchema(renamedLive.schema, 'live', options);
  // The names a naming convention gives change with the table's and columns' names: the
  // constraints (and, on PostgreSQL, indexes) that are otherwise the same are renamed too.
  const names = renameConstraints(renamedTables, targetByKey, renamedLive.rewritten, ctx);
  if (names.ops.length === 0) return { liveTables: renamedTables, targetTables, ops: [...tableOps, ...columnOps] };
  const final: Schema = { ...renamedLive.schema, tables: renamedLive.schema.tables.map((t) => names.tables.get(t) ?? t) };
  return { liveTables: pairSchema(final, 'live', options), targetTables, ops: [...tableOps, ...columnOps, ...names.ops] };
}

/**
 * In the tables a rename touched, the live constraints and indexes whose definition is the
 * target's under another name: renameConstraint ops, and the tables with the new names.
 * SQLite indexes are left to drop + create (native, where a rename would rebuild the table).
 */
function renameConstraints(
  liveTables: readonly PairedTable[],
  targetByKey: ReadonlyMap<string, PairedTable>,
  touched: ReadonlySet<Table>,
  ctx: DiffContext,
): { ops: RenameConstraintOp[]; tables: Map<Table, Table> } {
  const ops: RenameConstraintOp[] = [];
  const tables = new Map<Table, Table>();
  for (const l of liveTables) {
    const t = targetByKey.get(l.key);
    if (!t || !touched.has(l.orig)) continue;
    const table = t.orig.name;
    const schema = t.orig.schema ?? null;
    const renamed = new Map<object, string>();
    const rename = (from: Pair<{ readonly name?: string | null }>, to: Pair<{ readonly name?: string | null }>, type: RenameConstraintOp['type']) => {
      renamed.set(from.orig, to.orig.name!);
      ops.push({ kind: 'renameConstraint', table, schema, name: from.orig.name!, newName: to.orig.name!, ...(type && { type }) });
    };
    const lp = l.primaryKey;
    const tp = t.primaryKey;
    if (lp?.norm.name && tp?.norm.name && lp.norm.name !== tp.norm.name && sameData(lp.norm.columns, tp.norm.columns)) rename(lp, tp, 'primaryKey');
    const pairUp = <T extends { readonly name?: string | null }>(live: ReadonlyArray<Pair<T>>, target: ReadonlyArray<Pair<T>>, type: RenameConstraintOp['type']) => {
      const liveNames = new Set(live.map((x) => x.norm.name).filter(Boolean));
      const targetNames = new Set(target.map((x) => x.norm.name).filter(Boolean));
      const free = target.filter((x) => x.norm.name && !liveNames.has(x.norm.name));
      for (const x of live) {
        if (!x.norm.name || targetNames.has(x.norm.name)) continue;
        const at = free.findIndex((y) => sameData(x.norm, y.norm, 'name'));
        if (at < 0) continue;
        rename(x, free[at]!, type);
        free.splice(at, 1);
      }
    };
    pairUp(l.foreignKeys, t.foreignKeys, 'foreignKey');
    pairUp(l.uniques, t.uniques, 'unique');
    pairUp(l.checks, t.checks, 'check');
    if (ctx.alterConstraints) pairUp(l.indexes, t.indexes, 'index');
    if (renamed.size === 0) continue;
    const named = <T extends { readonly name?: string | null }>(x: T): T => (renamed.has(x) ? { ...x, name: renamed.get(x)! } : x);
    tables.set(l.orig, {
      ...l.orig,
      primaryKey: l.orig.primaryKey ? named(l.orig.primaryKey) : (l.orig.primaryKey ?? null),
      foreignKeys: l.orig.foreignKeys.map(named),
      uniques: l.orig.uniques.map(named),
      checks: l.orig.checks.map(named),
      indexes: l.orig.indexes.map(named),
    });
  }
  return { ops, tables };
}

/** Column names as the dialect compares them (SQLite: any case). */
function canonicalColumnNames(names: readonly string[], options: CompareOptions): string[] {
  const probe: Table = {
    name: 'probe',
    columns: names.map((name): Column => ({ name, type: { kind: 'text' }, nullable: true })),
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  };
  const normalized = options.dialect.normalizer.normalizeSchema(
    { tables: [probe] },
    { side: 'live', forms: null, ...(options.defaultSchema !== undefined && { defaultSchema: options.defaultSchema }) },
  );
  return normalized.tables[0]!.columns.map((c) => c.name);
}

/** The live schema as it will be once the renames ran. */
function renameLive(
  live: Schema,
  liveTables: readonly PairedTable[],
  tables: ReadonlyMap<PairedTable, PairedTable>,
  columns: ReadonlyMap<PairedTable, ReadonlyMap<string, string>>,
  foldQuoted: boolean,
): { schema: Schema; rewritten: Set<Table> } {
  const newName = new Map([...tables].map(([l, t]) => [l.key, t.orig.name]));
  const newColumns = new Map([...columns].map(([l, m]) => [l.key, m]));
  const rewritten = new Map<Table, Table>();
  for (const l of liveTables) {
    const name = newName.get(l.key);
    const own = newColumns.get(l.key);
    const refKey = (fk: Pair<{ refTable: string; refSchema?: string | null }>) => tableKey(fk.norm.refSchema, fk.norm.refTable);
    if (name === undefined && !own && !l.foreignKeys.some((fk) => newName.has(refKey(fk)) || newColumns.has(refKey(fk)))) continue;
    const rename = (map: ReadonlyMap<string, string> | undefined) => (orig: readonly string[], norm: readonly string[]) =>
      orig.map((o, i) => map?.get(norm[i] ?? o) ?? o);
    const names = rename(own);
    rewritten.set(l.orig, {
      ...l.orig,
      name: name ?? l.orig.name,
      columns: l.columns.map((c) => (own?.has(c.norm.name) ? { ...c.orig, name: own.get(c.norm.name)! } : c.orig)),
      primaryKey: l.primaryKey ? { ...l.primaryKey.orig, columns: names(l.primaryKey.orig.columns, l.primaryKey.norm.columns) } : (l.orig.primaryKey ?? null),
      uniques: l.uniques.map((u) => ({ ...u.orig, columns: names(u.orig.columns, u.norm.columns) })),
      // Expressions follow a renamed column as the database rewrites them (checks, index
      // expressions and predicates), so a check that is otherwise the same stays the same.
      checks: own ? l.orig.checks.map((c) => ({ ...c, expression: renameColumnsInSql(c.expression, own, foldQuoted) })) : l.orig.checks,
      indexes: l.indexes.map((ix) => ({
        ...ix.orig,
        columns: ix.orig.columns.map((e, i) => {
          const n = ix.norm.columns[i];
          if (typeof e !== 'string') return own ? { ...e, expression: renameColumnsInSql(e.expression, own, foldQuoted) } : e;
          return typeof n === 'string' ? (own?.get(n) ?? e) : e;
        }),
        ...(own && ix.orig.where && { where: renameColumnsInSql(ix.orig.where, own, foldQuoted) }),
      })),
      foreignKeys: l.foreignKeys.map((fk) => {
        const ref = refKey(fk);
        return {
          ...fk.orig,
          columns: names(fk.orig.columns, fk.norm.columns),
          refTable: newName.get(ref) ?? fk.orig.refTable,
          refColumns: rename(newColumns.get(ref))(fk.orig.refColumns, fk.norm.refColumns),
        };
      }),
    });
  }
  return { schema: { ...live, tables: live.tables.map((t) => rewritten.get(t) ?? t) }, rewritten: new Set(rewritten.values()) };
}

/**
 * An SQL expression with the columns renamed (`names`: canonical old name -> new name), as the
 * database rewrites a check or an index expression when a column is renamed. Only column
 * references change: not string literals, function names, qualified names or type names after
 * `::`. A bare identifier compares in lower case (both databases fold it); a quoted one exactly,
 * or in lower case where `foldQuoted` (SQLite).
 */
export function renameColumnsInSql(text: string, names: ReadonlyMap<string, string>, foldQuoted: boolean): string {
  let out = '';
  let i = 0;
  const prevSignificant = () => out.replace(/\s+$/, '').slice(-2);
  const nextSignificant = (from: number) => text.slice(from).replace(/^\s+/, '').charAt(0);
  const written = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      out += end < 0 ? text.slice(i) : text.slice(i, end);
      i = end < 0 ? text.length : end;
    } else if (ch === '"' || /[A-Za-z_]/.test(ch)) {
      let j: number;
      let key: string;
      if (ch === '"') {
        j = i + 1;
        while (j < text.length && !(text[j] === '"' && text[j + 1] !== '"')) j += text[j] === '"' ? 2 : 1;
        j += 1;
        const raw = text.slice(i + 1, j - 1).replace(/""/g, '"');
        key = foldQuoted ? raw.toLowerCase() : raw;
      } else {
        j = i + 1;
        while (j < text.length && /[A-Za-z0-9_$]/.test(text[j]!)) j++;
        key = text.slice(i, j).toLowerCase();
      }
      const before = prevSignificant();
      const next = nextSignificant(j);
      const renamed = names.get(key);
      const reference = renamed !== undefined && !before.endsWith('.') && !before.endsWith(':') && next !== '(' && next !== '.';
      out += reference ? written(renamed) : text.slice(i, j);
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Types a rename may keep the values of: the same, or converted within one family. */
const FAMILIES: ReadonlyArray<ReadonlySet<ColumnTypeKind>> = [
  new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double']),
  new Set(['date', 'timestamp']),
  new Set(['varchar', 'text', 'enum']),
];

/** 2: the same type; 1: convertible; 0: unrelated. */
function typeAffinity(a: ColumnType, b: ColumnType): number {
  if (sameData(a, b)) return 2;
  if (a.kind === 'raw' || b.kind === 'raw') return 0;
  if (a.kind === b.kind) return 1;
  return FAMILIES.some((f) => f.has(a.kind) && f.has(b.kind)) ? 1 : 0;
}

/** The column changes of one table on both sides, as the differ made them. */
export interface ColumnDropsAndAdds {
  readonly live: PairedTable;
  readonly target: PairedTable;
  readonly drops: readonly DropColumnOp[];
  readonly adds: readonly AddColumnOp[];
}

/**
 * The drops and adds that may be renames. Tables: a dropped and an added table in one schema
 * whose columns are at least half the same (same name, compatible type, over all the names of
 * both). Columns: a dropped and an added column of one table whose types are the same or
 * convertible (numbers, date/timestamp, strings and enums). Most likely first: tables by
 * similarity, columns of the same type before convertible ones. One object may appear in
 * several candidates; a "yes" to one settles the others.
 */
export function findRenameCandidates(
  removed: readonly PairedTable[],
  added: readonly PairedTable[],
  tables: readonly ColumnDropsAndAdds[],
): RenameCandidate[] {
  const schemaOf = (t: PairedTable) => (t.norm.schema ? (t.orig.schema ?? null) : null);
  const scored: Array<{ score: number; candidate: RenameCandidate }> = [];
  for (const l of removed) {
    const liveColumns = new Map(l.columns.map((c) => [c.norm.name, c]));
    for (const t of added) {
      if ((l.norm.schema ?? null) !== (t.norm.schema ?? null)) continue;
      let common = 0;
      for (const c of t.columns) {
        const other = liveColumns.get(c.norm.name);
        if (other && typeAffinity(other.norm.type, c.norm.type) > 0) common++;
      }
      const all = new Set([...liveColumns.keys(), ...t.columns.map((c) => c.norm.name)]).size;
      if (common === 0 || common * 2 < all) continue;
      const schema = schemaOf(t);
      const rename: Rename = { kind: 'table', schema, from: l.orig.name, to: t.orig.name };
      scored.push({ score: common / all, candidate: { kind: 'table', schema, table: l.orig.name, from: l.orig.name, to: t.orig.name, flag: renameFlag(rename) } });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  const out = scored.map((s) => s.candidate);
  for (const d of tables) {
    if (d.drops.length === 0 || d.adds.length === 0) continue;
    const liveColumns = new Map(d.live.columns.map((c) => [c.orig.name, c]));
    const targetColumns = new Map(d.target.columns.map((c) => [c.orig.name, c]));
    const schema = schemaOf(d.target);
    const found: Array<{ affinity: number; candidate: RenameCandidate }> = [];
    for (const drop of d.drops) {
      const from = liveColumns.get(drop.column);
      if (!from) continue;
      for (const add of d.adds) {
        const to = targetColumns.get(add.column.name);
        const affinity = to ? typeAffinity(from.norm.type, to.norm.type) : 0;
        if (affinity === 0) continue;
        const rename: Rename = { kind: 'column', schema, table: d.target.orig.name, from: from.orig.name, to: to!.orig.name };
        found.push({ affinity, candidate: { kind: 'column', schema, table: d.target.orig.name, from: from.orig.name, to: to!.orig.name, flag: renameFlag(rename) } });
      }
    }
    found.sort((a, b) => b.affinity - a.affinity);
    out.push(...found.map((f) => f.candidate));
  }
  return out;
}
