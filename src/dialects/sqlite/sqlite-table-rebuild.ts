import { sql, type Kysely } from 'kysely';
import type { Op } from '../../ops/ops.js';
import type { Column, Table } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { applyOpToTable } from './apply-op-to-table.js';
import { readSqliteTriggersAndViews, type SchemaObjectRow } from './sqlite-catalog.js';
import { isRowidAliasType, sqliteTypeSql } from './sqlite-column-type.js';
import { sqliteErrorMessage } from './sqlite-connect.js';
import { readSqliteTables, type SqliteLiveTable } from './sqlite-introspector.js';
import { sqliteCreateIndexSql, sqliteCreateTableSql } from './sqlite-table-ddl.js';
import { isKeyword, mentionsIdentifier, sameName, tokenizeSqlite } from './sqlite-tokenize.js';

/** The ops a rebuild carries out: the ones that change one existing table's definition. */
export type RebuildOp = Extract<Op, { readonly table: string }>;

const run = (trx: Kysely<any>, text: string) => sql.raw(text).execute(trx);
const firstValue = async (trx: Kysely<any>, query: ReturnType<typeof sql>): Promise<unknown> =>
  Object.values((await query.execute(trx)).rows[0] ?? {})[0];

/**
 * Carries out an op SQLite cannot ALTER by rebuilding the table (SQLite's documented 12-step
 * procedure): read the live definition, apply the op to it, create the new table under a
 * temporary name, copy the rows, drop the old table, rename the new one, then recreate its
 * indexes, triggers and the views that mention it from their saved SQL.
 *
 * Runs inside the revision's transaction, which must have foreign-key enforcement off (see
 * `prepareSqliteTransaction`): with it on, dropping the old table would fire the ON DELETE
 * actions of child rows.
 */
export async function rebuildSqliteTable(compiler: Kysely<any>, trx: Kysely<any>, op: RebuildOp): Promise<void> {
  if ((await firstValue(trx, sql`PRAGMA foreign_keys`)) === 1) {
    throw new UserError(`Cannot rebuild table ${op.table} while foreign keys are enforced: child rows could be deleted`, {
      hint: 'the runtime must call prepareTransaction() on the connection before opening the transaction',
    });
  }
  const [live] = await readSqliteTables(trx, op.table);
  if (!live) throw new UserError(`Table ${op.table} does not exist`);
  const name = live.table.name;
  const next = applyOpToTable(live.table, op);
  const objects = await readSqliteTriggersAndViews(trx);
  const triggers = objects.filter((o) => o.type === 'trigger' && sameName(o.tbl_name, name));
  const views = objects.filter((o) => o.type === 'view' && mentionsIdentifier(o.sql, name));
  // Views are checked by querying them afterwards; a trigger only fails when it fires, so one
  // that names a dropped column is refused up front (SQLite's own DROP COLUMN refuses it too).
  const dropped = op.kind === 'dropColumn' ? op.column : null;
  const stale = dropped === null ? undefined : triggers.find((t) => mentionsIdentifier(t.sql, dropped));
  if (stale) {
    throw new UserError(`Cannot drop ${name}.${dropped}: trigger ${stale.name} uses it`, {
      hint: `drop or change the trigger first, e.g. op.execute('DROP TRIGGER ${stale.name}'), and recreate it afterwards`,
    });
  }
  const workingViews = await workingViewNames(trx, views);
  const copied = copiedColumns(live, next);
  await checkNotNull(trx, live, next, copied);

  const temp = await freeName(trx, `_orm_rebuild_${name}`);
  const sequence = await savedSequence(trx, live);
  // With legacy_alter_table on, the final RENAME neither validates nor rewrites other schema
  // objects (views and triggers that name the table, which is briefly missing).
  const legacy = await firstValue(trx, sql`PRAGMA legacy_alter_table`);
  await run(trx, 'PRAGMA legacy_alter_table = ON');
  try {
    for (const view of views) await sql`DROP VIEW ${sql.id(view.name)}`.execute(trx);
    await run(trx, sqliteCreateTableSql(compiler, next, { name: temp, withoutRowid: live.withoutRowid, strict: live.strict }));
    const cols = sql.join(copied.map((c) => sql.id(c)));
    try {
      await sql`INSERT INTO ${sql.id(temp)} (${cols}) SELECT ${cols} FROM ${sql.id(name)}`.execute(trx);
    } catch (err) {
      // SQLite names the temporary table in constraint failures; name the real one instead.
      const message = sqliteErrorMessage(err).split(`${temp}.`).join(`${name}.`);
      throw new UserError(`Rebuilding table ${name} failed while copying its rows: ${message}`, {
        cause: err,
        hint: 'fix or remove the rows that break the new definition in an earlier step of the revision',
      });
    }
    await sql`DROP TABLE ${sql.id(name)}`.execute(trx);
    await sql`ALTER TABLE ${sql.id(temp)} RENAME TO ${sql.id(name)}`.execute(trx);
    for (const index of next.indexes) {
      await run(trx, live.indexSql.get(index.name) ?? sqliteCreateIndexSql(compiler, name, index));
    }
    for (const trigger of triggers) await run(trx, trigger.sql);
    for (const view of views) await run(trx, view.sql);
    await checkViewsStillWork(trx, name, views, workingViews);
    if (sequence !== null && next.columns.some((c) => c.autoincrement)) await restoreSequence(trx, name, sequence);
  } finally {
    await run(trx, `PRAGMA legacy_alter_table = ${legacy === 1 ? 'ON' : 'OFF'}`);
  }
}

