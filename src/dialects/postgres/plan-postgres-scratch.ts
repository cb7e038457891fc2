import type { Column, Index, IndexElement, Schema, ServerDefault, Table } from '../../schema/schema.js';
import { compileCreateIndex } from './compile-create-table.js';
import { createPostgresCompiler } from './postgres-compiler.js';
import { postgresDefaultSql } from './postgres-literal.js';
import { postgresTypeSql } from './postgres-types.js';

/**
 * One step of the scratch script: `try` runs as a whole; if any statement fails, each group of
 * `otherwise` runs on its own, and a group that fails is skipped (its forms are then left to
 * the text rules).
 */
export interface ScratchStep {
  readonly try: readonly string[];
  readonly otherwise: ReadonlyArray<readonly string[]>;
}

export interface ScratchPlan {
  readonly steps: readonly ScratchStep[];
  /** Files what was read back (scratch tables by name) under the form keys. */
  readonly file: Array<(scratch: ReadonlyMap<string, Table>, out: Map<string, unknown>) => void>;
}

/** Limits that keep each scratch table cheap to build (constraint names are checked one by one). */
const MAX_COLUMNS = 400;
const MAX_OBJECTS = 50;
const MAX_SHARED_COLUMNS = 1000;

const id = (name: string) => `"${name.replace(/"/g, '""')}"`;
const attemptText = (make: () => string): string | null => {
  try {
    return make();
  } catch {
    return null;
  }
};
const GENERATED_COLUMN = /\bgenerated\b/i;
const needsPrinting = (index: Index) => !!index.where || index.columns.some((e) => typeof e !== 'string');

/** An index's elements and predicate as PostgreSQL prints them back. */
export interface PrintedIndex {
  readonly columns: readonly IndexElement[];
  readonly where: string | null;
}

/**
 * The keys under which the forms PostgreSQL printed for the target are filed, built from the
 * target's own text (and its table, where columns matter) so that the normalizer finds them
 * without relying on positions. A type is read back only when raw (portable types map exactly);
 * a generated column's type needs its table; a default depends only on its type.
 */
export const formKeys = {
  type(tableKey: string, column: Column): string | null {
    if (column.type.kind !== 'raw') return null;
    const text = column.type.sql;
    return GENERATED_COLUMN.test(text) ? `g:${tableKey}\u0000${text}` : `t:${text}`;
  },
  default(column: Column): string | null {
    if (!column.default || column.autoincrement || (column.type.kind === 'raw' && GENERATED_COLUMN.test(column.type.sql))) return null;
    const typeSql = attemptText(() => postgresTypeSql(column.type));
    const defaultSql = attemptText(() => postgresDefaultSql(column.default!));
    return typeSql === null || defaultSql === null ? null : `d:${typeSql}\u0000${defaultSql}`;
  },
  check: (tableKey: string, expression: string) => `c:${tableKey}\u0000${expression}`,
  index: (tableKey: string, index: Index) => `i:${tableKey}\u0000${JSON.stringify([index.columns, index.where ?? null])}`,
};

/**
 * The scratch tables that make PostgreSQL print the target's forms:
 * - defaults cannot name columns, so each distinct (type, default), and each raw type, is one
 *   column of shared tables;
 * - checks, index expressions and predicates, and generated columns need their table's columns:
 *   tables are packed together into a few scratch tables when their same-named columns have the
 *   same type (1,000 CREATE TABLEs would cost far more than the expressions themselves).
 */
export function planPostgresScratch(target: Schema, needed: (key: string) => boolean = () => true): ScratchPlan {
  const steps: ScratchStep[] = [];
  const file: ScratchPlan['file'] = [];
  planDefaults(target, needed, steps, file);
  planTables(target, needed, steps, file);
  return { steps, file };
}

function planDefaults(target: Schema, needed: (key: string) => boolean, steps: ScratchStep[], file: ScratchPlan['file']): void {
  const shared = new Map<string, { typeSql: string; defaultSql: string | null }>();
  for (const table of target.tables) {
    const tableKey = `${table.schema ?? ''}.${table.name}`;
    for (const column of table.columns) {
      const typeSql = attemptText(() => postgresTypeSql(column.type));
      const typeKey = formKeys.type(tableKey, column);
      if (typeSql !== null && typeKey?.startsWith('t:') && needed(typeKey)) shared.set(typeKey, { typeSql, defaultSql: null });
      const defaultKey = formKeys.default(column);
      if (typeSql !== null && defaultKey !== null && needed(defaultKey)) shared.set(defaultKey, { typeSql, defaultSql: postgresDefaultSql(column.default!) });
    }
  }
  const entries = [...shared];
  for (let chunk = 0; chunk * MAX_SHARED_COLUMNS < entries.length; chunk += 1) {
    const name = id(`orm_scratch_d${chunk}`);
    const part = entries.slice(chunk * MAX_SHARED_COLUMNS, (chunk + 1) * MAX_SHARED_COLUMNS);
    const def = (e: { defaultSql: string | null }) => (e.defaultSql === null ? '' : ` DEFAULT ${e.defaultSql}`);
    steps.push({
      try: [`CREATE TEMP TABLE ${name} (${part.map(([, e], j) => `"c${j}" ${e.typeSql}${def(e)}`).join(', ')})`],
      otherwise: [
        [`CREATE TEMP TABLE ${name} ()`],
        ...part.flatMap(([, e], j) => [
          [`ALTER TABLE ${name} ADD COLUMN "c${j}" ${e.typeSql}`],
          ...(e.defaultSql === null ? [] : [[`ALTER TABLE ${name} ALTER COLUMN "c${j}" SET DEFAULT ${e.defaultSql}`]]),
        ]),
      ],
    });
    file.push((scratch, out) => {
      const table = scratch.get(`orm_scratch_d${chunk}`);
      part.forEach(([key], j) => {
        const column = table?.columns.find((c) => c.name === `c${j}`);
        if (!column) return;
        if (key.startsWith('t:')) out.set(key, column.type);
        // No default read back means SET DEFAULT failed (or said NULL): the text rules decide.
        else if (column.default) out.set(key, column.default satisfies ServerDefault);
      });
    });
  }
}

