import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { sqlitePathFromUrl } from '../../src/dialects/sqlite/sqlite-connect.js';
import { toColumn, toTable } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';
import { UserError } from '../../src/util/errors.js';

const dialect = createSqliteDialect();
const compile = (op: Op) => dialect.compileOp(op);

describe('SQLite compileOp: createTable', () => {
  it('maps every portable type, inlines defaults, declares AUTOINCREMENT inline', () => {
    const table = toTable('things', {
      id: { type: 'integer', primaryKey: true, autoincrement: true },
      big: { type: 'bigint', nullable: false },
      small: { type: 'smallint', default: -1 },
      code: { type: 'varchar(20)', default: "it's" },
      any_len: { type: 'varchar' },
      body: { type: 'text', default: { sql: "lower('X')" } },
      flag: { type: 'boolean', default: true },
      day: { type: 'date' },
      at: { type: 'time' },
      created: { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } },
      updated: { type: 'timestamptz' },
      price: { type: 'numeric(10,2)', default: 1.5 },
      ratio: { type: 'real' },
      score: { type: 'double' },
      meta: { type: 'json', default: { sql: "'{}'" } },
      uid: { type: 'uuid' },
      data: { type: 'blob' },
      odd: { type: { raw: 'VARCHAR2(5) COLLATE NOCASE' } },
    });
    expect(compile({ kind: 'createTable', table })).toEqual([
      'create table "things" (' +
        '"id" INTEGER primary key autoincrement, ' +
        '"big" BIGINT not null, ' +
        '"small" SMALLINT default -1, ' +
        `"code" VARCHAR(20) default 'it''s', ` +
        '"any_len" VARCHAR, ' +
        `"body" TEXT default (lower('X')), ` +
        '"flag" BOOLEAN default TRUE, ' +
        '"day" DATE, "at" TIME, ' +
        '"created" TIMESTAMP default CURRENT_TIMESTAMP, ' +
        '"updated" TIMESTAMPTZ, ' +
        '"price" NUMERIC(10,2) default 1.5, ' +
        '"ratio" REAL, "score" DOUBLE PRECISION, ' +
        `"meta" JSON default '{}', ` +
        '"uid" UUID, "data" BLOB, "odd" VARCHAR2(5) COLLATE NOCASE)',
    ]);
  });

  it('writes table constraints, named and unnamed, and the table\'s indexes', () => {
    const table = toTable(
      'orders',
      {
        id: { type: 'integer', nullable: false },
        line: { type: 'integer', nullable: false },
        user_id: { type: 'integer' },
        code: { type: 'text' },
      },
      {
        primaryKey: { name: 'pk_orders', columns: ['id', 'line'] },
        uniques: [['code'], { name: 'uq_orders_user_code', columns: ['user_id', 'code'] }],
        checks: ['line > 0', { name: 'ck_code', expression: "code <> ''" }],
        foreignKeys: [
          { name: 'fk_user', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'SET NULL' },
          { columns: ['code'], refTable: 'codes', refColumns: ['code'], deferrable: true, initiallyDeferred: true },
        ],
        indexes: [
          { name: 'ix_orders_user', columns: ['user_id'] },
          { name: 'ux_orders_lower', columns: [{ expression: 'lower(code)' }, 'line'], unique: true, where: 'code IS NOT NULL' },
        ],
      },
    );
    expect(compile({ kind: 'createTable', table })).toEqual([
      'create table "orders" (' +
        '"id" INTEGER not null, "line" INTEGER not null, "user_id" INTEGER, "code" TEXT, ' +
        'constraint "pk_orders" primary key ("id", "line"), ' +
        'unique ("code"), ' +
        'constraint "uq_orders_user_code" unique ("user_id", "code"), ' +
        'check (line > 0), ' +
        `constraint "ck_code" check (code <> ''), ` +
        'constraint "fk_user" foreign key ("user_id") references "users" ("id") on delete cascade on update set null, ' +
        'foreign key ("code") references "codes" ("code") deferrable initially deferred)',
      'create index "ix_orders_user" on "orders" ("user_id")',
      'create unique index "ux_orders_lower" on "orders" (lower(code), "line") where code IS NOT NULL',
    ]);
  });

  it('names an AUTOINCREMENT key inline, quotes odd identifiers', () => {
    const table = toTable('we"ird', { 'i d': { type: 'integer', autoincrement: true, default: 5 } }, { primaryKey: { name: 'pk x', columns: ['i d'] } });
    expect(compile({ kind: 'createTable', table })).toEqual([
      'create table "we""ird" ("i d" INTEGER constraint "pk x" primary key autoincrement default 5)',
    ]);
  });

  it('refuses autoincrement that SQLite cannot do', () => {
    const table = toTable('t', { a: { type: 'integer', autoincrement: true }, b: { type: 'integer' } }, { primaryKey: ['a', 'b'] });
    expect(() => compile({ kind: 'createTable', table })).toThrow(/SQLite can only autoincrement a single INTEGER PRIMARY KEY column/);
  });

  it('refuses a schema other than main', () => {
    expect(() => compile({ kind: 'dropTable', table: 't', schema: 'other' })).toThrow(/SQLite has no schema other/);
    expect(compile({ kind: 'dropTable', table: 't', schema: 'main' })).toEqual(['drop table "t"']);
  });
});

