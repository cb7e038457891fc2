/**
 * Realistic schema IRs for the renderModels round trip, as introspection would read them:
 * one built with the default naming convention, one by plain PostgreSQL DDL (its own names,
 * schemas), one by plain SQLite DDL (unnamed constraints), and one full of awkward cases.
 */
import { truncateIdentifier } from '../../src/model/naming-convention.js';
import type { Schema } from '../../src/schema/schema.js';
import { shortHash } from '../../src/util/short-hash.js';
import { col, fk, ix, tbl } from './model-fixtures.js';

const now = { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } as const;
const lit = (value: string | number | boolean) => ({ kind: 'literal', value }) as const;
const ck = (table: string, expression: string) => ({ name: `ck_${table}_${shortHash(expression)}`, expression });

/** A blog, built with the default naming convention. */
export const BLOG: Schema = {
  tables: [
    tbl('comments', [
      col('id', 'uuid', { nullable: false, default: { kind: 'sql', sql: 'gen_random_uuid()' } }),
      col('post_id', 'bigint', { nullable: false }),
      col('parent_id', 'uuid'),
      col('body', 'text', { nullable: false }),
      col('created_at', { kind: 'timestamp', withTimeZone: true }, { nullable: false, default: { kind: 'sql', sql: 'now()' } }),
    ], {
      primaryKey: { name: 'pk_comments', columns: ['id'] },
      foreignKeys: [
        fk('fk_comments_post_id_posts', ['post_id'], 'posts', ['id'], { onDelete: 'CASCADE', onUpdate: 'CASCADE' }),
        fk('fk_comments_parent_id_comments', ['parent_id'], 'comments', ['id'], { onDelete: 'SET NULL' }),
      ],
    }),
    tbl('post_tags', [col('post_id', 'bigint', { nullable: false }), col('tag_id', 'integer', { nullable: false })], {
      primaryKey: { name: 'pk_post_tags', columns: ['post_id', 'tag_id'] },
      foreignKeys: [
        fk('fk_post_tags_post_id_posts', ['post_id'], 'posts', ['id'], { onDelete: 'CASCADE' }),
        fk('fk_post_tags_tag_id_tags', ['tag_id'], 'tags', ['id'], { onDelete: 'CASCADE' }),
      ],
      comment: 'Which tags a post has',
    }),
    tbl('posts', [
      col('id', 'bigint', { nullable: false, autoincrement: true }),
      col('author_id', 'integer', { nullable: false }),
      col('title', { kind: 'varchar', length: 200 }, { nullable: false }),
      col('body', 'text'),
      col('status', 'text', { nullable: false, default: lit('draft') }),
      col('rating', { kind: 'numeric', precision: 3, scale: 1 }),
      col('published_at', { kind: 'timestamp', withTimeZone: false }),
      col('search', { kind: 'raw', sql: 'tsvector' }),
    ], {
      primaryKey: { name: 'pk_posts', columns: ['id'] },
      foreignKeys: [fk('fk_posts_author_id_users', ['author_id'], 'users', ['id'], { onDelete: 'CASCADE' })],
      checks: [{ name: 'posts_title_not_empty', expression: 'length(title) > 0' }, ck('posts', "status in ('draft', 'published')")],
      indexes: [
        ix('ix_posts_author_id', ['author_id', 'published_at']),
        ix('ix_posts_search', ['search'], { method: 'gin' }),
        ix('ix_posts_published_at', ['published_at'], { where: "status = 'published'" }),
      ],
    }),
    tbl('tags', [col('id', 'integer', { nullable: false, autoincrement: true }), col('name', { kind: 'varchar', length: 50 }, { nullable: false })], {
      primaryKey: { name: 'pk_tags', columns: ['id'] },
      uniques: [{ name: 'uq_tags_name', columns: ['name'] }],
    }),
    tbl('users', [
      col('id', 'integer', { nullable: false, autoincrement: true }),
      col('email', { kind: 'varchar', length: 255 }, { nullable: false }),
      col('name', 'text', { comment: 'Shown name' }),
      col('active', 'boolean', { nullable: false, default: lit(true) }),
      col('role', 'text', { nullable: false, default: lit('member') }),
      col('score', 'double'),
      col('settings', 'json'),
      col('created_at', { kind: 'timestamp', withTimeZone: true }, { nullable: false, default: now }),
    ], {
      primaryKey: { name: 'pk_users', columns: ['id'] },
      uniques: [{ name: 'uq_users_email', columns: ['email'] }],
      checks: [ck('users', "role in ('member', 'admin')")],
      indexes: [ix('ix_users_lower_email', [{ expression: 'lower(email)' }], { unique: true, where: 'active' })],
      comment: 'People who can sign in',
    }),
  ],
};