interface Bucket {
  readonly name: string;
  readonly columns: Map<string, string>;
  objects: number;
  readonly create: string[];
  readonly checks: string[];
  readonly indexes: string[];
}

function planTables(target: Schema, needed: (key: string) => boolean, steps: ScratchStep[], file: ScratchPlan['file']): void {
  const compiler = createPostgresCompiler();
  const buckets: Bucket[] = [];
  target.tables.forEach((table, t) => {
    const tableKey = `${table.schema ?? ''}.${table.name}`;
    const checks = table.checks.filter((c) => needed(formKeys.check(tableKey, c.expression)));
    const indexes = table.indexes.filter((i) => needsPrinting(i) && needed(formKeys.index(tableKey, i)));
    const generated = table.columns.filter((c) => formKeys.type(tableKey, c)?.startsWith('g:') && needed(formKeys.type(tableKey, c)!));
    if (checks.length === 0 && indexes.length === 0 && generated.length === 0) return;
    const columns = table.columns
      .map((c): [string, string | null] => [c.name, attemptText(() => postgresTypeSql(c.type))])
      .filter((x): x is [string, string] => x[1] !== null);
    const objects = checks.length + indexes.length;
    const fits = (b: Bucket) =>
      b.objects + objects <= MAX_OBJECTS &&
      b.columns.size + columns.length <= MAX_COLUMNS &&
      columns.every(([n, type]) => (b.columns.get(n) ?? type) === type);
    let bucket = buckets.find(fits);
    if (!bucket) {
      bucket = { name: `orm_scratch_t${buckets.length}`, columns: new Map(), objects: 0, create: [], checks: [], indexes: [] };
      buckets.push(bucket);
    }
    for (const [n, type] of columns) {
      if (!bucket.columns.has(n)) bucket.create.push(`${id(n)} ${type}`);
      bucket.columns.set(n, type);
    }
    bucket.objects += objects;
    checks.forEach((c, k) => bucket.checks.push(`ADD CONSTRAINT ${id(`orm_ck_${t}_${k}`)} CHECK (${c.expression})`));
    indexes.forEach((index, k) => {
      const text = attemptText(() => compileCreateIndex(compiler, bucket.name, null, { ...index, name: `orm_ix_${t}_${k}`, unique: false }));
      if (text !== null) bucket.indexes.push(text);
    });
    const name = bucket.name;
    file.push((scratch, out) => {
      const read = scratch.get(name);
      if (!read) return;
      for (const c of generated) {
        const back = read.columns.find((x) => x.name === c.name);
        if (back) out.set(formKeys.type(tableKey, c)!, back.type);
      }
      checks.forEach((c, k) => {
        const back = read.checks.find((x) => x.name === `orm_ck_${t}_${k}`);
        if (back) out.set(formKeys.check(tableKey, c.expression), back.expression);
      });
      indexes.forEach((index, k) => {
        const back = read.indexes.find((x) => x.name === `orm_ix_${t}_${k}`);
        if (back) out.set(formKeys.index(tableKey, index), { columns: back.columns, where: back.where ?? null } satisfies PrintedIndex);
      });
    });
  });
  for (const b of buckets) {
    const table = id(b.name);
    steps.push({
      try: [`CREATE TEMP TABLE ${table} (${b.create.join(', ')})`],
      otherwise: [[`CREATE TEMP TABLE ${table} ()`], ...b.create.map((c) => [`ALTER TABLE ${table} ADD COLUMN ${c}`])],
    });
    if (b.checks.length > 0) {
      steps.push({ try: [`ALTER TABLE ${table} ${b.checks.join(', ')}`], otherwise: b.checks.map((c) => [`ALTER TABLE ${table} ${c}`]) });
    }
    if (b.indexes.length > 0) steps.push({ try: b.indexes, otherwise: b.indexes.map((s) => [s]) });
  }
}
