// Not a test file: the models shared by the typed-query tests (model-kysely-*.test.ts, their
// tsc fixture, and the PostgreSQL integration test).
import type { GeneratedAlways, JSONColumnType } from 'kysely';
import {
  bigint,
  blob,
  boolean,
  date,
  defineMetadata,
  defineTable,
  double,
  integer,
  json,
  numeric,
  raw,
  sql,
  text,
  time,
  timestamptz,
  uuid,
  varchar,
} from '../../src/index.js';

/** One column of every kind, in every state: nullable, NOT NULL, defaulted, autoincrement, `$type`. */
export const users = defineTable('users', {
  id: integer().primaryKey().autoincrement(),
  email: varchar(255).notNull().unique(),
  name: text(),
  active: boolean().notNull().default(true),
  karma: bigint().notNull().default(0),
  balance: numeric(10, 2),
  score: double(),
  created_at: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),
  birthday: date(),
  wakes_at: time(),
  settings: json(),
  avatar: blob(),
  token: uuid(),
  status: text().$type<'active' | 'banned'>().notNull().default('active'),
});

export const posts = defineTable('posts', {
  id: bigint().primaryKey().autoincrement(),
  author_id: integer().notNull().references(() => users.columns.id, { onDelete: 'cascade' }),
  title: varchar(200).notNull(),
  body: text(),
  // Read as an object, written as JSON text: right on both drivers (SQLite reads it parsed with ParseJSONResultsPlugin).
  meta: json().$type<JSONColumnType<{ tags: string[] }>>(),
  // A generated column: a raw type carrying the clause, read-only through GeneratedAlways.
  title_length: raw('INTEGER GENERATED ALWAYS AS (length(title)) STORED').$type<GeneratedAlways<number>>(),
});

export const tags = defineTable('tags', {
  id: integer().primaryKey().autoincrement(),
  name: varchar(50).notNull(),
});

/** Runs on SQLite and PostgreSQL. */
export const metadata = defineMetadata({ tables: { users, posts, tags } });

/** A table with its own schema (PostgreSQL): keyed 'audit.events'. */
export const events = defineTable(
  'events',
  {
    id: bigint().primaryKey().autoincrement(),
    user_id: integer().references(() => users.columns.id),
    happened_at: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),
    payload: json().notNull(),
  },
  { schema: 'audit' },
);

/** The tables as a list, with one in a schema of its own. */
export const pgMetadata = defineMetadata({ tables: [users, posts, tags, events] });
