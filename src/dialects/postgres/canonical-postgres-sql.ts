import { tokenizePostgres, type PostgresToken } from './tokenize-postgres.js';

/**
 * One spelling for PostgreSQL SQL fragments, by text rules alone. PostgreSQL does not keep
 * what was written: it stores a parse tree and prints it back (`pg_get_expr`), adding casts
 * (`'x'::text`, `(col)::text`, `0::numeric`), parentheses, and its own forms of some syntax.
 * The exact printed form comes from the database (see `readPostgresForms`); these rules are
 * what is left when no database can be asked, and they are applied to both sides, printed
 * forms included, so that equal texts stay equal:
 * - unquoted identifiers and keywords in lower case, quoted ones unquoted when that is the same
 *   name, strings re-quoted (E'' and $$ strings too), `!=` as `<>`, one space between tokens;
 * - casts of literals to text or number types removed (a numeric string becomes that number),
 *   and casts to the text types PostgreSQL adds when it compares a varchar (`(status)::text`);
 *   a minus sign before a number is part of it;
 * - `LIKE`/`ILIKE` as `~~`/`~~*`, `x IN (a, b)` as `x = ANY (ARRAY[a, b])`, `NOT IN` as
 *   `<> ALL (...)`, `x BETWEEN a AND b` as `x >= a AND x <= b`, as PostgreSQL prints them;
 * - parentheses around the whole text, or around one token that is no call's argument, removed.
 */
export function canonicalPostgresSql(text: string): string {
  // A schema repeats the same few texts (defaults, checks) across its tables: each is worked
  // out once per process.
  let canonical = canonicalCache.get(text);
  if (canonical === undefined) {
    if (canonicalCache.size >= CANONICAL_CACHE_SIZE) canonicalCache.clear();
    canonicalCache.set(text, (canonical = canonicalPostgresSqlUncached(text)));
  }
  return canonical;
}

const CANONICAL_CACHE_SIZE = 10_000;
const canonicalCache = new Map<string, string>();

function canonicalPostgresSqlUncached(text: string): string {
  let tokens = rewriteBetween(rewriteIn(rewriteLike(mergeSigns(stripCasts(tokenizePostgres(text).map(canonicalToken))))));
  for (;;) {
    const next = stripOuterParens(stripSingleTokenParens(tokens));
    if (next.length === tokens.length) return next.map((t) => t.text).join(' ');
    tokens = next;
  }
}

/** The name, when `text` is a single (possibly quoted) identifier; otherwise null. */
export function postgresLoneIdentifier(text: string): string | null {
  const tokens = tokenizePostgres(text);
  if (tokens.length !== 1) return null;
  const t = tokens[0]!;
  if (t.kind === 'quoted') return t.value;
  return t.kind === 'ident' ? t.value.toLowerCase() : null;
}

const PLAIN_NAME = /^[a-z_][a-z0-9_$]*$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const tok = (kind: PostgresToken['kind'], text: string): PostgresToken => ({ kind, text, value: text });
const is = (t: PostgresToken | undefined, text: string) => t !== undefined && t.text === text && t.kind !== 'string';

function canonicalToken(t: PostgresToken): PostgresToken {
  switch (t.kind) {
    case 'ident':
      return tok('ident', t.value.toLowerCase());
    case 'quoted':
      return { kind: 'ident', text: PLAIN_NAME.test(t.value) ? t.value : `"${t.value.replace(/"/g, '""')}"`, value: t.value };
    case 'string':
      return { ...t, text: `'${t.value.replace(/'/g, "''")}'` };
    case 'op':
      return t.text === '!=' ? tok('op', '<>') : t;
    default:
      return t;
  }
}

/** Words that continue a multi-word type name after `::` (`character varying`, `with time zone`). */
const TYPE_WORDS = new Set(['varying', 'precision', 'with', 'without', 'time', 'zone']);
/** Casts PostgreSQL adds by itself when comparing or assigning text-like values. */
const TEXT_TYPES = new Set(['text', 'varchar', 'character varying', 'bpchar', 'unknown', 'name']);
const NUMBER_TYPES = new Set(['integer', 'int', 'int4', 'bigint', 'int8', 'smallint', 'int2', 'numeric', 'decimal', 'real', 'float4', 'double precision', 'float8']);

function stripCasts(tokens: readonly PostgresToken[]): PostgresToken[] {
  const out: PostgresToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (!is(tokens[i], '::')) {
      out.push(tokens[i]!);
      continue;
    }
    // The type name: words, an optional schema, optional (modifiers), [] suffixes.
    let j = i + 1;
    const words: string[] = [];
    while (tokens[j]?.kind === 'ident' && (words.length === 0 || TYPE_WORDS.has(tokens[j]!.text))) {
      words.push(tokens[j]!.text);
      j += 1;
      if (is(tokens[j], '.') && tokens[j + 1]?.kind === 'ident') {
        words.length = 0;
        j += 1;
      }
    }
    if (is(tokens[j], '(')) {
      while (j < tokens.length && !is(tokens[j], ')')) j += 1;
      j += 1;
    }
    while (is(tokens[j], '[') && is(tokens[j + 1], ']')) j += 2;
    const type = words.join(' ');
    const previous = out[out.length - 1];
    const literal = previous?.kind === 'string' || previous?.kind === 'number';
    if (literal && NUMBER_TYPES.has(type) && NUMBER.test(previous!.value)) {
      out[out.length - 1] = tok('number', previous!.value);
    } else if (previous?.kind !== 'string' && !TEXT_TYPES.has(type)) {
      out.push(...tokens.slice(i, j));
    }
    i = j - 1;
  }
  return out;
}

