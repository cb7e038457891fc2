/**
 * A small tokenizer for PostgreSQL SQL fragments (CHECK and index expressions, predicates,
 * defaults): enough to compare texts token by token, not a parser.
 */

export interface PostgresToken {
  readonly kind: 'ident' | 'quoted' | 'string' | 'number' | 'op' | 'punct';
  readonly text: string;
  /** Identifiers unquoted, strings unescaped. */
  readonly value: string;
}

const OP_CHARS = '+-*/<>=~!@#%^&|`?';

/** Splits PostgreSQL SQL into tokens, dropping whitespace and comments. */
export function tokenizePostgres(sql: string): PostgresToken[] {
  const out: PostgresToken[] = [];
  let i = 0;
  const push = (kind: PostgresToken['kind'], text: string, value = text) => out.push({ kind, text, value });
  while (i < sql.length) {
    const ch = sql[i]!;
    const rest = sql.slice(i);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (rest.startsWith('--')) {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (ch === "'" || (/[eE]/.test(ch) && sql[i + 1] === "'")) {
      const escapes = ch !== "'";
      let j = i + (escapes ? 2 : 1);
      let value = '';
      while (j < sql.length) {
        if (sql[j] === "'" && sql[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (sql[j] === "'") {
          break;
        } else if (escapes && sql[j] === '\\' && j + 1 < sql.length) {
          const next = sql[j + 1]!;
          value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
          j += 2;
        } else {
          value += sql[j];
          j += 1;
        }
      }
      push('string', sql.slice(i, j + 1), value);
      i = j + 1;
    } else if (ch === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(rest)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest)![0];
      const end = sql.indexOf(tag, i + tag.length);
      const stop = end === -1 ? sql.length : end;
      push('string', sql.slice(i, stop + tag.length), sql.slice(i + tag.length, stop));
      i = stop + tag.length;
    } else if (ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) {
        value += sql[j];
        j += sql[j] === '"' ? 2 : 1;
      }
      push('quoted', sql.slice(i, j + 1), value);
      i = j + 1;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(rest)!;
      push('number', m[0]);
      i += m[0].length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(rest)!;
      push('ident', m[0], m[0]);
      i += m[0].length;
    } else if (rest.startsWith('::')) {
      push('punct', '::');
      i += 2;
    } else if (OP_CHARS.includes(ch)) {
      let j = i;
      while (j < sql.length && OP_CHARS.includes(sql[j]!) && !sql.startsWith('--', j) && !sql.startsWith('/*', j)) j += 1;
      let op = sql.slice(i, j);
      // PostgreSQL's lexer: a multi-character operator ends in + or - only if it holds one of
      // ~!@#%^&|`? (so `>-1` is `>` then `-1`).
      while (op.length > 1 && /[+-]$/.test(op) && !/[~!@#%^&|`?]/.test(op)) op = op.slice(0, -1);
      push('op', op);
      i += op.length;
    } else {
      push('punct', ch);
      i += 1;
    }
  }
  return out;
}