/** Built by plain PostgreSQL DDL: PostgreSQL's own names, three schemas, a composite deferrable key. */
export const PG_PLAIN: Schema = {
  tables: [
    tbl('accounts', [
      col('id', 'integer', { nullable: false, autoincrement: true }),
      col('name', 'text', { nullable: false }),
      col('region', { kind: 'varchar', length: 8 }, { nullable: false }),
    ], {
      schema: 'app',
      primaryKey: { name: 'accounts_pkey', columns: ['id'] },
      uniques: [{ name: 'accounts_id_region_key', columns: ['id', 'region'] }],
      comment: "Customers' accounts",
    }),
    tbl('events', [col('id', 'integer', { nullable: false })], { schema: 'app', primaryKey: { name: 'events_pkey', columns: ['id'] } }),
    tbl('events', [
      col('id', 'bigint', { nullable: false, autoincrement: true }),
      col('account_id', 'integer'),
      col('payload', 'json', { nullable: false }),
      col('at', { kind: 'timestamp', withTimeZone: true }, { nullable: false, default: { kind: 'sql', sql: 'now()' } }),
    ], {
      schema: 'audit',
      primaryKey: { name: 'events_pkey', columns: ['id'] },
      foreignKeys: [fk('events_account_id_fkey', ['account_id'], 'accounts', ['id'], { refSchema: 'app', onDelete: 'SET NULL' })],
      indexes: [ix('events_at_idx', ['at'], { method: 'brin' })],
    }),
    tbl('members', [
      col('account_id', 'integer', { nullable: false }),
      col('region', { kind: 'varchar', length: 8 }, { nullable: false }),
      col('user_id', 'bigint', { nullable: false }),
      col('role', 'text', { nullable: false, default: lit('viewer') }),
      col('invited_by', 'bigint'),
    ], {
      schema: 'app',
      primaryKey: { name: 'members_pkey', columns: ['account_id', 'user_id'] },
      foreignKeys: [
        fk('members_account_id_region_fkey', ['account_id', 'region'], 'accounts', ['id', 'region'], {
          refSchema: 'app', onDelete: 'CASCADE', deferrable: true, initiallyDeferred: true,
        }),
        fk('members_user_id_fkey', ['user_id'], 'users', ['id'], { onDelete: 'CASCADE' }),
        fk('members_invited_by_fkey', ['invited_by'], 'users', ['id'], { onDelete: 'SET NULL', onUpdate: 'RESTRICT' }),
      ],
      indexes: [ix('members_role_idx', ['role'])],
    }),
    tbl('users', [
      col('id', 'bigint', { nullable: false, autoincrement: true }),
      col('email', 'text', { nullable: false }),
      col('karma', 'smallint', { nullable: false, default: lit(0) }),
      col('balance', { kind: 'numeric', precision: 12, scale: 2 }, { nullable: false, default: lit(0) }),
      col('tags', { kind: 'raw', sql: 'text[]' }, { default: { kind: 'sql', sql: "'{}'::text[]" } }),
      col('born', 'date'),
      col('wakes', 'time'),
      col('ratio', 'real'),
    ], {
      primaryKey: { name: 'users_pkey', columns: ['id'] },
      uniques: [{ name: 'users_email_key', columns: ['email'] }],
      checks: [{ name: 'users_email_check', expression: "email ~ '@'" }],
      indexes: [ix('users_lower_idx', [{ expression: 'lower(email)' }])],
    }),
  ],
};

