/**
 * A small SQL tokenizer for the SQLite texts we must read back: CREATE TABLE / CREATE INDEX
 * statements stored in `sqlite_schema` (checks, constraint names and index expressions exist
 * nowhere else), view and trigger bodies (to find what mentions a table), and `op.execute`
 * scripts (better-sqlite3 prepares one statement at a time).
 */

/** `ident` is a bare word or keyword, `quoted` a "..", [..] or `..` identifier. */
export type SqliteTokenKind = 'ident' | 'quoted' | 'string' | 'blob' | 'number' | 'punct';

export interface SqliteToken {
  readonly kind: SqliteTokenKind;
  /** The token exactly as written. */
  readonly text: string;
  /** Identifiers unquoted, strings unescaped; otherwise the text. */
  readonly value: string;
  /** Offsets into the source, so that callers can slice original text (expressions). */
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const CLOSING: Readonly<Record<string, string>> = { '"': '"', '`': '`', '[': ']' };

/** Splits SQL into tokens, dropping whitespace and comments. Unterminated text runs to the end. */
export function tokenizeSqlite(sql: string): SqliteToken[] {
  const tokens: SqliteToken[] = [];
  let i = 0;
  const push = (kind: SqliteTokenKind, start: number, end: number, value?: string) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end });
  };
  // Reads a quoted run ending in `close`, where a doubled `close` stands for itself.
  const quoted = (start: number, close: string): { end: number; value: string } => {
    let j = start + 1;
    let value = '';
    while (j < sql.length) {
      if (sql[j] === close) {
        if (close !== ']' && sql[j + 1] === close) {
          value += close;
          j += 2;
          continue;
        }
        return { end: j + 1, value };
      }
      value += sql[j];
      j += 1;
    }
    return { end: sql.length, value };
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (ch === "'") {
      const q = quoted(i, "'");
      push('string', i, q.end, q.value);
      i = q.end;
    } else if ((ch === 'x' || ch === 'X') && sql[i + 1] === "'") {
      const q = quoted(i + 1, "'");
      push('blob', i, q.end);
      i = q.end;
    } else if (CLOSING[ch]) {
      const q = quoted(i, CLOSING[ch]!);
      push('quoted', i, q.end, q.value);
      i = q.end;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(0x[0-9a-f]+|[0-9]*\.?[0-9]*(e[+-]?[0-9]+)?)/i.exec(sql.slice(i))!;
      push('number', i, i + Math.max(1, m[0].length));
      i += Math.max(1, m[0].length);
    } else if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j]!)) j += 1;
      push('ident', i, j);
      i = j;
    } else {
      // Two-character operators matter only as non-identifiers; keep them whole for readability.
      const two = sql.slice(i, i + 2);
      const len = ['<=', '>=', '<>', '!=', '==', '||', '<<', '>>', '->'].includes(two) ? 2 : 1;
      push('punct', i, i + len);
      i += len;
    }
  }
  return tokens;
}

/** True when the token is the (case-insensitive) keyword `word`; quoted identifiers never are. */
export function isKeyword(token: SqliteToken | undefined, word: string): boolean {
  return token !== undefined && token.kind === 'ident' && token.value.toUpperCase() === word;
}

/** True for tokens that name something: bare or quoted identifiers. */
export function isIdentifier(token: SqliteToken | undefined): token is SqliteToken {
  return token !== undefined && (token.kind === 'ident' || token.kind === 'quoted');
}

/** Index of the `)` matching the `(` at `open`, or the last token when unbalanced. */
export function matchingParen(tokens: readonly SqliteToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth += 1;
    else if (t.text === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return tokens.length - 1;
}

/** Splits tokens [from, to) at commas outside parentheses. */
export function splitTopLevel(tokens: readonly SqliteToken[], from: number, to: number): SqliteToken[][] {
  const parts: SqliteToken[][] = [];
  let current: SqliteToken[] = [];
  let depth = 0;
  for (let i = from; i < to; i += 1) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.text === '(') depth += 1;
    if (t.kind === 'punct' && t.text === ')') depth -= 1;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') {
      parts.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The original text covered by a run of tokens (comments inside kept, ends trimmed). */
export function sliceTokens(sql: string, tokens: readonly SqliteToken[]): string {
  if (tokens.length === 0) return '';
  return sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

/** Names are compared as SQLite compares them: ASCII case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** True when two column lists name the same columns in the same order. */
export function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => sameName(c, b[i]!));
}

/** True when `sql` uses `name` as an identifier (case-insensitive, as SQLite compares names). */
export function mentionsIdentifier(sql: string, name: string): boolean {
  const wanted = name.toLowerCase();
  return tokenizeSqlite(sql).some((t) => isIdentifier(t) && t.value.toLowerCase() === wanted);
}

/**
 * Splits a script into statements at top-level semicolons. A trigger body (`BEGIN ... END`)
 * holds semicolons of its own, and `CASE ... END` may nest inside it, so those are tracked.
 */
export function splitSqliteStatements(script: string): string[] {
  const tokens = tokenizeSqlite(script);
  const statements: string[] = [];
  let first = 0;
  let inTrigger = false;
  let inBody = false;
  let caseDepth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (i === first) {
      const kinds = tokens.slice(i, i + 3).map((x) => x.value.toUpperCase());
      inTrigger = kinds[0] === 'CREATE' && (kinds[1] === 'TRIGGER' || kinds[2] === 'TRIGGER');
      inBody = false;
      caseDepth = 0;
    }
    if (inTrigger && isKeyword(t, 'BEGIN')) inBody = true;
    else if (inBody && isKeyword(t, 'CASE')) caseDepth += 1;
    else if (inBody && isKeyword(t, 'END')) {
      if (caseDepth > 0) caseDepth -= 1;
      else inBody = false;
    }
    if (t.kind === 'punct' && t.text === ';' && !inBody) {
      if (i > first) statements.push(script.slice(tokens[first]!.start, t.start).trim());
      first = i + 1;
    }
  }
  if (first < tokens.length) statements.push(script.slice(tokens[first]!.start).trim());
  return statements.filter((s) => s !== '');
}