describe('SQLite compileOp: the other native ops', () => {
  it.each<[string, Op, string[]]>([
    ['dropTable', { kind: 'dropTable', table: 'users' }, ['drop table "users"']],
    ['renameTable', { kind: 'renameTable', table: 'users', newName: 'members' }, ['alter table "users" rename to "members"']],
    [
      'addColumn NOT NULL with a default',
      { kind: 'addColumn', table: 'users', column: toColumn('age', { type: 'integer', default: 0, nullable: false }, 'users') },
      ['alter table "users" add column "age" INTEGER default 0 not null'],
    ],
    ['addColumn nullable', { kind: 'addColumn', table: 'users', column: toColumn('note', { type: 'text' }, 'users') }, ['alter table "users" add column "note" TEXT']],
    ['dropColumn', { kind: 'dropColumn', table: 'users', column: 'age' }, ['alter table "users" drop column "age"']],
    ['alterColumn rename', { kind: 'alterColumn', table: 'users', column: 'age', newName: 'years' }, ['alter table "users" rename column "age" to "years"']],
    ['alterColumn comment only (SQLite has none)', { kind: 'alterColumn', table: 'users', column: 'age', comment: 'x' }, []],
    [
      'createIndex partial with an expression',
      { kind: 'createIndex', table: 'users', index: { name: 'ix_email', columns: [{ expression: 'lower(email)' }], unique: true, where: 'deleted = 0' } },
      ['create unique index "ix_email" on "users" (lower(email)) where deleted = 0'],
    ],
    ['dropIndex', { kind: 'dropIndex', name: 'ix_email' }, ['drop index "ix_email"']],
    ['execute', { kind: 'execute', sql: 'UPDATE t SET x = 1; DELETE FROM u' }, ['UPDATE t SET x = 1; DELETE FROM u']],
  ])('%s', (_name, op, expected) => {
    expect(compile(op)).toEqual(expected);
  });

  it('bulkInsert inlines every kind of literal, and leaves missing columns to their defaults', () => {
    const op: Op = {
      kind: 'bulkInsert',
      table: 'vals',
      rows: [
        { s: "it's", n: 1.5, b: true, z: Buffer.from([0, 255]), d: new Date(Date.UTC(2024, 0, 2)), j: { a: [1] }, x: null },
        { s: 'two', n: -2, b: false, z: null, d: null, j: [1, 'a'], x: 10n },
        { s: 'three' },
        {},
      ],
    };
    expect(compile(op)).toEqual([
      'insert into "vals" ("s", "n", "b", "z", "d", "j", "x") values ' +
        `('it''s', 1.5, 1, X'00FF', '2024-01-02T00:00:00.000Z', '{"a":[1]}', NULL), ` +
        `('two', -2, 0, NULL, NULL, '[1,"a"]', 10)`,
      `insert into "vals" ("s") values ('three')`,
      'insert into "vals" default values',
    ]);
  });

  it('bulkInsert splits long inserts', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({ n: i }));
    const statements = compile({ kind: 'bulkInsert', table: 't', rows });
    expect(statements).toHaveLength(3);
    expect(statements[2]).toMatch(/\(1199\)$/);
  });
});

