import { isIdentifier, tokenizeSqlite, type SqliteToken } from './sqlite-tokenize.js';

/**
 * One spelling for SQLite SQL fragments (CHECK expressions, index expressions and predicates,
 * SQL defaults, declared types) so that text that means the same compares equal: SQLite keeps
 * these texts exactly as written, so only spelling differences need erasing, never rewrites.
 *
 * - identifiers and keywords in lower case, quoted or not (SQLite compares names that way);
 * - strings re-quoted, `==` as `=`, `!=` as `<>`;
 * - one space between tokens, comments dropped;
 * - parentheses around the whole text, or around a single token that is not a call's or an
 *   IN list's argument, removed.
 */
export function canonicalSqliteSql(text: string): string {
  let tokens = tokenizeSqlite(text).map(canonicalToken);
  for (;;) {
    const next = stripOuterParens(stripSingleTokenParens(tokens));
    if (next.length === tokens.length) return next.join(' ');
    tokens = next;
  }
}

/** The tokens of `text` without parentheses around the whole of it. */
export function withoutOuterParens(text: string): string {
  const tokens = tokenizeSqlite(text);
  let from = 0;
  let to = tokens.length;
  while (to - from >= 2 && wraps(tokens.map((t) => t.text), from, to)) {
    from += 1;
    to -= 1;
  }
  return from === 0 ? text.trim() : text.slice(tokens[from]!.start, tokens[to - 1]!.end);
}

/** The name, when `text` is a single identifier (a column named on its own); otherwise null. */
export function loneIdentifier(text: string): string | null {
  const tokens = tokenizeSqlite(text);
  return tokens.length === 1 && isIdentifier(tokens[0]) ? tokens[0].value : null;
}

/**
 * The affinity SQLite derives from a declared type (https://sqlite.org/datatype3.html 3.1):
 * it decides how a default value is stored, so `0` and `'0'` are the same default on an
 * INTEGER column and on a TEXT one, but not on a BLOB one.
 */
export function sqliteAffinity(declared: string): 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC' {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

function canonicalToken(t: SqliteToken): string {
  switch (t.kind) {
    case 'ident':
    case 'quoted':
      return t.value.toLowerCase();
    case 'string':
      return `'${t.value.replace(/'/g, "''")}'`;
    case 'blob':
    case 'number':
      return t.text.toLowerCase();
    case 'punct':
      return t.text === '==' ? '=' : t.text === '!=' ? '<>' : t.text;
  }
}

/** True when tokens[from] is `(` and its matching `)` is tokens[to - 1]. */
function wraps(tokens: readonly string[], from: number, to: number): boolean {
  if (tokens[from] !== '(' || tokens[to - 1] !== ')') return false;
  let depth = 0;
  for (let i = from; i < to; i += 1) {
    if (tokens[i] === '(') depth += 1;
    else if (tokens[i] === ')') depth -= 1;
    if (depth === 0 && i < to - 1) return false;
  }
  return true;
}

function stripOuterParens(tokens: string[]): string[] {
  let out = tokens;
  while (out.length >= 2 && wraps(out, 0, out.length)) out = out.slice(1, -1);
  return out;
}

const PUNCT_BEFORE = /^[^a-z0-9_'"\])]/i;

/** `( x )` -> `x` where the parentheses are not a call's (`f(x)`) nor a list's (`IN (x)`). */
function stripSingleTokenParens(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const before = out[out.length - 1];
    const lone = tokens[i] === '(' && tokens[i + 2] === ')' && tokens[i + 1] !== '(' && tokens[i + 1] !== ')';
    if (lone && (before === undefined || PUNCT_BEFORE.test(before))) {
      out.push(tokens[i + 1]!);
      i += 2;
    } else {
      out.push(tokens[i]!);
    }
  }
  return out;
}
