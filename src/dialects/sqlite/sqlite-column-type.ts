import type { ColumnType } from '../../schema/column-type.js';

/**
 * Portable types on SQLite. SQLite keeps any declared type text and derives only an affinity
 * from it, so each portable kind gets a spelling that reads as its intent, has the expected
 * affinity (INTEGER for the integers, TEXT for strings, REAL for the floats, NUMERIC for the
 * rest) and maps back to exactly one kind. Anything else the introspector reads stays `raw`.
 */
export function sqliteTypeSql(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'smallint':
      return 'SMALLINT';
    case 'varchar':
      return type.length === undefined ? 'VARCHAR' : `VARCHAR(${type.length})`;
    case 'text':
      return 'TEXT';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return type.withTimeZone ? 'TIMESTAMPTZ' : 'TIMESTAMP';
    case 'numeric':
      if (type.precision === undefined) return 'NUMERIC';
      return type.scale === undefined ? `NUMERIC(${type.precision})` : `NUMERIC(${type.precision},${type.scale})`;
    case 'real':
      return 'REAL';
    case 'double':
      return 'DOUBLE PRECISION';
    case 'json':
      return 'JSON';
    case 'uuid':
      return 'UUID';
    case 'blob':
      return 'BLOB';
    case 'raw':
      return type.sql;
    case 'enum':
      // TEXT, with the values in a CHECK on the column (`sqliteEnumCheck`).
      return 'TEXT';
  }
}

const SIMPLE: Readonly<Record<string, ColumnType>> = {
  INTEGER: { kind: 'integer' },
  BIGINT: { kind: 'bigint' },
  SMALLINT: { kind: 'smallint' },
  VARCHAR: { kind: 'varchar' },
  TEXT: { kind: 'text' },
  BOOLEAN: { kind: 'boolean' },
  DATE: { kind: 'date' },
  TIME: { kind: 'time' },
  TIMESTAMP: { kind: 'timestamp', withTimeZone: false },
  TIMESTAMPTZ: { kind: 'timestamp', withTimeZone: true },
  NUMERIC: { kind: 'numeric' },
  REAL: { kind: 'real' },
  'DOUBLE PRECISION': { kind: 'double' },
  JSON: { kind: 'json' },
  UUID: { kind: 'uuid' },
  BLOB: { kind: 'blob' },
};

/**
 * The portable type of a declared SQLite type, when it is one of our spellings (any case and
 * spacing); otherwise `raw` with the text as declared. Only exact spellings map back: reading
 * `INT` as integer would make a rebuild write `INTEGER`, and `INT PRIMARY KEY` is not a rowid
 * alias while `INTEGER PRIMARY KEY` is.
 */
export function portableTypeFromSqlite(declared: string): ColumnType {
  const text = declared.trim();
  const key = text.toUpperCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1');
  const simple = SIMPLE[key];
  if (simple) return simple;
  const varchar = /^VARCHAR\((\d+)\)$/.exec(key);
  if (varchar) return { kind: 'varchar', length: Number(varchar[1]) };
  const numeric = /^NUMERIC\((\d+)(?:,(\d+))?\)$/.exec(key);
  if (numeric) {
    return numeric[2] === undefined
      ? { kind: 'numeric', precision: Number(numeric[1]) }
      : { kind: 'numeric', precision: Number(numeric[1]), scale: Number(numeric[2]) };
  }
  return { kind: 'raw', sql: text };
}

/** True when SQLite would make a column of this declared type a rowid alias if it is the only key. */
export function isRowidAliasType(declared: string): boolean {
  return declared.trim().toUpperCase() === 'INTEGER';
}
