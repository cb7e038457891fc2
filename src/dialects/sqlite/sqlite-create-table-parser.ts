import {
  isKeyword,
  matchingParen,
  sliceTokens,
  splitTopLevel,
  tokenizeSqlite,
  type SqliteToken,
} from './sqlite-tokenize.js';

/**
 * What only the CREATE TABLE text knows: the pragmas report columns, keys, foreign keys and
 * unique indexes, but not constraint names, CHECK constraints, AUTOINCREMENT, DEFERRABLE,
 * COLLATE, generated columns, WITHOUT ROWID or STRICT.
 */
export interface ParsedCreateTable {
  readonly columns: readonly ParsedColumn[];
  readonly primaryKeyName: string | null;
  /** Table-level and column-level UNIQUE, in text order. */
  readonly uniques: ReadonlyArray<{ readonly name: string | null; readonly columns: readonly string[] }>;
  /**
   * Table-level and column-level CHECK, in text order; `expression` without `CHECK ( )`. A
   * column's own `CHECK (col IN ('a', 'b'))` (how an enum column is written) also gives the
   * column and the values.
   */
  readonly checks: ReadonlyArray<{
    readonly name: string | null;
    readonly expression: string;
    readonly enumOf?: { readonly column: string; readonly values: readonly string[] };
  }>;
  /** Table-level FOREIGN KEY and column-level REFERENCES, in text order. */
  readonly foreignKeys: readonly ParsedForeignKey[];
  readonly withoutRowid: boolean;
  readonly strict: boolean;
}

export interface ParsedColumn {
  readonly name: string;
  readonly autoincrement: boolean;
  /** `COLLATE x` and `GENERATED ALWAYS AS (...) STORED` clauses, as written. */
  readonly extras: readonly string[];
  readonly generated: boolean;
}