/**
 * Columns copied from the old table: those both tables have, except generated ones (SQLite
 * computes those). Rowids are carried over too when neither table has a rowid alias, so that
 * nothing keyed on rowid is renumbered.
 */
function copiedColumns(live: SqliteLiveTable, next: Table): string[] {
  const generated = (name: string) =>
    live.generatedColumns.some((g) => sameName(g, name)) || isGeneratedType(next.columns.find((c) => sameName(c.name, name)));
  const cols = next.columns
    .filter((c) => live.table.columns.some((o) => sameName(o.name, c.name)) && !generated(c.name))
    .map((c) => c.name);
  const nextAlias = !live.withoutRowid && next.primaryKey?.columns.length === 1
    ? next.columns.find((c) => sameName(c.name, next.primaryKey!.columns[0]!))
    : undefined;
  const hasAlias = live.rowidAlias !== null || (nextAlias !== undefined && isRowidAliasType(sqliteTypeSql(nextAlias.type)));
  if (live.withoutRowid || hasAlias) return cols;
  const taken = [...live.table.columns, ...next.columns].map((c) => c.name.toLowerCase());
  const rowid = ['rowid', '_rowid_', 'oid'].find((r) => !taken.includes(r));
  return rowid ? [rowid, ...cols] : cols;
}

/** A raw type carrying `GENERATED ALWAYS AS (...)` or `AS (...)`, as the introspector writes them. */
function isGeneratedType(column: Column | undefined): boolean {
  if (!column || column.type.kind !== 'raw') return false;
  const tokens = tokenizeSqlite(column.type.sql);
  return tokens.some((t, i) => isKeyword(t, 'GENERATED') || (isKeyword(t, 'AS') && tokens[i + 1]?.text === '('));
}

/** Refuses, with a message a user can act on, a copy that NOT NULL would reject. */
async function checkNotNull(trx: Kysely<any>, live: SqliteLiveTable, next: Table, copied: readonly string[]): Promise<void> {
  const name = live.table.name;
  for (const column of next.columns) {
    if (column.nullable || column.autoincrement || isGeneratedType(column)) continue;
    const old = live.table.columns.find((c) => sameName(c.name, column.name));
    if (old && copied.includes(column.name) && old.nullable) {
      const nulls = Number(await firstValue(trx, sql`SELECT count(*) FROM ${sql.id(name)} WHERE ${sql.id(old.name)} IS NULL`));
      if (nulls > 0) {
        throw new UserError(`Cannot make ${name}.${column.name} NOT NULL: ${nulls} row(s) hold NULL there`, {
          hint: `fill them first, e.g. op.execute("UPDATE ${name} SET ${column.name} = ... WHERE ${column.name} IS NULL")`,
        });
      }
    } else if (!old && !column.default) {
      const rows = Number(await firstValue(trx, sql`SELECT count(*) FROM ${sql.id(name)}`));
      if (rows > 0) {
        throw new UserError(`Cannot add NOT NULL column ${name}.${column.name} without a default: the table has ${rows} row(s)`, {
          hint: 'give the column a default, or add it nullable, fill it, then make it NOT NULL',
        });
      }
    }
  }
}

/** The views that can be queried now: a rebuild must not break them (SQLite does not check). */
async function workingViewNames(trx: Kysely<any>, views: readonly SchemaObjectRow[]): Promise<Set<string>> {
  const working = new Set<string>();
  for (const view of views) {
    if ((await viewError(trx, view.name)) === null) working.add(view.name);
  }
  return working;
}

async function viewError(trx: Kysely<any>, view: string): Promise<string | null> {
  try {
    await sql`SELECT * FROM ${sql.id(view)} LIMIT 0`.execute(trx);
    return null;
  } catch (err) {
    return sqliteErrorMessage(err);
  }
}

async function checkViewsStillWork(trx: Kysely<any>, table: string, views: readonly SchemaObjectRow[], working: ReadonlySet<string>) {
  for (const view of views) {
    const error = working.has(view.name) ? await viewError(trx, view.name) : null;
    if (error !== null) {
      throw new UserError(`Rebuilding table ${table} would break view ${view.name}: ${error}`, {
        hint: `drop or change the view first, e.g. op.execute('DROP VIEW ${view.name}'), and recreate it afterwards`,
      });
    }
  }
}

/** `base`, or `base_2`, `base_3`... whichever no schema object uses yet. */
async function freeName(trx: Kysely<any>, base: string): Promise<string> {
  const result = await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE name LIKE ${`${base}%`}`.execute(trx);
  const taken = new Set(result.rows.map((r) => r.name.toLowerCase()));
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${base}_${n}`;
  return candidate;
}

/** The AUTOINCREMENT counter: the copy only restores max(rowid), which may be lower. */
async function savedSequence(trx: Kysely<any>, live: SqliteLiveTable): Promise<number | null> {
  if (!live.table.columns.some((c) => c.autoincrement)) return null;
  const exists = await firstValue(trx, sql`SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'`);
  if (Number(exists) === 0) return null;
  const seq = await firstValue(trx, sql`SELECT seq FROM sqlite_sequence WHERE name = ${live.table.name}`);
  return seq === undefined || seq === null ? null : Number(seq);
}

async function restoreSequence(trx: Kysely<any>, name: string, seq: number): Promise<void> {
  const updated = await sql`UPDATE sqlite_sequence SET seq = MAX(seq, ${seq}) WHERE name = ${name}`.execute(trx);
  if (Number(updated.numAffectedRows ?? 0) === 0) {
    await sql`INSERT INTO sqlite_sequence (name, seq) VALUES (${name}, ${seq})`.execute(trx);
  }
}