/** Built by plain SQLite DDL: unnamed constraints, awkward names, a foreign-key cycle, a nullable key. */
export const SQLITE_PLAIN: Schema = {
  tables: [
    tbl('a', [col('id', 'integer', { nullable: false }), col('b_id', 'integer')], {
      primaryKey: { name: null, columns: ['id'] },
      foreignKeys: [fk(null, ['b_id'], 'b', ['id'])],
    }),
    tbl('b', [col('id', 'integer', { nullable: false }), col('a_id', 'integer')], {
      primaryKey: { name: null, columns: ['id'] },
      foreignKeys: [fk(null, ['a_id'], 'a', ['id'], { onDelete: 'CASCADE' })],
    }),
    tbl('customers', [
      col('id', 'integer', { nullable: false, autoincrement: true }),
      col('name', 'text', { nullable: false }),
      col('code', { kind: 'varchar' }),
    ], {
      primaryKey: { name: null, columns: ['id'] },
      uniques: [{ name: null, columns: ['code'] }, { name: null, columns: ['name', 'code'] }],
    }),
    tbl('order', [
      col('id', 'integer', { nullable: false, autoincrement: true }),
      col('customer id', 'integer', { nullable: false }),
      col('total', { kind: 'numeric', precision: 10, scale: 2 }, { nullable: false, default: lit(0) }),
      col('note', 'text', { default: lit('n/a') }),
      col('paid', 'boolean', { nullable: false, default: lit(false) }),
      col('data', 'blob'),
    ], {
      primaryKey: { name: null, columns: ['id'] },
      foreignKeys: [fk(null, ['customer id'], 'customers', ['id'], { onDelete: 'RESTRICT' })],
      checks: [{ name: null, expression: 'total >= 0' }],
      indexes: [ix('idx_order_customer', ['customer id']), ix('order_paid', ['id'], { unique: true, where: 'paid = 0' })],
    }),
    tbl('sessions', [col('token', 'text'), col('customer_id', 'integer')], {
      primaryKey: { name: null, columns: ['token'] },
      foreignKeys: [fk(null, ['customer_id'], 'customers', ['id'], { onDelete: 'CASCADE' })],
    }),
    tbl('text', [col('id', 'integer', { nullable: false }), col('value', 'text')], { primaryKey: { name: null, columns: ['id'] } }),
  ],
};

const LONG = 'a_table_with_a_really_quite_remarkably_long_name_for_testing_x';

/** The default convention with the cases that cannot go on a column, or need explicit names. */
export const AWKWARD: Schema = {
  tables: [
    tbl(LONG, [col('id', 'integer', { nullable: false }), col('ref', 'integer')], {
      primaryKey: { name: truncateIdentifier(`pk_${LONG}`), columns: ['id'] },
      foreignKeys: [fk(truncateIdentifier(`fk_${LONG}_ref_t1`), ['ref'], 't1', ['a'])],
      indexes: [ix(`ix_${'explicit_and_long_'.repeat(4)}`, ['ref'])],
    }),
    tbl('odd.name', [col('id', 'integer', { nullable: false }), col('parent', 'integer')], {
      primaryKey: { name: 'pk_odd.name', columns: ['id'] },
      foreignKeys: [fk('fk_odd.name_parent_odd.name', ['parent'], 'odd.name', ['id'])],
    }),
    tbl('t1', [
      col('a', 'integer', { nullable: false }),
      col('b', 'integer', { nullable: false }),
      col('c', 'integer', { default: lit(-1) }),
      col('d', 'text', { default: lit("it's"), comment: 'line one\nline two' }),
      col('user id', 'integer', { default: { kind: 'sql', sql: "(`a`\n + 1)" } }),
      col('e', { kind: 'numeric', precision: 8 }, { default: { kind: 'sql', sql: '${x}' } }),
    ], {
      primaryKey: { name: 'custom_pk', columns: ['a'] },
      uniques: [
        { name: 'uq_t1_c', columns: ['c'] },
        { name: 'uq_t1_a', columns: ['a'] },
        { name: null, columns: ['d'] },
        { name: 'uq_t1_a_b', columns: ['a', 'b'] },
      ],
      foreignKeys: [
        fk('fk_t1_b_t2', ['b'], 't2', ['x'], { refSchema: 's2' }),
        fk('t1_pair_fk', ['a', 'b'], 't2', ['x', 'y'], { refSchema: 's2', onUpdate: 'SET DEFAULT' }),
      ],
      checks: [{ name: null, expression: 'a <> b' }],
      indexes: [ix('ix_t1_a', ['a', { expression: "coalesce(d, '')" }, 'b'], { unique: true })],
    }),
    tbl('t2', [col('x', 'integer', { nullable: false }), col('y', 'integer', { nullable: false })], {
      schema: 's2',
      primaryKey: { name: 'pk_t2', columns: ['y', 'x'] },
      uniques: [{ name: null, columns: ['x'] }],
    }),
  ],
};
