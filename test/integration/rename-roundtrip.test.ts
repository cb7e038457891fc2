/**
 * Renames on real databases, below the CLI: models with convention-named keys, a unique, checks,
 * a partial and an expression index and a foreign key are renamed by hint (a table and a
 * column) and by `renames` (another column); the upgrade keeps every row and compares identical
 * to the models (no drop, no add), the downgrade gives back the first schema with its rows.
 */
import { sql } from 'kysely';
import type { Connection, Dialect } from '../../src/dialects/dialect.js';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { compareDatabase } from '../../src/diff/compare-database.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { defineMetadata, defineTable, index, integer, sql as sqlExpr, text, toSchema, varchar } from '../../src/model/index.js';
import { reverseOps } from '../../src/ops/reverse.js';
import type { Schema } from '../../src/schema/schema.js';
import { createPgDatabase, createSqliteFile, describePg, rejectionMatching } from '../helpers/databases.js';
import { applyOps, remainingChanges } from '../helpers/diff-roundtrip.js';

function v1(): Schema {
  const users = defineTable('users', {
    id: integer().primaryKey().autoincrement(),
    name: text().notNull().unique(),
    email: varchar(100),
  }, (t) => ({
    indexes: [index().on(t.email).where("name <> 'x'"), index('ix_users_lower_name').on(sqlExpr`lower(name)`)],
    checks: [{ expression: 'length(name) > 0' }, { expression: 'id > 0' }],
  }));
  const posts = defineTable('posts', {
    id: integer().primaryKey().autoincrement(),
    author: integer().notNull().references(() => users.columns.id),
    title: text().notNull(),
  });
  return toSchema(defineMetadata({ tables: { users, posts } }));
}

/** users -> people and name -> full_name by hint; email -> contact is left to `renames`. */
function v2(): Schema {
  const people = defineTable('people', {
    id: integer().primaryKey().autoincrement(),
    full_name: text().notNull().unique().renamedFrom('name'),
    contact: varchar(100),
  }, (t) => ({
    renamedFrom: 'users',
    indexes: [index().on(t.contact).where("full_name <> 'x'"), index('ix_users_lower_name').on(sqlExpr`lower(full_name)`)],
    checks: [{ expression: 'length(full_name) > 0' }, { expression: 'id > 0' }],
  }));
  const posts = defineTable('posts', {
    id: integer().primaryKey().autoincrement(),
    author: integer().notNull().references(() => people.columns.id),
    title: text().notNull(),
  });
  return toSchema(defineMetadata({ tables: { people, posts } }));
}

const rows = async (db: Connection['db'], query: string) => (await sql.raw(query).execute(db)).rows.map((r) => Object.values(r as object).map(String));

function renameRoundTrip(name: string, dialect: Dialect, open: () => Promise<{ conn: Connection; close(): Promise<void> }>) {
  describe(`renames on ${name}`, () => {
    let conn: Connection;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ conn, close } = await open());
    });
    afterAll(async () => close?.());

    it('keeps every row through the upgrade and the downgrade', async () => {
      const first = await compareDatabase(dialect, conn.db, v1());
      await applyOps(dialect, conn.db, first.ops);
      await sql.raw("insert into users (name, email) values ('Ann', 'ann@example.com')").execute(conn.db);
      await sql.raw("insert into users (name, email) values ('Bob', null)").execute(conn.db);
      await sql.raw("insert into posts (author, title) values (1, 'hello')").execute(conn.db);
      await sql.raw("insert into posts (author, title) values (2, 'world')").execute(conn.db);

      // without `renames`, email -> contact is only a candidate
      const guess = await compareDatabase(dialect, conn.db, v2());
      expect(guess.renameCandidates.map((c) => c.flag)).toEqual(['people.email=contact']);
      expect(describeChanges(guess.ops)).toEqual(expect.arrayContaining(['drop column people.email', 'add column people.contact']));

      const { ops } = await compareDatabase(dialect, conn.db, v2(), { renames: [{ kind: 'column', table: 'people', from: 'email', to: 'contact' }] });
      const changes = describeChanges(ops);
      expect(changes.slice(0, 3)).toEqual(['rename table users to people', 'rename column people.name to full_name', 'rename column people.email to contact']);
      expect(changes.filter((c) => /^(drop|add) (table|column)/.test(c))).toEqual([]);
      await applyOps(dialect, conn.db, ops);
      expect(await remainingChanges(dialect, conn.db, v2())).toEqual([]);
      expect(await rows(conn.db, 'select id, full_name, contact from people order by id')).toEqual([['1', 'Ann', 'ann@example.com'], ['2', 'Bob', 'null']]);
      expect(await rows(conn.db, 'select id, author, title from posts order by id')).toEqual([['1', '1', 'hello'], ['2', '2', 'world']]);
      // the checks and the foreign key followed the renames
      await expect(sql.raw("insert into people (full_name) values ('')").execute(conn.db)).rejects.toMatchObject(rejectionMatching(/constraint/i));
      await expect(sql.raw("insert into posts (author, title) values (99, 'orphan')").execute(conn.db)).rejects.toMatchObject(rejectionMatching(/constraint/i));

      await applyOps(dialect, conn.db, reverseOps(ops));
      expect(await remainingChanges(dialect, conn.db, v1())).toEqual([]);
      expect(await rows(conn.db, 'select id, name, email from users order by id')).toEqual([['1', 'Ann', 'ann@example.com'], ['2', 'Bob', 'null']]);
      expect(await rows(conn.db, 'select id, author, title from posts order by id')).toEqual([['1', '1', 'hello'], ['2', '2', 'world']]);
    });
  });
}

renameRoundTrip('SQLite', createSqliteDialect(), async () => {
  const file = createSqliteFile();
  const dialect = createSqliteDialect();
  const conn = await dialect.connect(file.url);
  // foreign keys enforced, as the runner leaves them outside a revision
  await sql.raw('PRAGMA foreign_keys = ON').execute(conn.db);
  return { conn, close: async () => { await conn.close(); file.cleanup(); } };
});

describePg('PostgreSQL', () => {
  renameRoundTrip('PostgreSQL', createPostgresDialect(), async () => {
    const database = await createPgDatabase('orm_renames_rt');
    const conn = await createPostgresDialect().connect(database.url);
    return { conn, close: async () => { await conn.close(); await database.drop(); } };
  });
});
