import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Connection } from '../../src/dialects/dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { toTable } from '../../src/ops/column-input.js';
import type { Table } from '../../src/schema/schema.js';
import { createSqliteFile } from '../helpers/databases.js';

const dialect = createSqliteDialect();

let file: ReturnType<typeof createSqliteFile>;
let conn: Connection;
let db: Kysely<any>;

beforeEach(async () => {
  file = createSqliteFile();
  conn = await dialect.connect(file.url);
  db = conn.db;
});

afterEach(async () => {
  await conn.close();
  file.cleanup();
});

const exec = async (script: string) => dialect.executeOp({ kind: 'execute', sql: script }, db);
const table = async (name: string): Promise<Table> => (await dialect.introspect(db)).tables.find((t) => t.name === name)!;

describe('SQLite introspection', () => {
  it('reads back exactly what createTable wrote: every portable type, default, key, constraint and index', async () => {
    const parent = toTable('parent', { id: { type: 'integer', primaryKey: true, autoincrement: true }, code: { type: 'text', nullable: false } }, {
      uniques: [['code']],
    });
    const child = toTable(
      'child',
      {
        a: { type: 'integer', nullable: false },
        b: { type: 'bigint', nullable: false },
        c: { type: 'smallint', default: -3 },
        d: { type: 'varchar(20)', default: "it's" },
        e: { type: 'varchar' },
        f: { type: 'text', default: { sql: "lower('X')" } },
        g: { type: 'boolean', default: false },
        h: { type: 'date' },
        i: { type: 'time' },
        j: { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } },
        k: { type: 'timestamptz' },
        l: { type: 'numeric(10,2)', default: 1.5 },
        m: { type: 'numeric' },
        n: { type: 'real' },
        o: { type: 'double' },
        p: { type: 'json' },
        q: { type: 'uuid' },
        r: { type: 'blob' },
        s: { type: { raw: 'VARCHAR2(10)' } },
        parent_id: { type: 'integer' },
        parent_code: { type: 'text' },
      },
      {
        primaryKey: { name: 'pk_child', columns: ['a', 'b'] },
        uniques: [{ name: 'uq_child_d', columns: ['d', 'e'] }, ['q']],
        checks: [{ name: 'ck_c', expression: "c <> 0 AND d NOT IN ('x)', '(y')" }, 'length(e) < 5'],
        foreignKeys: [
          { name: 'fk_parent', columns: ['parent_id'], refTable: 'parent', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'SET NULL' },
          { columns: ['parent_code'], refTable: 'parent', refColumns: ['code'], deferrable: true, initiallyDeferred: true },
        ],
        indexes: [
          { name: 'ix_child_expr', columns: [{ expression: 'lower(d)' }, 'e'], unique: true, where: 'e IS NOT NULL' },
          { name: 'ix_child_f', columns: ['f'] },
        ],
      },
    );
    await dialect.executeOp({ kind: 'createTable', table: parent }, db);
    await dialect.executeOp({ kind: 'createTable', table: child }, db);
    const schema = await dialect.introspect(db);
    expect(schema.tables.map((t) => t.name)).toEqual(['child', 'parent']);
    // The IR built by toTable says "not nullable" only where it was asked; key columns of a
    // composite key were declared NOT NULL above, so the round trip is exact.
    expect(schema.tables[0]).toEqual(child);
    expect(schema.tables[1]).toEqual({ ...parent, columns: parent.columns.map((c) => ({ ...c })) });
  });

  it('reads hand-written SQL: quoted names, comments, column constraints, bare REFERENCES, unknown types', async () => {
    await exec(`
      CREATE TABLE [Parent Table] ("Id" INT PRIMARY KEY, label TEXT);
      CREATE TABLE "weird ""t""" (
        /* a comment, with (parens) and 'quotes' */
        x DECIMAL(8, 3) NOT NULL DEFAULT (1 + 2), -- trailing comment
        "y z" TEXT CONSTRAINT ck_y CHECK ("y z" <> 'a,b)') CONSTRAINT uq_y UNIQUE,
        ref INT CONSTRAINT fk_ref REFERENCES [Parent Table] ON DELETE RESTRICT,
        untyped,
        flag BOOLEAN DEFAULT 1,
        CHECK (x > (0 + length('(('))),
        CONSTRAINT "pk w" PRIMARY KEY (x)
      );
      CREATE INDEX "ix ""w""" ON "weird ""t""" ("y z" COLLATE NOCASE, x DESC);
    `);
    const t = await table('weird "t"');
    expect(t.columns).toEqual([
      { name: 'x', type: { kind: 'raw', sql: 'DECIMAL(8, 3)' }, nullable: false, default: { kind: 'sql', sql: '1 + 2' }, autoincrement: false, comment: null },
      { name: 'y z', type: { kind: 'text' }, nullable: true, default: null, autoincrement: false, comment: null },
      { name: 'ref', type: { kind: 'raw', sql: 'INT' }, nullable: true, default: null, autoincrement: false, comment: null },
      { name: 'untyped', type: { kind: 'raw', sql: '' }, nullable: true, default: null, autoincrement: false, comment: null },
      { name: 'flag', type: { kind: 'boolean' }, nullable: true, default: { kind: 'literal', value: true }, autoincrement: false, comment: null },
    ]);
    expect(t.primaryKey).toEqual({ name: 'pk w', columns: ['x'] });
    expect(t.checks).toEqual([
      { name: 'ck_y', expression: `"y z" <> 'a,b)'` },
      { name: null, expression: "x > (0 + length('(('))" },
    ]);
    expect(t.uniques).toEqual([{ name: 'uq_y', columns: ['y z'] }]);
    expect(t.foreignKeys).toEqual([
      {
        name: 'fk_ref', columns: ['ref'], refTable: 'Parent Table', refSchema: null, refColumns: ['Id'],
        onDelete: 'RESTRICT', onUpdate: null, deferrable: false, initiallyDeferred: false,
      },
    ]);
    expect(t.indexes).toEqual([
      { name: 'ix "w"', columns: [{ expression: '"y z" COLLATE NOCASE' }, { expression: 'x DESC' }], unique: false, where: null, method: null },
    ]);
    // A primary key on INT (not INTEGER) is no rowid alias: it stays nullable as declared.
    expect((await table('Parent Table')).columns[0]).toMatchObject({ name: 'Id', type: { kind: 'raw', sql: 'INT' }, nullable: true });
  });

  it('skips SQLite\'s own tables and keeps the version table', async () => {
    await exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT); INSERT INTO t DEFAULT VALUES; ANALYZE;');
    await exec('CREATE TABLE orm_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)');
    const names = (await dialect.introspect(db)).tables.map((t) => t.name);
    expect(names).toEqual(['orm_version', 't']);
  });

  it('uses the same number of queries for 5 tables as for 50', async () => {
    const count = async (tables: number): Promise<number> => {
      const f = createSqliteFile();
      let queries = 0;
      const counted = new Kysely<any>({
        dialect: new SqliteDialect({ database: new Database(f.file) }),
        log: (event) => {
          if (event.level === 'query') queries += 1;
        },
      });
      try {
        for (let i = 0; i < tables; i++) {
          await sql.raw(`CREATE TABLE t${i} (id INTEGER PRIMARY KEY, p INTEGER REFERENCES t0 (id), u TEXT UNIQUE)`).execute(counted);
          await sql.raw(`CREATE INDEX ix_t${i} ON t${i} (p)`).execute(counted);
        }
        queries = 0;
        const schema = await dialect.introspect(counted);
        expect(schema.tables).toHaveLength(tables);
        expect(schema.tables.every((t) => t.indexes.length === 1 && t.uniques.length === 1 && t.foreignKeys.length === 1)).toBe(true);
        return queries;
      } finally {
        await counted.destroy();
        f.cleanup();
      }
    };
    const few = await count(5);
    const many = await count(50);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(3);
  });

  it('hasTable answers as SQLite compares names', async () => {
    await exec('CREATE TABLE Things (id INTEGER)');
    expect(await dialect.hasTable(db, 'things', null)).toBe(true);
    expect(await dialect.hasTable(db, 'other', null)).toBe(false);
  });
});
