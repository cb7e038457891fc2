import { tokenizePostgres, type PostgresToken } from './tokenize-postgres.js';

/**
 * An expression element of a PostgreSQL index, split into its expression and what PostgreSQL's
 * grammar lets follow it: `expr [COLLATE c] [opclass] [ASC | DESC] [NULLS FIRST | LAST]`.
 * `placed_at DESC` is { core: 'placed_at', suffix: 'DESC' }, `lower(name) text_pattern_ops` is
 * { core: 'lower(name)', suffix: 'text_pattern_ops' }. The introspector writes such elements
 * (the IR has no fields for ordering, operator class or collation), and the DDL compiler needs
 * the split: an expression must be wrapped in parentheses, its options must not be.
 */
export interface IndexElementParts {
  readonly core: string;
  /** The options after the expression, as written (single spaces); '' when none. */
  readonly suffix: string;
}

/** Words that end no operand and are never an operator class (SQL's, and type names' second words). */
const NOT_OPCLASS = new Set([
  'and', 'or', 'not', 'is', 'null', 'true', 'false', 'unknown', 'distinct', 'from', 'in', 'like', 'ilike', 'similar',
  'to', 'between', 'symmetric', 'escape', 'collate', 'case', 'when', 'then', 'else', 'end', 'asc', 'desc', 'nulls',
  'first', 'last', 'precision', 'varying', 'zone', 'time', 'with', 'without', 'array', 'any', 'all', 'some', 'at',
  'overlaps', 'isnull', 'notnull', 'using', 'on', 'where', 'select',
]);

const isName = (t: PostgresToken | undefined) => t !== undefined && (t.kind === 'quoted' || t.kind === 'ident');
const isWord = (t: PostgresToken | undefined, ...words: string[]) => t?.kind === 'ident' && words.includes(t.value.toLowerCase());
const isPunct = (t: PostgresToken | undefined, text: string) => t?.kind === 'punct' && t.text === text;

/** The tokens of a possibly schema-qualified name ending at `end` (exclusive), or 0 when none. */
function nameLength(tokens: readonly PostgresToken[], end: number): number {
  if (!isName(tokens[end - 1])) return 0;
  return isPunct(tokens[end - 2], '.') && isName(tokens[end - 3]) ? 3 : 1;
}

/** A token an operand can end with: a name that is no keyword, a literal, `)` or `]`. */
function endsOperand(t: PostgresToken | undefined): boolean {
  if (t === undefined) return false;
  if (t.kind === 'quoted' || t.kind === 'string' || t.kind === 'number') return true;
  if (t.kind === 'ident') return !NOT_OPCLASS.has(t.value.toLowerCase());
  return t.kind === 'punct' && (t.text === ')' || t.text === ']');
}

/** Splits an index element's text into its expression and its trailing options. */
export function splitPostgresIndexElement(text: string): IndexElementParts {
  const tokens = tokenizePostgres(text);
  let end = tokens.length;
  const suffix: string[] = [];
  const joinName = (n: number) => tokens.slice(end - n, end).map((t) => t.text).join('');
  if (isWord(tokens[end - 1], 'first', 'last') && isWord(tokens[end - 2], 'nulls')) {
    suffix.unshift(`${tokens[end - 2]!.text} ${tokens[end - 1]!.text}`);
    end -= 2;
  }
  if (isWord(tokens[end - 1], 'asc', 'desc') && end > 1) {
    suffix.unshift(tokens[end - 1]!.text);
    end -= 1;
  }
  // An operator class: a name right after a complete operand (`name text_pattern_ops`).
  const opclass = nameLength(tokens, end);
  const keyword = tokens[end - 1]?.kind === 'ident' && NOT_OPCLASS.has(tokens[end - 1]!.value.toLowerCase());
  if (opclass > 0 && !keyword && endsOperand(tokens[end - opclass - 1])) {
    suffix.unshift(joinName(opclass));
    end -= opclass;
  }
  const collation = nameLength(tokens, end);
  if (collation > 0 && isWord(tokens[end - collation - 1], 'collate') && end > collation + 1) {
    suffix.unshift(`${tokens[end - collation - 1]!.text} ${joinName(collation)}`);
    end -= collation + 1;
  }
  if (suffix.length === 0) return { core: text.trim(), suffix: '' };
  return { core: coreText(text, tokens.slice(0, end)), suffix: suffix.join(' ') };
}

/**
 * The source text of the first tokens of `text` (comments and spacing inside kept): the prefix
 * of `text` up to the end of the last of them.
 */
function coreText(text: string, tokens: readonly PostgresToken[]): string {
  let at = 0;
  for (const t of tokens) at = text.indexOf(t.text, at) + t.text.length;
  return text.slice(0, at).trim();
}
