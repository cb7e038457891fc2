import Database from 'better-sqlite3';
import { Kysely, ParseJSONResultsPlugin, SqliteDialect } from 'kysely';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { toSchema, type InferDatabase, type InferInsertable, type InferSelectable } from '../../src/index.js';
import { metadata, posts, users } from './model-kysely-models.js';

/**
 * Typed queries at run time on a real SQLite database: the tables are created from the models
 * by the SQLite dialect (the DDL a migration would run), then queried through
 * `Kysely<InferDatabase<typeof metadata, 'sqlite'>>`. Every value read back has the JS type the
 * 'sqlite' profile promises, so the profile is checked against better-sqlite3 itself.
 */
type DB = InferDatabase<typeof metadata, 'sqlite'>;

let database: Database.Database;
let db: Kysely<DB>;

beforeEach(() => {
  database = new Database(':memory:');
  database.pragma('foreign_keys = ON');
  const dialect = createSqliteDialect();
  for (const table of toSchema(metadata).tables) {
    for (const statement of dialect.compileOp({ kind: 'createTable', table })) database.exec(statement);
  }
  db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
});

afterEach(async () => {
  await db.destroy();
});

/** The JS type of a value, as the mapping table names it. */
const jsType = (value: unknown): string =>
  value === null ? 'null' : Buffer.isBuffer(value) ? 'Buffer' : value instanceof Date ? 'Date' : typeof value;

describe('Kysely<InferDatabase<typeof metadata, "sqlite">> on better-sqlite3', () => {
  it('an insert of only the required column; defaults, autoincrement and NULLs come back typed', async () => {
    const { id } = await db.insertInto('users').values({ email: 'ann@example.com' }).returning('id').executeTakeFirstOrThrow();
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: 1, email: 'ann@example.com', name: null, active: 1, karma: 0, status: 'active', settings: null });
    expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/); // CURRENT_TIMESTAMP text
    const active: number = row.active; // 1/0, as the profile says
    expect(active).toBe(1);
  });

  it('every kind reads back with the JS type the sqlite profile maps it to', async () => {
    const newUser: InferInsertable<typeof users, 'sqlite'> = {
      email: 'bob@example.com',
      name: 'Bob',
      active: 0,
      karma: 5n,
      balance: '12.50',
      score: 0.5,
      created_at: '2024-01-02 03:04:05',
      birthday: '2000-02-29',
      wakes_at: '07:30:00',
      settings: JSON.stringify({ theme: 'dark' }),
      avatar: new Uint8Array([1, 2, 3]),
      token: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      status: 'banned',
    };
    await db.insertInto('users').values(newUser).execute();
    const row: InferSelectable<typeof users, 'sqlite'> = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsType(v)]))).toEqual({
      id: 'number',
      email: 'string',
      name: 'string',
      active: 'number',
      karma: 'number',
      balance: 'number',
      score: 'number',
      created_at: 'string',
      birthday: 'string',
      wakes_at: 'string',
      settings: 'string',
      avatar: 'Buffer',
      token: 'string',
      status: 'string',
    });
    expect(row).toMatchObject({ active: 0, karma: 5, balance: 12.5, birthday: '2000-02-29', status: 'banned' });
    expect(JSON.parse(row.settings!)).toEqual({ theme: 'dark' });
    expect([...row.avatar!]).toEqual([1, 2, 3]);
  });

  it('joins, updates, deletes; a generated column is read; JSON text read back parsed by the plugin', async () => {
    const ann = await db.insertInto('users').values({ email: 'ann@example.com' }).returning('id').executeTakeFirstOrThrow();
    const post: InferInsertable<typeof posts, 'sqlite'> = { author_id: ann.id, title: 'Hello', meta: JSON.stringify({ tags: ['intro'] }) };
    await db.insertInto('posts').values(post).execute();
    await db.updateTable('users').set({ name: 'Ann', active: 0 }).where('id', '=', ann.id).execute();

    const joined = await db
      .selectFrom('posts')
      .innerJoin('users', 'users.id', 'posts.author_id')
      .select(['posts.title', 'posts.title_length', 'users.name', 'users.active'])
      .execute();
    expect(joined).toEqual([{ title: 'Hello', title_length: 5, name: 'Ann', active: 0 }]);
    const length: number | null = joined[0]!.title_length;
    expect(length).toBe(5);

    // meta is JSONColumnType<{ tags: string[] }>: written as JSON text, read as an object
    const parsed = await db.withPlugin(new ParseJSONResultsPlugin()).selectFrom('posts').select('meta').executeTakeFirstOrThrow();
    expect(parsed.meta?.tags).toEqual(['intro']);

    await db.deleteFrom('users').where('email', '=', 'ann@example.com').execute();
    expect(await db.selectFrom('posts').select('id').execute()).toEqual([]); // ON DELETE CASCADE from the models
  });
});
