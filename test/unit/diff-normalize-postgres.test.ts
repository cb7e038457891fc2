import { canonicalPostgresSql } from '../../src/dialects/postgres/canonical-postgres-sql.js';
import { canonicalPostgresType } from '../../src/dialects/postgres/canonical-postgres-type.js';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { normalizePostgresDefault, normalizePostgresSchema } from '../../src/dialects/postgres/postgres-normalizer.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { toTable, type ColumnInput, type TableOptions } from '../../src/ops/column-input.js';
import { parseColumnType, type ColumnTypeInput } from '../../src/schema/column-type.js';
import type { Schema } from '../../src/schema/schema.js';

const dialect = createPostgresDialect();
const one = (columns: Record<string, ColumnInput>, options: TableOptions = {}): Schema => ({ tables: [toTable('t', columns, options)] });
const diff = (live: Schema, target: Schema) => compareSchemas(live, target, { dialect, defaultSchema: 'public' });

describe('PostgreSQL normalizer: expressions as PostgreSQL prints them, by text rules', () => {
  // [as written, as pg_get_expr prints it]
  const same: Array<[string, string]> = [
    ['a > 0', '(a > 0)'],
    ['A>0', 'a > 0'],
    ['"a" > 0', 'a > 0'],
    ['char_length(email) BETWEEN 3 AND 255', 'char_length(email::text) >= 3 AND char_length(email::text) <= 255'],
    ['level IN (-1, 0, 1, 2)', "level = ANY (ARRAY['-1'::integer, 0, 1, 2])"],
    ["status IN ('new', 'paid')", "status::text = ANY (ARRAY['new'::character varying, 'paid'::character varying]::text[])"],
    ['x NOT IN (1,2)', 'x <> ALL (ARRAY[1, 2])'],
    ["status <> 'done' AND total > 0", "status::text <> 'done'::text AND total > 0::numeric"],
    ["status != 'done'", "(status)::text <> 'done'::text"],
    ["kind LIKE 'order%'", "kind ~~ 'order%'::text"],
    ["name NOT ILIKE '%x%'", "name !~~* '%x%'::text"],
    ['(points + 1)', 'points + 1'],
    ['a - 1 > -2', "a - 1 > '-2'::integer"],
    ["E'it\\'s'", "'it''s'::text"],
    ['$$x$$', "'x'::text"],
    ['lower( email )', 'lower(email)'],
    ['a > 0 -- why', '/* c */ a > 0'],
  ];
  it.each(same)('%s reads the same as %s', (written, printed) => {
    expect(canonicalPostgresSql(written)).toBe(canonicalPostgresSql(printed));
  });

  const different: Array<[string, string]> = [
    ['a > 0', 'a >= 0'],
    ['"A" > 0', 'a > 0'],
    ['lower(email)', 'upper(email)'],
    ['a - 1', 'a + 1'],
    ["x = 'A'", "x = 'a'"],
    ['(a + b) * c', 'a + b * c'],
    ['now()', 'CURRENT_TIMESTAMP'],
    ['x::integer > 0', 'x > 0'],
  ];
  it.each(different)('%s differs from %s', (a, b) => {
    expect(canonicalPostgresSql(a)).not.toBe(canonicalPostgresSql(b));
  });
});

