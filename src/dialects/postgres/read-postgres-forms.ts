import { sql, type Kysely } from 'kysely';
import type { Schema, Table } from '../../schema/schema.js';
import type { DatabaseForms } from '../dialect.js';
import { formKeys, planPostgresScratch, type ScratchStep } from './plan-postgres-scratch.js';
import { introspectPostgres } from './postgres-introspector.js';
import { normalizePostgresSchema } from './postgres-normalizer.js';

/**
 * Asks PostgreSQL how it prints the target's raw types, defaults, CHECK expressions and index
 * expressions and predicates (`planPostgresScratch` says how): they are created on scratch
 * temporary tables inside a transaction (or a savepoint of the caller's) that is rolled back,
 * then read back by the introspector itself, so they come out exactly as the live ones do.
 * Given `live`, only what the text rules cannot settle against it is asked about (one more
 * query first, for the current schema); a database in sync with its models usually needs no
 * scratch table at all.
 *
 * All DDL runs in ONE `DO` statement: a fixed PL/pgSQL loop over a JSON plan, each step in its
 * own exception block, so whatever cannot be created (a function or type the migration has not
 * made yet) is skipped and left to the text rules. Statements sent: BEGIN, DO, one query for the
 * schema names, the introspector's (a fixed number), ROLLBACK, whatever the number of tables.
 */
export async function readPostgresForms(db: Kysely<any>, target: Schema, live?: Schema): Promise<DatabaseForms> {
  const currentSchema = async () => (await sql<{ current: string }>`select current_schema() as current`.execute(db)).rows[0]?.current ?? null;
  let needed: ((key: string) => boolean) | undefined;
  let defaultSchema: string | null | undefined;
  if (live) {
    // Only what the text rules cannot settle against the live schema goes to the database.
    defaultSchema = await currentSchema();
    const keys = postgresFormsNeeded(target, live, defaultSchema);
    // In sync (the usual case): nothing to plan, no need to walk every column again.
    if (keys.size === 0) return { defaultSchema, printed: new Map() };
    needed = (key) => keys.has(key);
  }
  const plan = planPostgresScratch(target, needed);
  if (plan.steps.length === 0) return { defaultSchema: defaultSchema !== undefined ? defaultSchema : await currentSchema(), printed: new Map() };
  return inRolledBackTransaction(db, async (trx) => {
    await sql.raw(scratchScript(plan.steps)).execute(trx);
    const names = (
      await sql<{ current: string; temp: string | null }>`
        select current_schema() as current,
          (select nspname::text from pg_namespace where oid = pg_my_temp_schema()) as temp`.execute(trx)
    ).rows[0]!;
    const printed = new Map<string, unknown>();
    if (names.temp !== null) {
      const scratch = await introspectPostgres(trx, { schemas: [names.temp] });
      const byName = new Map(scratch.tables.map((t) => [t.name, t]));
      for (const file of plan.file) file(byName, printed);
    }
    return { defaultSchema: names.current, printed };
  });
}

/**
 * The form keys of the target objects whose comparison the text rules cannot settle: a raw
 * type, default, CHECK or index whose live counterpart reads differently by text rules alone
 * (and an unnamed CHECK that no live one matches, since it is matched by its expression). What
 * the text rules already find equal needs no database, and neither does a target object with
 * nothing to compare against (it is simply created). For a database in sync with its models,
 * this is usually nothing at all.
 */
