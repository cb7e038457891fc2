// Not a test file: compiled by model-kysely-types.test.ts (and by `npx tsc -p tsconfig.json
// --noEmit`), never run. The statement after each `// @ts-expect-error [code `fragment`] why` must
// fail to compile with that TypeScript error code and a message containing the fragment, and no
// other line may fail: the test compiles this file with those directives turned off and compares.
import type { ColumnType, Generated, GeneratedAlways, Kysely } from 'kysely';
import type {
  InferColumn,
  InferDatabase,
  InferInsertable,
  InferSelectable,
  InferTable,
  InferUpdateable,
  JsonValue,
  PostgresJsonInput,
  TableKey,
} from '../../src/index.js';
import { defineMetadata, defineTable, integer, json, text } from '../../src/index.js';
import { events, metadata, pgMetadata, posts, tags, users } from './model-kysely-models.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare function assertType<T extends true>(): void;

// ---- the database interface: keys -------------------------------------------------------------

type DB = InferDatabase<typeof metadata>;
type PgDB = InferDatabase<typeof pgMetadata, 'postgres'>;
type LiteDB = InferDatabase<typeof metadata, 'sqlite'>;

assertType<Equal<keyof DB, 'users' | 'posts' | 'tags'>>();
assertType<Equal<keyof PgDB, 'users' | 'posts' | 'tags' | 'audit.events'>>();
assertType<Equal<TableKey<typeof events>, 'audit.events'>>();
assertType<Equal<InferDatabase<{ users: typeof users }>, { users: InferTable<typeof users> }>>();
const inApp = defineMetadata({ tables: { tags }, schema: 'app' }); // the metadata's schema: bare keys (use withSchema)
assertType<Equal<keyof InferDatabase<typeof inApp>, 'tags'>>();
const ownSchema = defineTable('jobs', { id: integer().primaryKey() }, (t) => ({ schema: 'queue', primaryKey: [t.id] }));
assertType<Equal<keyof InferDatabase<[typeof ownSchema, typeof tags]>, 'queue.jobs' | 'tags'>>();

// ---- columns: the declared types (default profile) --------------------------------------------

type U = InferTable<typeof users>;
assertType<Equal<U['id'], Generated<number>>>(); // autoincrement: optional on insert
assertType<Equal<U['email'], string>>(); // NOT NULL, no default: required
assertType<Equal<U['name'], string | null>>(); // nullable: optional on insert
assertType<Equal<U['active'], Generated<boolean>>>(); // server default: optional on insert
assertType<Equal<U['karma'], Generated<string | number>>>();
assertType<Equal<U['balance'], string | number | null>>();
assertType<Equal<U['score'], number | null>>();
assertType<Equal<U['created_at'], Generated<Date | string>>>();
assertType<Equal<U['birthday'], Date | string | null>>();
assertType<Equal<U['wakes_at'], string | null>>();
assertType<Equal<U['settings'], JsonValue>>(); // JsonValue includes null already
assertType<Equal<U['avatar'], Uint8Array | null>>();
assertType<Equal<U['token'], string | null>>();
assertType<Equal<U['status'], Generated<'active' | 'banned'>>>(); // $type<T>() wins
type P = InferTable<typeof posts>;
assertType<Equal<P['id'], Generated<string | number>>>();
assertType<Equal<P['meta'], ColumnType<{ tags: string[] } | null, string | null, string | null>>>(); // a ColumnType in $type sets each side
assertType<Equal<P['title_length'], ColumnType<number | null, never, never>>>(); // generated: read-only
assertType<Equal<keyof InferTable<typeof tags>, 'id' | 'name'>>();

// ---- columns: node-postgres -------------------------------------------------------------------

type PU = PgDB['users'];
assertType<Equal<PU['id'], Generated<number>>>();
assertType<Equal<PU['karma'], ColumnType<string, string | number | bigint | undefined, string | number | bigint>>>();
assertType<Equal<PU['balance'], ColumnType<string | null, string | number | null, string | number | null>>>();
assertType<Equal<PU['created_at'], ColumnType<Date, Date | string | undefined, Date | string>>>();
assertType<Equal<PU['birthday'], ColumnType<Date | null, Date | string | null, Date | string | null>>>();
assertType<Equal<PU['wakes_at'], string | null>>();
assertType<Equal<PU['settings'], ColumnType<JsonValue, PostgresJsonInput | null, PostgresJsonInput | null>>>();
assertType<Equal<PU['avatar'], ColumnType<Buffer | null, Uint8Array | null, Uint8Array | null>>>();
assertType<Equal<PU['status'], Generated<'active' | 'banned'>>>();
assertType<Equal<PgDB['audit.events']['payload'], ColumnType<JsonValue, PostgresJsonInput, PostgresJsonInput>>>();

