import type { ColumnType } from '../../schema/column-type.js';
import type { ServerDefault } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { tokenizeSqlite } from './sqlite-tokenize.js';

/**
 * A JavaScript value as a value better-sqlite3 can bind: it accepts only numbers, strings,
 * bigints, Buffers and null, so booleans become 1/0, dates ISO text and objects JSON text.
 */
export function bindableSqliteValue(value: unknown): string | number | bigint | Buffer | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new UserError('Cannot store NaN in SQLite', { hint: 'use null instead' });
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** A value as an SQL literal, for offline SQL: the same conversions as `bindableSqliteValue`. */
export function sqliteLiteral(value: unknown): string {
  const v = bindableSqliteValue(value);
  if (v === null) return 'NULL';
  if (typeof v === 'string') return quoteSqliteString(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    // SQLite reads 9e999 as infinity; it has no literal spelling of its own.
    if (v === Infinity) return '9e999';
    if (v === -Infinity) return '-9e999';
    return String(v);
  }
  return `X'${v.toString('hex').toUpperCase()}'`;
}

/** 'text' with quotes doubled. */
export function quoteSqliteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const BARE_DEFAULTS = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'NULL', 'TRUE', 'FALSE']);
const SIGNED_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A server default as SQLite's `DEFAULT` clause wants it: literals as literals (booleans as
 * TRUE/FALSE, which read back unambiguously), SQL expressions in parentheses unless they are
 * already a literal or one of the bare keywords the grammar allows.
 */
export function sqliteDefaultSql(value: ServerDefault): string {
  if (value.kind === 'literal') {
    if (typeof value.value === 'boolean') return value.value ? 'TRUE' : 'FALSE';
    return sqliteLiteral(value.value);
  }
  const text = value.sql.trim();
  if (isSqliteLiteralText(text) || isWrapped(text)) return text;
  return `(${text})`;
}

/** True when `text` is a literal SQLite accepts after DEFAULT without parentheses. */
export function isSqliteLiteralText(text: string): boolean {
  if (BARE_DEFAULTS.has(text.toUpperCase()) || SIGNED_NUMBER.test(text)) return true;
  const tokens = tokenizeSqlite(text);
  return tokens.length === 1 && (tokens[0]!.kind === 'string' || tokens[0]!.kind === 'blob');
}

/** True when a default can be given to `ALTER TABLE ADD COLUMN`: SQLite refuses non-constants there. */
export function isConstantDefault(value: ServerDefault | null | undefined): boolean {
  if (!value || value.kind === 'literal') return true;
  const text = value.sql.trim();
  return isSqliteLiteralText(text) && !/^CURRENT_/i.test(text);
}

/** `(expr)` as one parenthesized group (not `(a) + (b)`). */
function isWrapped(text: string): boolean {
  const tokens = tokenizeSqlite(text);
  if (tokens.length < 2 || tokens[0]!.text !== '(' || tokens[tokens.length - 1]!.text !== ')') return false;
  let depth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth += 1;
    if (t.text === ')') depth -= 1;
    if (depth === 0 && i < tokens.length - 1) return false;
  }
  return true;
}

/**
 * A default as `pragma_table_xinfo` reports it (the expression text, outer parentheses gone),
 * back into the IR: quoted strings, numbers and TRUE/FALSE are literals (1/0 on a boolean
 * column too), NULL is no default, anything else is SQL.
 */
export function parseSqliteDefault(text: string | null, type: ColumnType): ServerDefault | null {
  if (text === null) return null;
  const trimmed = text.trim();
  const upperText = trimmed.toUpperCase();
  if (upperText === 'NULL') return null;
  if (upperText === 'TRUE' || upperText === 'FALSE') return { kind: 'literal', value: upperText === 'TRUE' };
  if (SIGNED_NUMBER.test(trimmed)) {
    const n = Number(trimmed);
    if (type.kind === 'boolean' && (n === 0 || n === 1)) return { kind: 'literal', value: n === 1 };
    // Keep the text when a JS number would not say the same thing (huge integers, 1.0).
    if (Number.isFinite(n) && String(n) === trimmed.replace(/^\+/, '')) return { kind: 'literal', value: n };
    return { kind: 'sql', sql: trimmed };
  }
  const tokens = tokenizeSqlite(trimmed);
  if (tokens.length === 1 && tokens[0]!.kind === 'string') return { kind: 'literal', value: tokens[0]!.value };
  return { kind: 'sql', sql: trimmed };
}