export interface ParsedForeignKey {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

/** A CREATE INDEX statement: element texts (columns or expressions) and the partial predicate. */
export interface ParsedCreateIndex {
  readonly elements: readonly string[];
  readonly where: string | null;
}

const COLUMN_CONSTRAINT_START = new Set([
  'CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS',
]);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

const upper = (t: SqliteToken | undefined) => (t && t.kind === 'ident' ? t.value.toUpperCase() : '');
const isPunct = (t: SqliteToken | undefined, text: string) => t !== undefined && t.kind === 'punct' && t.text === text;

/** Reads a CREATE TABLE statement as stored in `sqlite_schema.sql`. */
export function parseSqliteCreateTable(sql: string): ParsedCreateTable {
  const tokens = tokenizeSqlite(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  const result = {
    columns: [] as ParsedColumn[],
    primaryKeyName: null as string | null,
    uniques: [] as Array<{ name: string | null; columns: string[] }>,
    checks: [] as Array<{ name: string | null; expression: string; enumOf?: { column: string; values: string[] } }>,
    foreignKeys: [] as ParsedForeignKey[],
    withoutRowid: false,
    strict: false,
  };
  if (open === -1) return result;
  const close = matchingParen(tokens, open);
  for (const part of splitTopLevel(tokens, open + 1, close)) {
    if (part.length === 0) continue;
    if (TABLE_CONSTRAINT_START.has(upper(part[0])) && part[0]!.kind === 'ident') {
      readTableConstraint(sql, part, result);
    } else {
      result.columns.push(readColumn(sql, part, result));
    }
  }
  // Table options follow the closing parenthesis: `WITHOUT ROWID`, `STRICT`, comma separated.
  const options = tokens.slice(close + 1).map((t) => t.value.toUpperCase());
  result.withoutRowid = options.includes('ROWID');
  result.strict = options.includes('STRICT');
  return result;
}

/** Reads a CREATE INDEX statement as stored in `sqlite_schema.sql`. */
export function parseSqliteCreateIndex(sql: string): ParsedCreateIndex {
  const tokens = tokenizeSqlite(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  if (open === -1) return { elements: [], where: null };
  const close = matchingParen(tokens, open);
  const elements = splitTopLevel(tokens, open + 1, close).map((part) => sliceTokens(sql, part));
  const whereAt = tokens.findIndex((t, i) => i > close && isKeyword(t, 'WHERE'));
  let rest = whereAt === -1 ? [] : tokens.slice(whereAt + 1);
  if (isPunct(rest[rest.length - 1], ';')) rest = rest.slice(0, -1);
  return { elements, where: rest.length > 0 ? sliceTokens(sql, rest) : null };
}

type MutableResult = {
  primaryKeyName: string | null;
  uniques: Array<{ name: string | null; columns: string[] }>;
  checks: Array<{ name: string | null; expression: string; enumOf?: { column: string; values: string[] } }>;
  foreignKeys: ParsedForeignKey[];
};

/** The text inside the parentheses opening at `open`, and the index after the `)`. */
function parenthesized(sql: string, tokens: readonly SqliteToken[], open: number): { text: string; next: number } {
  if (!isPunct(tokens[open], '(')) return { text: '', next: open };
  const close = matchingParen(tokens, open);
  return { text: sliceTokens(sql, tokens.slice(open + 1, close)), next: close + 1 };
}

/** Column names of `(a COLLATE x DESC, b)`: the first token of each element. */
function columnList(tokens: readonly SqliteToken[], open: number): { columns: string[]; next: number } {
  if (!isPunct(tokens[open], '(')) return { columns: [], next: open };
  const close = matchingParen(tokens, open);
  const columns = splitTopLevel(tokens, open + 1, close)
    .filter((p) => p.length > 0)
    .map((p) => p[0]!.value);
  return { columns, next: close + 1 };
}

/** Skips `ON CONFLICT <action>` after PRIMARY KEY, NOT NULL and UNIQUE. */
function skipConflict(tokens: readonly SqliteToken[], i: number): number {
  return isKeyword(tokens[i], 'ON') && isKeyword(tokens[i + 1], 'CONFLICT') ? i + 3 : i;
}

/** Reads `REFERENCES t (cols) [ON ...] [MATCH x] [[NOT] DEFERRABLE [INITIALLY ...]]` at `i`. */
function readReferences(
  tokens: readonly SqliteToken[],
  i: number,
): { refTable: string; deferrable: boolean; initiallyDeferred: boolean; next: number } {
  const refTable = tokens[i + 1]?.value ?? '';
  let j = columnList(tokens, i + 2).next;
  let deferrable = false;
  let initiallyDeferred = false;
  for (;;) {
    const word = upper(tokens[j]);
    if (word === 'ON') {
      // ON DELETE|UPDATE SET NULL|SET DEFAULT|CASCADE|RESTRICT|NO ACTION
      j += ['SET', 'NO'].includes(upper(tokens[j + 2])) ? 4 : 3;
    } else if (word === 'MATCH') {
      j += 2;
    } else if (word === 'NOT' && isKeyword(tokens[j + 1], 'DEFERRABLE')) {
      j += 2;
    } else if (word === 'DEFERRABLE') {
      deferrable = true;
      j += 1;
    } else if (word === 'INITIALLY') {
      initiallyDeferred = isKeyword(tokens[j + 1], 'DEFERRED');
      j += 2;
    } else {
      return { refTable, deferrable, initiallyDeferred, next: j };
    }
  }
}

function readTableConstraint(sql: string, part: readonly SqliteToken[], out: MutableResult): void {
  let i = 0;
  let name: string | null = null;
  if (isKeyword(part[0], 'CONSTRAINT')) {
    name = part[1]?.value ?? null;
    i = 2;
  }
  const word = upper(part[i]);
  if (word === 'PRIMARY') {
    out.primaryKeyName = name;
  } else if (word === 'UNIQUE') {
    out.uniques.push({ name, columns: columnList(part, i + 1).columns });
  } else if (word === 'CHECK') {
    out.checks.push({ name, expression: parenthesized(sql, part, i + 1).text });
  } else if (word === 'FOREIGN') {
    const cols = columnList(part, i + 2);
    if (isKeyword(part[cols.next], 'REFERENCES')) {
      const ref = readReferences(part, cols.next);
      out.foreignKeys.push({ name, columns: cols.columns, ...pick(ref) });
    }
  }
}

function pick(ref: { refTable: string; deferrable: boolean; initiallyDeferred: boolean }) {
  return { refTable: ref.refTable, deferrable: ref.deferrable, initiallyDeferred: ref.initiallyDeferred };
}

function readColumn(sql: string, part: readonly SqliteToken[], out: MutableResult): ParsedColumn {
  const name = part[0]!.value;
  let i = 1;
  // The declared type runs until the first constraint keyword (pragma_table_xinfo reports it).
  while (i < part.length && !(part[i]!.kind === 'ident' && COLUMN_CONSTRAINT_START.has(upper(part[i])))) {
    i = isPunct(part[i], '(') ? matchingParen(part, i) + 1 : i + 1;
  }
  let autoincrement = false;
  let generated = false;
  const extras: string[] = [];
  let constraintName: string | null = null;
  while (i < part.length) {
    const word = upper(part[i]);
    const start = i;
    if (word === 'CONSTRAINT') {
      constraintName = part[i + 1]?.value ?? null;
      i += 2;
      continue;
    }
    if (word === 'PRIMARY') {
      out.primaryKeyName = constraintName;
      i += 2;
      if (['ASC', 'DESC'].includes(upper(part[i]))) i += 1;
      i = skipConflict(part, i);
      if (isKeyword(part[i], 'AUTOINCREMENT')) {
        autoincrement = true;
        i += 1;
      }
    } else if (word === 'NOT') {
      i = skipConflict(part, i + 2);
    } else if (word === 'NULL') {
      i = skipConflict(part, i + 1);
    } else if (word === 'UNIQUE') {
      out.uniques.push({ name: constraintName, columns: [name] });
      i = skipConflict(part, i + 1);
    } else if (word === 'CHECK') {
      const p = parenthesized(sql, part, i + 1);
      const values = enumCheckValues(p.text, name);
      out.checks.push({ name: constraintName, expression: p.text, ...(values && { enumOf: { column: name, values } }) });
      i = p.next;
    } else if (word === 'DEFAULT') {
      i += 1;
      if (isPunct(part[i], '(')) i = matchingParen(part, i) + 1;
      else if (isPunct(part[i], '+') || isPunct(part[i], '-')) i += 2;
      else i += 1;
    } else if (word === 'COLLATE') {
      i += 2;
      extras.push(sliceTokens(sql, part.slice(start, i)));
    } else if (word === 'REFERENCES') {
      const ref = readReferences(part, i);
      out.foreignKeys.push({ name: constraintName, columns: [name], ...pick(ref) });
      i = ref.next;
    } else if (word === 'GENERATED' || word === 'AS') {
      if (word === 'GENERATED') i += 2; // GENERATED ALWAYS
      i = parenthesized(sql, part, i + 1).next;
      if (['STORED', 'VIRTUAL'].includes(upper(part[i]))) i += 1;
      generated = true;
      extras.push(sliceTokens(sql, part.slice(start, i)));
    } else {
      i += 1; // something this reader does not know: skip it rather than fail
    }
    constraintName = null;
  }
  return { name, autoincrement, extras, generated };
}

/**
 * The values of `column IN ('a', 'b', ...)` (the CHECK an enum column is written with), or null
 * when the expression is anything else.
 */
export function enumCheckValues(expression: string, column: string): string[] | null {
  const tokens = tokenizeSqlite(expression);
  const [col, word, open] = tokens;
  if (!col || (col.kind !== 'ident' && col.kind !== 'quoted') || col.value.toLowerCase() !== column.toLowerCase()) return null;
  if (!isKeyword(word, 'IN') || !isPunct(open, '(') || !isPunct(tokens[tokens.length - 1], ')')) return null;
  const values: string[] = [];
  const inner = tokens.slice(3, -1);
  for (let i = 0; i < inner.length; i += 2) {
    if (inner[i]!.kind !== 'string') return null;
    if (i + 1 < inner.length && !isPunct(inner[i + 1], ',')) return null;
    if (i + 1 === inner.length - 1) return null; // a trailing comma
    values.push(inner[i]!.value);
  }
  return values;
}