export function postgresFormsNeeded(target: Schema, live: Schema, defaultSchema: string | null): Set<string> {
  const needed = new Set<string>();
  const targetNorm = normalizePostgresSchema(target, { side: 'target', defaultSchema });
  const liveNorm = normalizePostgresSchema(live, { side: 'live', defaultSchema });
  const liveTables = new Map(liveNorm.tables.map((t) => [`${t.schema ?? ''}.${t.name}`, t]));
  target.tables.forEach((orig, i) => {
    const norm = targetNorm.tables[i]!;
    const liveTable: Table | undefined = liveTables.get(`${norm.schema ?? ''}.${norm.name}`);
    if (!liveTable) return;
    // Keys are filed under the target's own spelling of the table.
    const tableKey = `${orig.schema ?? ''}.${orig.name}`;
    orig.columns.forEach((column, c) => {
      const mine = norm.columns[c]!;
      const theirs = liveTable.columns.find((x) => x.name === mine.name);
      if (!theirs) return;
      // Keys only for what differs: making one compiles the column's type and default.
      const typeKey = same(mine.type, theirs.type) ? null : formKeys.type(tableKey, column);
      if (typeKey !== null) needed.add(typeKey);
      const defaultKey = same(mine.default ?? null, theirs.default ?? null) ? null : formKeys.default(column);
      if (defaultKey !== null) needed.add(defaultKey);
    });
    orig.checks.forEach((check, c) => {
      const mine = norm.checks[c]!;
      const theirs = mine.name ? liveTable.checks.find((x) => x.name === mine.name) : undefined;
      const settled = mine.name
        ? !theirs || theirs.expression === mine.expression
        : liveTable.checks.length === 0 || liveTable.checks.some((x) => x.expression === mine.expression);
      if (!settled) needed.add(formKeys.check(tableKey, check.expression));
    });
    orig.indexes.forEach((index, k) => {
      const mine = norm.indexes[k]!;
      const theirs = liveTable.indexes.find((x) => x.name === mine.name);
      if (theirs && !(same(mine.columns, theirs.columns) && mine.where === theirs.where)) needed.add(formKeys.index(tableKey, index));
    });
  });
  return needed;
}

/**
 * Equality of the small plain values compared here (types, defaults, index elements), as their
 * JSON would be equal up to key order: keys holding undefined count as absent. Not
 * `JSON.stringify` twice per column, which a thousand tables make tens of thousands of times.
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const kx = keys(x);
  return kx.length === keys(y).length && kx.every((k) => same(x[k], y[k]));
}

/**
 * The DO statement running the steps. Its code is the same small loop whatever the plan (a
 * generated block per statement made PL/pgSQL spend seconds compiling thousands of exception
 * handlers); the plan travels as a dollar-quoted JSON literal.
 */
function scratchScript(steps: readonly ScratchStep[]): string {
  const json = JSON.stringify(steps.map((s) => ({ try: s.try, otherwise: s.otherwise })));
  const tag = freeTag(json, 'orm_plan');
  const code = `
DECLARE step jsonb; alt jsonb; s text;
BEGIN
  FOR step IN SELECT value FROM jsonb_array_elements(${tag}${json}${tag}::jsonb) LOOP
    BEGIN
      FOR s IN SELECT value FROM jsonb_array_elements_text(step->'try') LOOP EXECUTE s; END LOOP;
    EXCEPTION WHEN others THEN
      FOR alt IN SELECT value FROM jsonb_array_elements(step->'otherwise') LOOP
        BEGIN
          FOR s IN SELECT value FROM jsonb_array_elements_text(alt) LOOP EXECUTE s; END LOOP;
        EXCEPTION WHEN others THEN NULL;
        END;
      END LOOP;
    END;
  END LOOP;
END`;
  const outer = freeTag(code, 'orm');
  return `DO ${outer}${code}${outer}`;
}

/** A dollar-quote tag that `text` does not contain. */
function freeTag(text: string, base: string): string {
  let tag = `$${base}$`;
  for (let n = 0; text.includes(tag); n += 1) tag = `$${base}${n}$`;
  return tag;
}

class Rollback extends Error {}

/** Runs `work` and always rolls it back: a transaction, or a savepoint inside the caller's. */
async function inRolledBackTransaction<T>(db: Kysely<any>, work: (trx: Kysely<any>) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`savepoint orm_read_forms`.execute(db);
    try {
      return await work(db);
    } finally {
      await sql`rollback to savepoint orm_read_forms`.execute(db);
      await sql`release savepoint orm_read_forms`.execute(db);
    }
  }
  let result: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      result = await work(trx);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return result as T;
}
