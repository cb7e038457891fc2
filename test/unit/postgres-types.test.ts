import { postgresLiteral, readPostgresDefault } from '../../src/dialects/postgres/postgres-literal.js';
import { columnTypeFromPostgres, postgresTypeSql } from '../../src/dialects/postgres/postgres-types.js';
import type { ColumnType } from '../../src/schema/column-type.js';

describe('PostgreSQL type mapping', () => {
  it.each<[ColumnType, string]>([
    [{ kind: 'integer' }, 'integer'],
    [{ kind: 'bigint' }, 'bigint'],
    [{ kind: 'smallint' }, 'smallint'],
    [{ kind: 'varchar', length: 30 }, 'varchar(30)'],
    [{ kind: 'varchar' }, 'varchar'],
    [{ kind: 'text' }, 'text'],
    [{ kind: 'boolean' }, 'boolean'],
    [{ kind: 'date' }, 'date'],
    [{ kind: 'time' }, 'time'],
    [{ kind: 'timestamp', withTimeZone: false }, 'timestamp'],
    [{ kind: 'timestamp', withTimeZone: true }, 'timestamptz'],
    [{ kind: 'numeric', precision: 10, scale: 2 }, 'numeric(10,2)'],
    [{ kind: 'numeric', precision: 8 }, 'numeric(8)'],
    [{ kind: 'numeric' }, 'numeric'],
    [{ kind: 'real' }, 'real'],
    [{ kind: 'double' }, 'double precision'],
    [{ kind: 'json' }, 'jsonb'],
    [{ kind: 'uuid' }, 'uuid'],
    [{ kind: 'blob' }, 'bytea'],
    [{ kind: 'raw', sql: 'tsvector' }, 'tsvector'],
  ])('%j is written %s', (type, text) => {
    expect(postgresTypeSql(type)).toBe(text);
  });

  it.each<[string, string, number, ColumnType]>([
    ['int4', 'integer', -1, { kind: 'integer' }],
    ['int8', 'bigint', -1, { kind: 'bigint' }],
    ['int2', 'smallint', -1, { kind: 'smallint' }],
    ['varchar', 'character varying(20)', 24, { kind: 'varchar', length: 20 }],
    ['varchar', 'character varying', -1, { kind: 'varchar' }],
    ['text', 'text', -1, { kind: 'text' }],
    ['bool', 'boolean', -1, { kind: 'boolean' }],
    ['date', 'date', -1, { kind: 'date' }],
    ['time', 'time without time zone', -1, { kind: 'time' }],
    ['timestamp', 'timestamp without time zone', -1, { kind: 'timestamp', withTimeZone: false }],
    ['timestamptz', 'timestamp with time zone', -1, { kind: 'timestamp', withTimeZone: true }],
    ['timestamp', 'timestamp(3) without time zone', 3, { kind: 'raw', sql: 'timestamp(3) without time zone' }],
    ['numeric', 'numeric(10,2)', 655366, { kind: 'numeric', precision: 10, scale: 2 }],
    ['numeric', 'numeric', -1, { kind: 'numeric' }],
    ['float4', 'real', -1, { kind: 'real' }],
    ['float8', 'double precision', -1, { kind: 'double' }],
    ['jsonb', 'jsonb', -1, { kind: 'json' }],
    ['json', 'json', -1, { kind: 'raw', sql: 'json' }],
    ['uuid', 'uuid', -1, { kind: 'uuid' }],
    ['bytea', 'bytea', -1, { kind: 'blob' }],
    ['_int4', 'integer[]', -1, { kind: 'raw', sql: 'integer[]' }],
    ['bpchar', 'character(3)', 7, { kind: 'raw', sql: 'character(3)' }],
  ])('%s / %s reads back', (typname, formatted, typmod, expected) => {
    expect(columnTypeFromPostgres({ typname, formatted, typmod })).toEqual(expected);
  });
});

describe('PostgreSQL literals and defaults', () => {
  it('writes literals', () => {
    expect(postgresLiteral("a'b\\c")).toBe("'a''b\\c'");
    expect(postgresLiteral(3)).toBe('3');
    expect(postgresLiteral(Infinity)).toBe("'Infinity'");
    expect(postgresLiteral(10n)).toBe('10');
    expect(postgresLiteral(false)).toBe('false');
    expect(postgresLiteral(undefined)).toBe('null');
    expect(postgresLiteral(new Uint8Array([10]))).toBe("'\\x0a'::bytea");
  });

  const int: ColumnType = { kind: 'integer' };
  const text: ColumnType = { kind: 'text' };
  it.each<[string, ColumnType, unknown]>([
    ["'abc'::text", text, { kind: 'literal', value: 'abc' }],
    ["'it''s'::character varying", text, { kind: 'literal', value: "it's" }],
    ["'42'::text", text, { kind: 'literal', value: '42' }],
    ['42', int, { kind: 'literal', value: 42 }],
    ["'-1'::integer", int, { kind: 'literal', value: -1 }],
    ["'9007199254740993'::bigint", { kind: 'bigint' }, { kind: 'literal', value: '9007199254740993' }],
    ['1.50', { kind: 'numeric' }, { kind: 'literal', value: '1.50' }],
    ['1.5', { kind: 'numeric' }, { kind: 'literal', value: 1.5 }],
    ['true', { kind: 'boolean' }, { kind: 'literal', value: true }],
    ["'2024-01-01'::date", { kind: 'date' }, { kind: 'literal', value: '2024-01-01' }],
    ['now()', { kind: 'timestamp', withTimeZone: true }, { kind: 'sql', sql: 'now()' }],
    ['CURRENT_TIMESTAMP', text, { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }],
    ["('a'::text || 'b'::text)", text, { kind: 'sql', sql: "('a'::text || 'b'::text)" }],
    ['NULL::character varying', text, null],
  ])('default %s reads as %j', (expr, type, expected) => {
    expect(readPostgresDefault(expr, type)).toEqual(expected);
  });
});