describe('SQLite compileOp: ops that need a table rebuild', () => {
  it.each<[string, Op]>([
    ['alterColumn type', { kind: 'alterColumn', table: 'users', column: 'age', type: { kind: 'bigint' } }],
    ['alterColumn nullable', { kind: 'alterColumn', table: 'users', column: 'age', nullable: false }],
    ['alterColumn default', { kind: 'alterColumn', table: 'users', column: 'age', newName: 'years', default: null }],
    ['addColumn NOT NULL without default', { kind: 'addColumn', table: 'users', column: toColumn('c', { type: 'text', nullable: false }, 'users') }],
    ['addColumn with CURRENT_TIMESTAMP', { kind: 'addColumn', table: 'users', column: toColumn('c', { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } }, 'users') }],
    ['createUniqueConstraint', { kind: 'createUniqueConstraint', table: 'users', constraint: { name: 'uq', columns: ['a'] } }],
    ['createForeignKey', { kind: 'createForeignKey', table: 'users', foreignKey: { name: 'fk', columns: ['a'], refTable: 'o', refColumns: ['id'] } }],
    ['createCheckConstraint', { kind: 'createCheckConstraint', table: 'users', check: { name: 'ck', expression: 'a > 0' } }],
    ['createPrimaryKey', { kind: 'createPrimaryKey', table: 'users', primaryKey: { name: 'pk', columns: ['a'] } }],
    ['dropConstraint', { kind: 'dropConstraint', table: 'users', name: 'uq' }],
  ])('%s throws the offline error', (_name, op) => {
    let error: unknown;
    try {
      compile(op);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^Cannot write offline SQL for ".*": .*; it needs a table rebuild, which needs the live table definition$/);
    expect((error as UserError).hint).toMatch(/without --sql.*op\.execute\(\)/);
  });
});

describe('sqlitePathFromUrl', () => {
  it.each([
    ['sqlite:./app.db', './app.db'],
    ['sqlite:app.db', 'app.db'],
    ['sqlite:/abs/app.db', '/abs/app.db'],
    ['sqlite:///abs/app.db', '/abs/app.db'],
    ['sqlite://./app.db', './app.db'],
    ['sqlite://app.db', 'app.db'],
    ['sqlite::memory:', ':memory:'],
    ['SQLITE:./a b.db', './a b.db'],
  ])('%s', (url, path) => {
    expect(sqlitePathFromUrl(url)).toBe(path);
  });

  it('refuses URLs without a file', () => {
    expect(() => sqlitePathFromUrl('sqlite:')).toThrow(/names no file/);
    expect(() => sqlitePathFromUrl('sqlite://')).toThrow(/names no file/);
    expect(() => sqlitePathFromUrl('postgres://x')).toThrow(/Not a SQLite URL/);
  });
});

describe('SQLite dialect', () => {
  it('declares its capabilities', () => {
    expect(dialect.name).toBe('sqlite');
    expect(dialect.capabilities).toEqual({ transactionalDdl: true, alterColumn: false, alterConstraints: false, schemas: false, comments: false });
  });

  it('gives a compiler that needs no database', () => {
    const compiled = dialect.createCompiler().selectFrom('t').select('a').where('b', '=', 1).compile();
    expect([compiled.sql, compiled.parameters]).toEqual(['select "a" from "t" where "b" = ?', [1]]);
  });
});