// ---- columns: better-sqlite3 ------------------------------------------------------------------

type LU = LiteDB['users'];
assertType<Equal<LU['active'], Generated<number>>>();
assertType<Equal<LU['karma'], ColumnType<number, number | bigint | undefined, number | bigint>>>();
assertType<Equal<LU['balance'], ColumnType<number | null, number | string | null, number | string | null>>>();
assertType<Equal<LU['created_at'], Generated<string>>>();
assertType<Equal<LU['birthday'], string | null>>();
assertType<Equal<LU['settings'], string | null>>();
assertType<Equal<LU['avatar'], ColumnType<Buffer | null, Uint8Array | null, Uint8Array | null>>>();
assertType<Equal<LiteDB['posts']['meta'], PgDB['posts']['meta']>>(); // $type<T>() wins on every profile
assertType<Equal<LiteDB['users']['status'], U['status']>>();

// ---- single columns, and edge cases ----------------------------------------------------------

assertType<Equal<InferColumn<ReturnType<typeof integer>>, number | null>>();
assertType<Equal<InferColumn<ReturnType<typeof text>>, string | null>>();
const typedJson = json().$type<{ theme: string }>();
assertType<Equal<InferColumn<typeof typedJson, 'sqlite'>, { theme: string } | null>>(); // your word, read and write
const anyColumn = integer().notNull().$type<any>();
assertType<Equal<InferColumn<typeof anyColumn>, any>>();
const readOnly = integer().$type<GeneratedAlways<number>>().notNull();
assertType<Equal<InferColumn<typeof readOnly>, GeneratedAlways<number>>>();
const separate = text().notNull().$type<ColumnType<Date, string, never>>();
assertType<Equal<InferColumn<typeof separate, 'postgres'>, ColumnType<Date, string, never>>>();
type Custom = Omit<import('../../src/index.js').PostgresValueTypes, 'bigint'> & {
  bigint: { select: number; insert: number };
};
assertType<Equal<InferDatabase<typeof metadata, Custom>['users']['karma'], Generated<number>>>();

// ---- Selectable / Insertable / Updateable helpers ---------------------------------------------

type User = InferSelectable<typeof users>;
type NewUser = InferInsertable<typeof users>;
type UserPatch = InferUpdateable<typeof users>;
assertType<Equal<User['id'], number>>();
assertType<Equal<User['name'], string | null>>();
assertType<Equal<NewUser['email'], string>>();
assertType<Equal<NewUser['id'], number | undefined>>();
assertType<Equal<keyof InferInsertable<typeof posts>, 'id' | 'author_id' | 'title' | 'body' | 'meta'>>(); // no title_length
assertType<Equal<keyof InferUpdateable<typeof posts>, 'id' | 'author_id' | 'title' | 'body' | 'meta'>>();
const newUser: NewUser = { email: 'a@example.com' };
const patch: UserPatch = { name: null };
// @ts-expect-error [2322 `Property 'email' is missing`] email is required on insert
const missingEmail: NewUser = { name: 'Ann' };

// ---- queries ----------------------------------------------------------------------------------

declare const db: Kysely<DB>;
declare const pg: Kysely<PgDB>;
declare const lite: Kysely<LiteDB>;

export async function queriesThatCompile(): Promise<void> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'status'])
    .where('active', '=', true)
    .where('email', 'like', '%@example.com')
    .executeTakeFirstOrThrow();
  const id: number = row.id;
  const email: string = row.email;
  const name: string | null = row.name;
  const status: 'active' | 'banned' = row.status;

  const joined = await db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.id as postId', 'posts.title', 'posts.title_length', 'users.email'])
    .execute();
  const length: number | null = joined[0]!.title_length;

  await db.insertInto('users').values({ email: 'a@example.com' }).execute(); // every other column may be left out
  await db
    .insertInto('users')
    .values({ email: 'b@example.com', name: null, active: false, status: 'banned', settings: { theme: 'dark' } })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('posts').values({ author_id: 1, title: 'Hello', meta: JSON.stringify({ tags: ['a'] }) }).execute();
  await db.updateTable('users').set({ name: null, active: false }).where('id', '=', 1).execute();
  await db.deleteFrom('posts').where('author_id', '=', id).execute();

  const pgRow = await pg.selectFrom('users').selectAll().executeTakeFirstOrThrow();
  const karma: string = pgRow.karma; // int8 comes back as a string from node-postgres
  const created: Date = pgRow.created_at;
  const avatar: Buffer | null = pgRow.avatar;
  await pg.insertInto('users').values({ email: 'c@example.com', karma: 10n, balance: 1.5, birthday: '2000-01-01' }).execute();
  await pg.insertInto('audit.events').values({ user_id: 1, payload: JSON.stringify([1, 2]) }).execute();
  await pg.selectFrom('audit.events').select(['id', 'payload']).execute();

  const liteRow = await lite.selectFrom('users').selectAll().executeTakeFirstOrThrow();
  const active: number = liteRow.active; // 1/0
  const createdText: string = liteRow.created_at;
  await lite.insertInto('users').values({ email: 'd@example.com', active: 0, birthday: '2000-01-01', settings: '{}' }).execute();

  void [email, name, status, length, karma, created, avatar, active, createdText, newUser, patch, missingEmail];
}

