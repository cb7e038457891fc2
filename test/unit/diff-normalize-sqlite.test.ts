import { canonicalSqliteSql, sqliteAffinity } from '../../src/dialects/sqlite/canonical-sqlite-sql.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { normalizeSqliteDefault, normalizeSqliteSchema } from '../../src/dialects/sqlite/sqlite-normalizer.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { toTable, type ColumnInput, type TableOptions } from '../../src/ops/column-input.js';
import { parseColumnType, type ColumnTypeInput } from '../../src/schema/column-type.js';
import type { Schema, ServerDefault } from '../../src/schema/schema.js';

const dialect = createSqliteDialect();
const one = (columns: Record<string, ColumnInput>, options: TableOptions = {}, name = 't'): Schema => ({ tables: [toTable(name, columns, options)] });
const diff = (live: Schema, target: Schema) => describeChanges(compareSchemas(live, target, { dialect }));

describe('SQLite normalizer: what SQLite reads back the same', () => {
  type Case = [name: string, live: Schema, target: Schema];
  const same: Case[] = [
    [
      'a bigint or smallint autoincrement key is declared INTEGER',
      one({ id: { type: 'integer', primaryKey: true, autoincrement: true } }),
      one({ id: { type: 'bigint', primaryKey: true, autoincrement: true } }),
    ],
    [
      'the rowid alias is never NULL, declared or not',
      one({ id: { type: 'integer', nullable: false } }, { primaryKey: ['id'] }),
      one({ id: { type: 'integer' } }, { primaryKey: ['id'] }),
    ],
    ['names in any case', one({ Name: { type: 'text' } }, { indexes: [{ name: 'IX_T', columns: ['Name'] }] }, 'Users'), one({ name: { type: 'text' } }, { indexes: [{ name: 'ix_t', columns: ['name'] }] }, 'USERS')],
    ['comments do not exist', one({ a: { type: 'text', comment: 'x' } }, { comment: 'y' }), one({ a: { type: 'text' } })],
    ['the main schema is no schema', one({ a: { type: 'text' } }), one({ a: { type: 'text' } }, { schema: 'main' })],
    ['our spelling of a portable type', one({ a: { type: { raw: 'integer' } }, b: { type: { raw: 'Varchar( 20 )' } } }), one({ a: { type: 'integer' }, b: { type: 'varchar(20)' } })],
    ['raw types in any case and spacing', one({ a: { type: { raw: 'VARCHAR2(10)' } } }), one({ a: { type: { raw: 'varchar2 ( 10 )' } } })],
    ['0 and "0" on an INTEGER column', one({ a: { type: 'integer', default: 0 } }), one({ a: { type: 'integer', default: '0' } })],
    ['TRUE and 1 on a BOOLEAN column', one({ a: { type: 'boolean', default: true } }), one({ a: { type: 'boolean', default: { sql: '1' } } })],
    ['1.0 and 1 on a REAL column', one({ a: { type: 'real', default: { sql: '1.0' } } }), one({ a: { type: 'real', default: 1 } })],
    ['0 and "0" on a TEXT column (stored as text)', one({ a: { type: 'text', default: 0 } }), one({ a: { type: 'text', default: '0' } })],
    ['a quoted constant written as SQL', one({ a: { type: 'text', default: 'x' } }), one({ a: { type: 'text', default: { sql: "('x')" } } })],
    ['keyword case and parentheses', one({ a: { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } } }), one({ a: { type: 'timestamp', default: { sql: '(current_timestamp)' } } })],
    ['DEFAULT NULL is no default', one({ a: { type: 'text' } }), one({ a: { type: 'text', default: { sql: 'NULL' } } })],
    ['check spacing, case, quotes and ==', one({ a: { type: 'integer' } }, { checks: [{ name: 'ck', expression: '"a" == 1 OR a IS NULL' }] }), one({ a: { type: 'integer' } }, { checks: [{ name: 'CK', expression: '(a=1 or A is null)' }] })],
    ['an index expression that is only a column', one({ a: { type: 'text' } }, { indexes: [{ name: 'ix', columns: ['a'] }] }), one({ a: { type: 'text' } }, { indexes: [{ name: 'ix', columns: [{ expression: '"A"' }], method: 'btree' }] })],
    [
      'a foreign key naming no columns means the primary key; NO ACTION; INITIALLY DEFERRED needs DEFERRABLE',
      {
        tables: [
          toTable('p', { id: { type: 'integer', primaryKey: true } }),
          toTable('c', { pid: { type: 'integer' } }, { foreignKeys: [{ name: 'fk', columns: ['pid'], refTable: 'p', refColumns: ['id'] }] }),
        ],
      },
      {
        tables: [
          toTable('p', { id: { type: 'integer', primaryKey: true } }),
          {
            ...toTable('c', { pid: { type: 'integer' } }),
            foreignKeys: [{ name: 'fk', columns: ['pid'], refTable: 'P', refColumns: [], onDelete: 'NO ACTION', initiallyDeferred: true }],
          },
        ],
      },
    ],
  ];
  it.each(same)('%s', (_name, live, target) => expect(diff(live, target)).toEqual([]));
});

