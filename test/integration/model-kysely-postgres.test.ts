import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { toSchema, type InferDatabase, type InferInsertable, type InferSelectable } from '../../src/index.js';
import { createPgDatabase, describePg } from '../helpers/databases.js';
import { pgMetadata, users } from '../unit/model-kysely-models.js';

/**
 * Typed queries at run time on a real PostgreSQL database: the tables (one in a schema of its
 * own) are created from the models by the PostgreSQL dialect, then queried through
 * `Kysely<InferDatabase<typeof pgMetadata, 'postgres'>>` over node-postgres. Every value read
 * back has the JS type the 'postgres' profile promises.
 */
type DB = InferDatabase<typeof pgMetadata, 'postgres'>;

const jsType = (value: unknown): string =>
  value === null ? 'null' : Buffer.isBuffer(value) ? 'Buffer' : value instanceof Date ? 'Date' : typeof value;

describePg('Kysely<InferDatabase<typeof metadata, "postgres">> on node-postgres', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let db: Kysely<DB>;

  beforeAll(async () => {
    database = await createPgDatabase('orm_kysely');
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
    await sql`create schema audit`.execute(db);
    const dialect = createPostgresDialect();
    // referenced tables first: the foreign keys are created with their tables
    const order = ['users', 'tags', 'posts', 'events'];
    const tables = [...toSchema(pgMetadata).tables].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    for (const table of tables) {
      for (const statement of dialect.compileOp({ kind: 'createTable', table })) await sql.raw(statement).execute(db);
    }
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('every kind reads back with the JS type the postgres profile maps it to', async () => {
    const newUser: InferInsertable<typeof users, 'postgres'> = {
      email: 'bob@example.com',
      name: 'Bob',
      active: false,
      karma: 9007199254740993n, // 2^53 + 1: survives as text
      balance: 12.5,
      score: 0.5,
      created_at: new Date('2024-01-02T03:04:05Z'),
      birthday: '2000-02-29',
      wakes_at: '07:30:00',
      settings: { theme: 'dark' },
      avatar: new Uint8Array([1, 2, 3]),
      token: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      status: 'banned',
    };
    const { id } = await db.insertInto('users').values(newUser).returning('id').executeTakeFirstOrThrow();
    const row: InferSelectable<typeof users, 'postgres'> = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsType(v)]))).toEqual({
      id: 'number',
      email: 'string',
      name: 'string',
      active: 'boolean',
      karma: 'string',
      balance: 'string',
      score: 'number',
      created_at: 'Date',
      birthday: 'Date',
      wakes_at: 'string',
      settings: 'object',
      avatar: 'Buffer',
      token: 'string',
      status: 'string',
    });
    expect(row).toMatchObject({ karma: '9007199254740993', balance: '12.50', settings: { theme: 'dark' }, wakes_at: '07:30:00' });
    expect(row.created_at.toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });

  it('defaults and identity on an insert of only the required column; joins; the generated column; a table in a schema', async () => {
    const ann = await db.insertInto('users').values({ email: 'ann@example.com' }).returning(['id', 'karma', 'active', 'created_at']).executeTakeFirstOrThrow();
    expect(ann).toMatchObject({ karma: '0', active: true });
    expect(ann.created_at).toBeInstanceOf(Date);

    await db.insertInto('posts').values({ author_id: ann.id, title: 'Hello', meta: JSON.stringify({ tags: ['intro'] }) }).execute();
    const joined = await db
      .selectFrom('posts')
      .innerJoin('users', 'users.id', 'posts.author_id')
      .select(['posts.id', 'posts.title_length', 'posts.meta', 'users.email'])
      .where('users.id', '=', ann.id)
      .executeTakeFirstOrThrow();
    const postId: string = joined.id; // bigint identity: text
    expect(postId).toMatch(/^\d+$/);
    expect(joined).toMatchObject({ title_length: 5, meta: { tags: ['intro'] }, email: 'ann@example.com' });

    await db.insertInto('audit.events').values({ user_id: ann.id, payload: JSON.stringify([1, 2]) }).execute();
    await db.insertInto('audit.events').values({ payload: { kind: 'login' } }).execute();
    const events = await db.selectFrom('audit.events').select(['payload', 'happened_at']).orderBy('id').execute();
    expect(events.map((e) => e.payload)).toEqual([[1, 2], { kind: 'login' }]);
    expect(events[0]!.happened_at).toBeInstanceOf(Date);

    await db.updateTable('users').set({ balance: '3.10', birthday: new Date(2001, 0, 1) }).where('id', '=', ann.id).execute();
    const updated = await db.selectFrom('users').select(['balance', 'birthday']).where('id', '=', ann.id).executeTakeFirstOrThrow();
    expect(updated.balance).toBe('3.10');
    expect(updated.birthday).toEqual(new Date(2001, 0, 1)); // DATE: a Date at local midnight
  });
});