describe('PostgreSQL normalizer: types and their synonyms', () => {
  const type = (input: ColumnTypeInput) => canonicalPostgresType(parseColumnType(input)).type;
  const cases: Array<[ColumnTypeInput, ColumnTypeInput]> = [
    [{ raw: 'int4' }, 'integer'],
    [{ raw: 'INT' }, 'integer'],
    [{ raw: 'int8' }, 'bigint'],
    [{ raw: 'float8' }, 'double'],
    [{ raw: 'double precision' }, 'double'],
    [{ raw: 'float(10)' }, 'real'],
    [{ raw: 'bool' }, 'boolean'],
    [{ raw: 'character varying(20)' }, 'varchar(20)'],
    [{ raw: 'character varying' }, 'varchar'],
    [{ raw: 'decimal(10, 2)' }, 'numeric(10,2)'],
    ['numeric(8)', 'numeric(8,0)'],
    [{ raw: 'jsonb' }, 'json'],
    [{ raw: 'bytea' }, 'blob'],
    [{ raw: 'timestamp with time zone' }, 'timestamptz'],
    [{ raw: 'timestamp without time zone' }, 'timestamp'],
    [{ raw: 'time without time zone' }, 'time'],
    [{ raw: 'timestamp(3)' }, { raw: 'timestamp(3) without time zone' }],
    [{ raw: 'timestamptz(3)' }, { raw: 'timestamp(3) with time zone' }],
    [{ raw: 'char(3)' }, { raw: 'character(3)' }],
    [{ raw: 'char' }, { raw: 'character(1)' }],
    [{ raw: 'int[]' }, { raw: 'integer[]' }],
    [{ raw: 'varchar(20)[]' }, { raw: 'character varying(20)[]' }],
    [{ raw: 'TEXT[][]' }, { raw: 'text[][]' }],
  ];
  it.each(cases)('%j is %j', (a, b) => expect(type(a)).toEqual(type(b)));

  it('keeps json (not jsonb), varchar without length, numeric without precision and user types apart', () => {
    expect(type({ raw: 'json' })).toEqual({ kind: 'raw', sql: 'json' });
    expect(type({ raw: 'json' })).not.toEqual(type('json'));
    expect(type('varchar')).not.toEqual(type('varchar(10)'));
    expect(type('numeric')).not.toEqual(type('numeric(10,0)'));
    expect(type({ raw: '"Mood"' })).toEqual({ kind: 'raw', sql: '"Mood"' });
  });

  it('reads serial types as their integer type with autoincrement', () => {
    expect(canonicalPostgresType({ kind: 'raw', sql: 'bigserial' })).toEqual({ type: { kind: 'bigint' }, serial: true });
    expect(canonicalPostgresType({ kind: 'raw', sql: 'SERIAL' })).toEqual({ type: { kind: 'integer' }, serial: true });
  });
});