/** Where a `-` is a sign (not a subtraction), it joins the number after it. */
function mergeSigns(tokens: readonly PostgresToken[]): PostgresToken[] {
  const out: PostgresToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    const before = out[out.length - 1];
    const signPosition = before === undefined || before.kind === 'op' || ['(', ',', '['].includes(before.text) || KEYWORDS.has(before.text);
    if (t.kind === 'op' && t.text === '-' && tokens[i + 1]?.kind === 'number' && signPosition) {
      out.push(tok('number', `-${tokens[i + 1]!.text}`));
      i += 1;
    } else {
      out.push(t);
    }
  }
  return out;
}

/** Keywords that are no function name and no operand (`any` and `all` take parentheses like calls). */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'between', 'when', 'then', 'else', 'case', 'is', 'like', 'ilike', 'select', 'where']);

function rewriteLike(tokens: readonly PostgresToken[]): PostgresToken[] {
  const out: PostgresToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const negated = is(tokens[i], 'not') && tokens[i + 1]?.kind === 'ident' && ['like', 'ilike'].includes(tokens[i + 1]!.text);
    const word = negated ? tokens[i + 1]!.text : tokens[i]!.kind === 'ident' ? tokens[i]!.text : '';
    if (word === 'like' || word === 'ilike') {
      out.push(tok('op', `${negated ? '!' : ''}~~${word === 'ilike' ? '*' : ''}`));
      if (negated) i += 1;
    } else {
      out.push(tokens[i]!);
    }
  }
  return out;
}

/** Index of the `)` closing the `(` at `open`. */
function closing(tokens: readonly PostgresToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (is(tokens[i], '(')) depth += 1;
    else if (is(tokens[i], ')') && --depth === 0) return i;
  }
  return tokens.length - 1;
}

function rewriteIn(tokens: readonly PostgresToken[]): PostgresToken[] {
  const out: PostgresToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const negated = is(tokens[i], 'not') && is(tokens[i + 1], 'in');
    const at = negated ? i + 1 : i;
    if (is(tokens[at], 'in') && is(tokens[at + 1], '(') && !is(tokens[at + 2], 'select')) {
      const end = closing(tokens, at + 1);
      const list = rewriteIn(tokens.slice(at + 2, end));
      out.push(tok('op', negated ? '<>' : '='), tok('ident', negated ? 'all' : 'any'), tok('punct', '('), tok('ident', 'array'));
      out.push(tok('punct', '['), ...list, tok('punct', ']'), tok('punct', ')'));
      i = end;
    } else {
      out.push(tokens[i]!);
    }
  }
  return out;
}

/** `x BETWEEN a AND b` -> `x >= a AND x <= b`, x being the operand just before. */
function rewriteBetween(tokens: readonly PostgresToken[]): PostgresToken[] {
  const out: PostgresToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const and = is(tokens[i], 'between') && !is(out[out.length - 1], 'not') ? tokens.findIndex((t, k) => k > i && is(t, 'and')) : -1;
    if (and === -1 || is(tokens[i + 1], 'symmetric')) {
      out.push(tokens[i]!);
      continue;
    }
    const left = out.splice(operandStart(out));
    const upperEnd = operandEnd(tokens, and + 1);
    out.push(...left, tok('op', '>='), ...tokens.slice(i + 1, and), tok('ident', 'and'));
    out.push(...left, tok('op', '<='), ...tokens.slice(and + 1, upperEnd));
    i = upperEnd - 1;
  }
  return out;
}

/** Start of the operand ending the tokens: a name, literal, call or parenthesized group. */
function operandStart(tokens: readonly PostgresToken[]): number {
  let p = tokens.length - 1;
  if (is(tokens[p], ')')) {
    let depth = 0;
    for (; p >= 0; p -= 1) {
      if (is(tokens[p], ')')) depth += 1;
      else if (is(tokens[p], '(') && --depth === 0) break;
    }
    if (tokens[p - 1]?.kind === 'ident' && !KEYWORDS.has(tokens[p - 1]!.text)) p -= 1;
  }
  while (is(tokens[p - 1], '.') && tokens[p - 2]?.kind === 'ident') p -= 2;
  return Math.max(0, p);
}

/** End (exclusive) of the operand starting at `from`. */
function operandEnd(tokens: readonly PostgresToken[], from: number): number {
  let p = from;
  while (tokens[p]?.kind === 'ident' && is(tokens[p + 1], '.')) p += 2;
  if (is(tokens[p], '(')) return closing(tokens, p) + 1;
  if (tokens[p]?.kind === 'ident' && is(tokens[p + 1], '(')) return closing(tokens, p + 1) + 1;
  return p + 1;
}

function wraps(tokens: readonly PostgresToken[], from: number, to: number): boolean {
  if (!is(tokens[from], '(') || !is(tokens[to - 1], ')')) return false;
  return closing(tokens.slice(0, to), from) === to - 1;
}

function stripOuterParens(tokens: PostgresToken[]): PostgresToken[] {
  let out = tokens;
  while (out.length >= 2 && wraps(out, 0, out.length)) out = out.slice(1, -1);
  return out;
}

/** `( x )` -> `x` unless the parentheses follow a name (a call, `IN`, `ANY`) or a `]`/`)`. */
function stripSingleTokenParens(tokens: readonly PostgresToken[]): PostgresToken[] {
  const out: PostgresToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const before = out[out.length - 1];
    const lone = is(tokens[i], '(') && is(tokens[i + 2], ')') && !['(', ')'].includes(tokens[i + 1]!.text);
    const afterName = before !== undefined && (before.kind === 'ident' || before.kind === 'string' || is(before, ')') || is(before, ']'));
    if (lone && !(afterName && !KEYWORDS.has(before.text))) {
      out.push(tokens[i + 1]!);
      i += 2;
    } else {
      out.push(tokens[i]!);
    }
  }
  return out;
}
