// Written by the model-render test: the golden text of renderModels.
import {
  bigint,
  boolean,
  defineMetadata,
  defineTable,
  double,
  index,
  integer,
  json,
  numeric,
  raw,
  sql,
  text,
  timestamp,
  timestamptz,
  uuid,
  varchar,
} from '../../../src/index.js';

export const tags = defineTable('tags', {
  id: integer().primaryKey().autoincrement(),
  name: varchar(50).notNull().unique(),
});

export const users = defineTable('users', {
  id: integer().primaryKey().autoincrement(),
  email: varchar(255).notNull().unique(),
  name: text().comment('Shown name'),
  active: boolean().notNull().default(true),
  role: text().notNull().default('member'),
  score: double(),
  settings: json(),
  created_at: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),
}, (t) => ({
  comment: 'People who can sign in',
  indexes: [index().on(sql`lower(email)`).unique().where('active')],
  checks: [{ expression: "role in ('member', 'admin')" }],
}));

export const posts = defineTable('posts', {
  id: bigint().primaryKey().autoincrement(),
  author_id: integer().notNull().references(() => users.columns.id, { onDelete: 'cascade' }),
  title: varchar(200).notNull(),
  body: text(),
  status: text().notNull().default('draft'),
  rating: numeric(3, 1),
  published_at: timestamp(),
  search: raw('tsvector'),
}, (t) => ({
  indexes: [
    index().on(t.author_id, t.published_at),
    index().on(t.search).using('gin'),
    index().on(t.published_at).where("status = 'published'"),
  ],
  checks: [
    { name: 'posts_title_not_empty', expression: 'length(title) > 0' },
    { expression: "status in ('draft', 'published')" },
  ],
}));

export const comments = defineTable('comments', {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  post_id: bigint()
    .notNull()
    .references(() => posts.columns.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
  parent_id: uuid().references('comments.id', { onDelete: 'set null' }),
  body: text().notNull(),
  created_at: timestamptz().notNull().default(sql`now()`),
});

export const postTags = defineTable('post_tags', {
  post_id: bigint().references(() => posts.columns.id, { onDelete: 'cascade' }),
  tag_id: integer().references(() => tags.columns.id, { onDelete: 'cascade' }),
}, (t) => ({
  comment: 'Which tags a post has',
  primaryKey: [t.post_id, t.tag_id],
}));

export const metadata = defineMetadata({
  tables: { tags, users, posts, comments, postTags },
});