describe('PostgreSQL normalizer: defaults as values of the column type', () => {
  const d = (value: string | number | boolean | { sql: string }, type: ColumnTypeInput) =>
    normalizePostgresDefault(typeof value === 'object' ? { kind: 'sql', sql: value.sql } : { kind: 'literal', value }, canonicalPostgresType(parseColumnType(type)).type);
  const same: Array<[string, Parameters<typeof d>[0], Parameters<typeof d>[0], ColumnTypeInput]> = [
    ['0 and "0" on an integer', 0, '0', 'integer'],
    ["'-5'::integer on a bigint", -5, { sql: "'-5'::integer" }, 'bigint'],
    ['1.5 and 1.50 on a numeric', 1.5, { sql: '1.50' }, 'numeric(10,2)'],
    ["'abc'::text", 'abc', { sql: "'abc'::text" }, 'text'],
    ["'x'::character varying", 'x', { sql: "'x'::character varying" }, 'varchar(10)'],
    ['5 on a text column', 5, { sql: "'5'::text" }, 'text'],
    ['true and yes on a boolean', true, 'yes', 'boolean'],
    ["'t' on a boolean", { sql: "'t'::boolean" }, { sql: 'true' }, 'boolean'],
    ['JSON by content', '{"b":1, "a":[1,2]}', { sql: `'{"a": [1, 2], "b": 1}'::jsonb` }, 'json'],
    ['a parenthesized constant', { sql: "('abc')" }, 'abc', 'text'],
    ['a uuid in any case', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', { sql: "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid" }, 'uuid'],
    ['function spelling', { sql: 'NOW()' }, { sql: 'now()' }, 'timestamptz'],
    ['an expression as printed', { sql: "'a' || 'b'" }, { sql: "('a'::text || 'b'::text)" }, 'text'],
  ];
  it.each(same)('%s', (_name, a, b, type) => expect(d(a, type)).toEqual(d(b, type)));

  it('tells apart what PostgreSQL tells apart', () => {
    expect(d({ sql: 'now()' }, 'timestamptz')).not.toEqual(d({ sql: 'CURRENT_TIMESTAMP' }, 'timestamptz'));
    expect(d(1, 'integer')).not.toEqual(d(2, 'integer'));
    expect(d('1', 'text')).not.toEqual(d('01', 'text'));
    expect(d({ sql: 'NULL' }, 'text')).toBeNull();
    expect(d({ sql: 'NULL::text' }, 'text')).toBeNull();
  });
});

describe('PostgreSQL normalizer: whole schemas', () => {
  it('keeps the shape and names (case-sensitive), and writes the default schema as none', () => {
    const schema: Schema = {
      tables: [toTable('Users', { ID: { type: 'integer', primaryKey: true } }, { schema: 'public', comment: '' })],
    };
    const norm = normalizePostgresSchema(schema, { side: 'target', defaultSchema: 'public' });
    expect(norm.tables[0]).toMatchObject({ name: 'Users', schema: null, comment: null, columns: [{ name: 'ID', nullable: false }] });
  });

  it('identity and key columns are NOT NULL without default; btree is no method; NO ACTION no action', () => {
    const live = one(
      { id: { type: 'integer', nullable: false, autoincrement: true }, k: { type: 'text', nullable: false } },
      { primaryKey: { name: 't_pkey', columns: ['id', 'k'] }, indexes: [{ name: 'ix', columns: ['k'], method: 'btree' }] },
    );
    const target = one(
      { id: { type: { raw: 'serial' }, nullable: true }, k: { type: 'text' } },
      { primaryKey: ['id', 'k'], indexes: [{ name: 'ix', columns: [{ expression: '"k"' }] }] },
    );
    expect(diff(live, target)).toEqual([]);
  });

  it('foreign keys: INITIALLY DEFERRED implies DEFERRABLE, the default schema is none, no columns means the key', () => {
    const parent = toTable('p', { id: { type: 'integer', primaryKey: true } });
    const live: Schema = {
      tables: [
        parent,
        toTable('c', { pid: { type: 'integer' } }, {
          foreignKeys: [{ name: 'fk', columns: ['pid'], refTable: 'p', refColumns: ['id'], onDelete: 'NO ACTION', deferrable: true, initiallyDeferred: true }],
        }),
      ],
    };
    const target: Schema = {
      tables: [
        { ...parent, schema: 'public' },
        {
          ...toTable('c', { pid: { type: 'integer' } }, { schema: 'public' }),
          foreignKeys: [{ name: 'fk', columns: ['pid'], refTable: 'p', refSchema: 'public', refColumns: [], initiallyDeferred: true }],
        },
      ],
    };
    expect(diff(live, target)).toEqual([]);
  });

  it('index elements: options compared in one spelling, the default ordering as none', () => {
    const indexed = (...columns: Array<string | { expression: string }>) => one({ a: { type: 'text' } }, { indexes: [{ name: 'ix', columns }] });
    const e = (expression: string) => ({ expression });
    expect(diff(indexed(e('a DESC')), indexed(e('"a" desc NULLS FIRST')))).toEqual([]);
    expect(diff(indexed('a'), indexed(e('a ASC NULLS LAST')))).toEqual([]);
    expect(diff(indexed(e('lower(a) text_pattern_ops')), indexed(e('LOWER(a) TEXT_PATTERN_OPS')))).toEqual([]);
    // what PostgreSQL tells apart stays apart
    for (const [live, target] of [
      ['a', e('a DESC')],
      [e('a DESC'), e('a DESC NULLS LAST')],
      [e('a NULLS FIRST'), 'a'],
      [e('a text_pattern_ops'), 'a'],
      [e('a COLLATE "C"'), 'a'],
    ] as const) {
      expect(diff(indexed(live), indexed(target)).map((op) => op.kind)).toEqual(['dropIndex', 'createIndex']);
    }
  });

  it("'' comments are no comments", () => {
    expect(diff(one({ a: { type: 'text', comment: null } }, { comment: null }), one({ a: { type: 'text', comment: '' } }, { comment: '' }))).toEqual([]);
  });
});