describe('SQLite normalizer: what SQLite tells apart', () => {
  type Case = [name: string, live: Schema, target: Schema, expected: string[]];
  const different: Case[] = [
    ['INT is not INTEGER (only INTEGER PRIMARY KEY is the rowid)', one({ a: { type: { raw: 'INT' } } }), one({ a: { type: 'integer' } }), ['change type of t.a: INT -> integer']],
    ['numeric(10) is not numeric(10,0) (declared types are kept as written)', one({ a: { type: 'numeric(10)' } }), one({ a: { type: 'numeric(10,0)' } }), ['change type of t.a: numeric(10) -> numeric(10,0)']],
    ['0 and "0" on a BLOB column (no conversion there)', one({ a: { type: 'blob', default: 0 } }), one({ a: { type: 'blob', default: '0' } }), ["change default of t.a: 0 -> '0'"]],
    ['1.0 and 1 on a TEXT column', one({ a: { type: 'text', default: { sql: '1.0' } } }), one({ a: { type: 'text', default: 1 } }), ['change default of t.a: 1.0 -> 1']],
    ['a bigint key without autoincrement is no rowid alias', one({ id: { type: 'bigint', nullable: true } }, { primaryKey: ['id'] }), one({ id: { type: 'bigint', nullable: false } }, { primaryKey: ['id'] }), ['make t.id NOT NULL']],
    ["string case in a check", one({ a: { type: 'text' } }, { checks: [{ name: 'ck', expression: "a = 'X'" }] }), one({ a: { type: 'text' } }, { checks: [{ name: 'ck', expression: "a = 'x'" }] }), ['drop check constraint ck on t', "add check constraint ck on t: a = 'x'"]],
  ];
  it.each(different)('%s', (_name, live, target, expected) => expect(diff(live, target)).toEqual(expected));
});

describe('SQLite normalizer: the rules one by one', () => {
  it('derives the affinity SQLite derives', () => {
    expect(['INTEGER', 'BIGINT', 'POINT', 'VARCHAR(10)', 'CLOB', 'BLOB', '', 'REAL', 'DOUBLE PRECISION', 'FLOAT', 'NUMERIC(10,2)', 'BOOLEAN', 'DATE', 'JSON'].map(sqliteAffinity)).toEqual([
      'INTEGER', 'INTEGER', 'INTEGER', 'TEXT', 'TEXT', 'BLOB', 'BLOB', 'REAL', 'REAL', 'REAL', 'NUMERIC', 'NUMERIC', 'NUMERIC', 'NUMERIC',
    ]);
  });

  it('keys defaults by what SQLite stores', () => {
    const d = (value: ServerDefault, type: ColumnTypeInput) => normalizeSqliteDefault(value, parseColumnType(type));
    expect(d({ kind: 'literal', value: '1.50' }, 'numeric(10,2)')).toEqual({ kind: 'literal', value: 'n:1.5' });
    expect(d({ kind: 'literal', value: 'abc' }, 'integer')).toEqual({ kind: 'literal', value: 's:abc' });
    expect(d({ kind: 'literal', value: false }, 'text')).toEqual({ kind: 'literal', value: 's:0' });
    expect(d({ kind: 'sql', sql: "datetime('now')" }, 'timestamp')).toEqual({ kind: 'sql', sql: "datetime ( 'now' )" });
    expect(d({ kind: 'sql', sql: '-1' }, 'smallint')).toEqual({ kind: 'literal', value: 'n:-1' });
  });

  it('writes SQL one way', () => {
    expect(canonicalSqliteSql('(  Lower("Email") != \'A\'  )')).toBe("lower ( email ) <> 'A'");
    expect(canonicalSqliteSql('x IN (1)')).toBe('x in ( 1 )');
    expect(canonicalSqliteSql('f((a))')).toBe('f ( a )');
  });

  it('keeps the shape of the schema and writes names in lower case', () => {
    const schema = one({ ID: { type: 'integer', primaryKey: true }, V: { type: 'text', comment: 'c' } }, { uniques: [{ name: 'UQ', columns: ['V'] }] }, 'T');
    const norm = normalizeSqliteSchema(schema);
    expect(norm.tables[0]).toMatchObject({
      name: 't',
      columns: [{ name: 'id', nullable: false }, { name: 'v', comment: null }],
      primaryKey: { columns: ['id'] },
      uniques: [{ name: 'uq', columns: ['v'] }],
    });
  });
});