// ---- what must not compile --------------------------------------------------------------------

export async function queriesThatFail(): Promise<void> {
  // @ts-expect-error [2345 `'"user"'`] a table the models do not have
  await db.selectFrom('user').selectAll().execute();
  // @ts-expect-error [2769 `'"emial"'`] a column the table does not have
  await db.selectFrom('users').select(['emial']).execute();
  // @ts-expect-error [2345 `'"emial"'`] a column the table does not have, in a where
  await db.selectFrom('users').selectAll().where('emial', '=', 'a').execute();
  // @ts-expect-error [2345 `'"one"'`] a string compared with an integer column
  await db.selectFrom('users').selectAll().where('id', '=', 'one').execute();
  // @ts-expect-error [2322 `Type 'number' is not assignable`] a number into a varchar column
  await db.insertInto('users').values({ email: 42 }).execute();
  // @ts-expect-error [2345 `Property 'email' is missing`] an insert without the required email
  await db.insertInto('users').values({ name: 'Ann' }).execute();
  // @ts-expect-error [2322 `'"deleted"'`] a value the $type<T>() does not allow
  await db.insertInto('users').values({ email: 'e@example.com', status: 'deleted' }).execute();
  // @ts-expect-error [2353 `'title_length' does not exist`] a generated column cannot be inserted
  await db.insertInto('posts').values({ author_id: 1, title: 'T', title_length: 1 }).execute();
  // @ts-expect-error [2322 `"posts", never>`] nor updated
  await db.updateTable('posts').set({ title_length: 1 }).execute();
  // @ts-expect-error [2322 `Type 'string[]'`] meta is written as JSON text (JSONColumnType)
  await db.insertInto('posts').values({ author_id: 1, title: 'T', meta: ['a'] }).execute();
  // @ts-expect-error [2322 `Type 'null' is not assignable`] null into a NOT NULL column
  await db.updateTable('users').set({ email: null }).execute();
  // @ts-expect-error [2322 `'"deleted"'`] an update the $type<T>() does not allow
  await db.updateTable('users').set({ status: 'deleted' }).execute();
  // @ts-expect-error [2345 `'"posts.authr_id"'`] a join on a column the table does not have
  await db.selectFrom('posts').innerJoin('users', 'users.id', 'posts.authr_id').selectAll().execute();
  // @ts-expect-error [2769 `'"users.title"'`] a column of the other table, qualified wrongly
  await db.selectFrom('posts').innerJoin('users', 'users.id', 'posts.author_id').select('users.title').execute();

  const row = await db.selectFrom('users').select(['name', 'email']).executeTakeFirstOrThrow();
  // @ts-expect-error [2322 `Type 'null' is not assignable to type 'string'`] a nullable column into a non-null variable
  const name: string = row.name;
  // @ts-expect-error [2339 `Property 'id' does not exist`] a column that was not selected
  const id = row.id;

  const pgRow = await pg.selectFrom('users').select('karma').executeTakeFirstOrThrow();
  // @ts-expect-error [2322 `Type 'string' is not assignable to type 'number'`] int8 is a string on node-postgres, not a number
  const karma: number = pgRow.karma;
  // @ts-expect-error [2345 `'"events"'`] a table in a schema is keyed 'audit.events'
  await pg.selectFrom('events').selectAll().execute();
  // @ts-expect-error [2322 `Type 'number[]'`] node-postgres sends a JS array as a PostgreSQL array, not JSON
  await pg.insertInto('audit.events').values({ payload: [1, 2] }).execute();

  // @ts-expect-error [2322 `Type 'true'`] better-sqlite3 cannot bind a boolean
  await lite.insertInto('users').values({ email: 'f@example.com', active: true }).execute();
  // @ts-expect-error [2322 `Type 'Date'`] better-sqlite3 cannot bind a Date
  await lite.insertInto('users').values({ email: 'g@example.com', created_at: new Date() }).execute();
  // @ts-expect-error [2353 `'theme' does not exist`] JSON is text on SQLite
  await lite.insertInto('users').values({ email: 'h@example.com', settings: { theme: 'dark' } }).execute();

  void [name, id, karma];
}
