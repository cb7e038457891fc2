import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Connection } from '../../src/dialects/dialect.js';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { compareDatabase } from '../../src/diff/compare-database.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { toTable } from '../../src/ops/column-input.js';
import { reverseOps } from '../../src/ops/reverse.js';
import type { Schema, Table } from '../../src/schema/schema.js';
import { createPgDatabase, describePg } from '../helpers/databases.js';
import { applyOps, remainingChanges, schemaOf } from '../helpers/diff-roundtrip.js';

const dialect = createPostgresDialect();
const EMPTY: Schema = { tables: [] };

/**
 * A shop in two schemas: every portable type and some raw ones, literal and SQL defaults,
 * identity, composite keys, foreign keys with actions, a cycle and a self reference, uniques,
 * checks PostgreSQL rewrites (IN lists, BETWEEN, casts), partial, expression and GIN indexes,
 * comments.
 */
function shop(): Schema {
  return schemaOf(
    toTable(
      'customers',
      {
        id: { type: 'bigint', primaryKey: true, autoincrement: true },
        email: { type: 'varchar(255)', nullable: false, comment: 'login' },
        name: { type: 'text', nullable: false, default: '' },
        created_at: { type: 'timestamptz', nullable: false, default: { sql: 'now()' } },
        updated_at: { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } },
        active: { type: 'boolean', nullable: false, default: true },
        balance: { type: 'numeric(12,2)', default: '0.00' },
        score: { type: 'real', default: 1.5 },
        ratio: { type: 'double', default: { sql: '-0.5' } },
        meta: { type: 'json', nullable: false, default: '{"tier": "basic", "flags": []}' },
        uid: { type: 'uuid', default: { sql: 'gen_random_uuid()' } },
        avatar: { type: 'blob' },
        birth: { type: 'date', default: '2000-01-01' },
        wakes: { type: 'time', default: '07:30' },
        level: { type: 'smallint', default: -1 },
        points: { type: 'integer', default: '0' },
        note: { type: 'varchar' },
        exact: { type: 'numeric(8)' },
        tags: { type: { raw: 'text[]' }, default: { sql: "'{}'" } },
        stamp: { type: { raw: 'timestamp(3)' } },
        code: { type: { raw: 'char(3)' }, default: 'abc' },
        raw_json: { type: { raw: 'json' } },
      },
      {
        comment: 'people who buy',
        uniques: [{ name: 'uq_customers_email', columns: ['email'] }],
        checks: [
          { name: 'ck_customers_email', expression: 'char_length(email) BETWEEN 3 AND 255' },
          { name: 'ck_customers_level', expression: 'level IN (-1, 0, 1, 2)' },
          { name: 'ck_customers_code', expression: "code <> 'xxx' AND name IS NOT NULL" },
        ],
        indexes: [
          { name: 'ix_customers_lower_email', columns: [{ expression: 'lower(email)' }], unique: true },
          { name: 'ix_customers_active', columns: ['created_at'], where: 'active' },
          { name: 'ix_customers_meta', columns: ['meta'], method: 'gin' },
          { name: 'ix_customers_name', columns: [{ expression: 'name' }, { expression: '(points + 1)' }] },
        ],
      },
    ),
    toTable(
      'products',
      { sku: { type: 'varchar(32)', primaryKey: true }, title: { type: 'text', nullable: false }, price: { type: 'numeric(10,2)', nullable: false, default: 0 } },
      { uniques: [['title']], checks: ['price >= 0'] },
    ),
    toTable(
      'orders',
      {
        id: { type: 'bigint', primaryKey: true, autoincrement: true },
        customer_id: { type: 'bigint', nullable: false },
        status: { type: 'varchar(20)', nullable: false, default: 'new' },
        total: { type: 'numeric(10,2)', nullable: false, default: 0 },
        placed_at: { type: 'timestamptz', default: { sql: 'CURRENT_TIMESTAMP' } },
      },
      {
        foreignKeys: [{ name: 'fk_orders_customer', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'], onDelete: 'CASCADE' }],
        checks: [{ name: 'ck_orders_status', expression: "status IN ('new', 'paid', 'shipped', 'done')" }],
        indexes: [
          { name: 'ix_orders_customer', columns: ['customer_id', 'placed_at'] },
          { name: 'ix_orders_open', columns: ['status'], where: "status <> 'done' AND total > 0" },
        ],
      },
    ),
    toTable(
      'order_items',
      {
        order_id: { type: 'bigint' },
        line: { type: 'integer' },
        sku: { type: 'varchar(32)', nullable: false },
        qty: { type: 'integer', nullable: false, default: 1 },
      },
      {
        primaryKey: { name: 'pk_order_items', columns: ['order_id', 'line'] },
        foreignKeys: [
          { name: 'fk_items_order', columns: ['order_id'], refTable: 'orders', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
          { name: 'fk_items_product', columns: ['sku'], refTable: 'products', refColumns: ['sku'], onDelete: 'RESTRICT' },
        ],
        checks: [{ name: 'ck_items_qty', expression: 'qty > 0' }],
      },
    ),
    toTable(
      'departments',
      { id: { type: 'integer', primaryKey: true }, manager_id: { type: 'integer' }, parent_id: { type: 'integer' } },
      {
        foreignKeys: [
          { name: 'fk_departments_manager', columns: ['manager_id'], refTable: 'employees', refColumns: ['id'], deferrable: true, initiallyDeferred: true },
          { name: 'fk_departments_parent', columns: ['parent_id'], refTable: 'departments', refColumns: ['id'], onDelete: 'SET NULL' },
        ],
      },
    ),
    toTable(
      'employees',
      { id: { type: 'integer', primaryKey: true }, department_id: { type: 'integer', nullable: false } },
      { foreignKeys: [{ columns: ['department_id'], refTable: 'departments', refColumns: ['id'] }] },
    ),
    // A second schema, referencing the default one and itself.
    toTable(
      'events',
      { id: { type: 'bigint', primaryKey: true, autoincrement: true }, customer_id: { type: 'bigint' }, kind: { type: 'text', nullable: false } },
      {
        schema: 'audit',
        comment: 'what happened',
        foreignKeys: [{ name: 'fk_events_customer', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'], onDelete: 'SET NULL' }],
        indexes: [{ name: 'ix_events_kind', columns: [{ expression: 'upper(kind)' }], where: "kind LIKE 'order%'" }],
      },
    ),
    toTable(
      'event_tags',
      { event_id: { type: 'bigint' }, tag: { type: 'text' } },
      {
        schema: 'audit',
        primaryKey: ['event_id', 'tag'],
        foreignKeys: [{ columns: ['event_id'], refTable: 'events', refSchema: 'audit', refColumns: ['id'], onDelete: 'CASCADE' }],
      },
    ),
  );
}

/** The shop a release earlier: every kind of change separates it from `shop()`. */
function oldShop(): Schema {
  const byName = Object.fromEntries(shop().tables.map((t) => [`${t.schema ?? ''}.${t.name}`, t]));
  const customers = byName['.customers']!;
  const col = (t: Table, name: string) => t.columns.find((c) => c.name === name)!;
  return schemaOf(
    {
      ...customers,
      comment: 'customers',
      columns: [
        ...customers.columns
          .filter((c) => !['uid', 'avatar', 'tags'].includes(c.name))
          .map((c) =>
            c.name === 'name' ? { ...c, type: { kind: 'varchar' as const, length: 50 }, default: null }
            : c.name === 'email' ? { ...c, comment: null }
            : c.name === 'active' ? { ...c, default: { kind: 'literal' as const, value: false } }
            : c.name === 'birth' ? { ...c, nullable: false, default: null }
            : c.name === 'points' ? { ...c, type: { kind: 'smallint' as const } }
            : c.name === 'created_at' ? { ...c, default: { kind: 'sql' as const, sql: 'CURRENT_TIMESTAMP' } }
            : c,
          ),
        { name: 'fax', type: { kind: 'text' }, nullable: true, default: null, autoincrement: false, comment: 'unused' },
      ],
      uniques: [],
      checks: [{ name: 'ck_customers_email', expression: 'char_length(email) BETWEEN 5 AND 255' }],
      indexes: [{ name: 'ix_customers_active', columns: ['created_at'], where: null, unique: false, method: null }],
    },
    // sku was varchar(20) at both ends of fk_items_product: widening it remakes the key.
    {
      ...byName['.products']!,
      columns: byName['.products']!.columns.map((c) => (c.name === 'sku' ? { ...c, type: { kind: 'varchar' as const, length: 20 } } : c)),
      uniques: [],
      checks: [],
    },
    {
      ...byName['.orders']!,
      foreignKeys: [{ ...byName['.orders']!.foreignKeys[0]!, onDelete: null }],
      indexes: [{ name: 'ix_orders_customer', columns: ['customer_id'], unique: false, where: null, method: null }],
    },
    {
      ...byName['.order_items']!,
      columns: byName['.order_items']!.columns.map((c) => (c.name === 'sku' ? { ...col(byName['.order_items']!, 'sku'), type: { kind: 'varchar' as const, length: 20 } } : c)),
      primaryKey: { name: 'pk_order_items', columns: ['order_id'] },
    },
    byName['audit.events']!,
    toTable('legacy_notes', { id: { type: 'integer', primaryKey: true }, customer_id: { type: 'bigint' }, body: { type: 'text' } }, {
      foreignKeys: [{ name: 'fk_notes_customer', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'] }],
    }),
    // Two tables in a cycle, both dropped: a key must go first.
    toTable('old_a', { id: { type: 'integer', primaryKey: true }, b_id: { type: 'integer' } }, {
      foreignKeys: [{ name: 'fk_old_a_b', columns: ['b_id'], refTable: 'old_b', refColumns: ['id'] }],
    }),
    toTable('old_b', { id: { type: 'integer', primaryKey: true }, a_id: { type: 'integer' } }, {
      foreignKeys: [{ name: 'fk_old_b_a', columns: ['a_id'], refTable: 'old_a', refColumns: ['id'] }],
    }),
  );
}

/** A blog: composite keys, a self reference, a partial unique expression index, regex and BETWEEN checks. */
function blog(): Schema {
  return schemaOf(
    toTable(
      'users',
      {
        id: { type: 'integer', primaryKey: true, autoincrement: true },
        handle: { type: 'varchar(40)', nullable: false },
        email: { type: 'text', nullable: false },
        bio: { type: 'text', default: { sql: "''::text" } },
        created_at: { type: 'timestamp', default: { sql: 'LOCALTIMESTAMP' } },
        deleted_at: { type: 'timestamptz' },
        prefs: { type: 'json', default: { sql: "'[]'::jsonb" } },
        karma: { type: 'numeric', default: { sql: '(1 + 2) * 3' } },
      },
      {
        uniques: [{ name: 'uq_users_handle', columns: ['handle'] }],
        checks: [{ name: 'ck_users_handle', expression: "handle ~ '^[a-z0-9_]+$' AND length(handle) >= 2" }],
        indexes: [{ name: 'ux_users_email_live', columns: [{ expression: 'lower(email)' }], unique: true, where: 'deleted_at IS NULL' }],
      },
    ),
    toTable(
      'posts',
      {
        id: { type: 'integer', primaryKey: true, autoincrement: true },
        author_id: { type: 'integer', nullable: false },
        title: { type: 'varchar(200)', nullable: false },
        slug: { type: 'varchar(200)', nullable: false },
        body: { type: 'text' },
        published: { type: 'boolean', nullable: false, default: 'false' },
        published_at: { type: 'timestamptz' },
        views: { type: 'integer', nullable: false, default: 0 },
      },
      {
        foreignKeys: [{ name: 'fk_posts_author', columns: ['author_id'], refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }],
        uniques: [{ name: 'uq_posts_author_slug', columns: ['author_id', 'slug'] }],
        checks: [{ name: 'ck_posts_published', expression: 'NOT published OR published_at IS NOT NULL' }],
        indexes: [
          { name: 'ix_posts_recent', columns: ['published_at', 'id'], where: 'published' },
          { name: 'ix_posts_title', columns: [{ expression: "to_tsvector('english', title)" }], method: 'gin' },
        ],
      },
    ),
    toTable(
      'comments',
      {
        id: { type: 'integer', primaryKey: true, autoincrement: true },
        post_id: { type: 'integer', nullable: false },
        parent_id: { type: 'integer' },
        author_id: { type: 'integer' },
        body: { type: 'text', nullable: false },
        score: { type: 'integer', nullable: false, default: 0 },
      },
      {
        foreignKeys: [
          { name: 'fk_comments_post', columns: ['post_id'], refTable: 'posts', refColumns: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_comments_parent', columns: ['parent_id'], refTable: 'comments', refColumns: ['id'], onDelete: 'SET NULL' },
          { name: 'fk_comments_author', columns: ['author_id'], refTable: 'users', refColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'CASCADE' },
        ],
        checks: [{ name: 'ck_comments_score', expression: 'score BETWEEN -100 AND 100' }],
        indexes: [{ name: 'ix_comments_thread', columns: ['post_id', 'parent_id'] }],
      },
    ),
    toTable('tags', { id: { type: 'integer', primaryKey: true }, name: { type: 'varchar(50)', nullable: false } }, { uniques: [['name']] }),
    toTable(
      'post_tags',
      { post_id: { type: 'integer', nullable: false }, tag_id: { type: 'integer', nullable: false } },
      {
        primaryKey: { name: 'pk_post_tags', columns: ['post_id', 'tag_id'] },
        foreignKeys: [
          { name: 'fk_post_tags_post', columns: ['post_id'], refTable: 'posts', refColumns: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_post_tags_tag', columns: ['tag_id'], refTable: 'tags', refColumns: ['id'], onDelete: 'CASCADE' },
        ],
        indexes: [{ name: 'ix_post_tags_tag', columns: ['tag_id'] }],
      },
    ),
  );
}

/** Names that need quoting: mixed case, spaces, reserved words; PostgreSQL keeps their case. */
function oddNames(): Schema {
  return schemaOf(
    toTable(
      'UserAccounts',
      {
        Id: { type: 'integer', primaryKey: true },
        'Display Name': { type: 'text', default: "it's" },
        order: { type: 'integer', nullable: false, default: 0 },
        group: { type: 'text', default: 'x' },
      },
      {
        checks: [{ name: 'CK Order', expression: '"order" >= 0' }],
        indexes: [{ name: 'IX Mixed', columns: ['Display Name', { expression: 'lower("group")' }] }],
        uniques: [{ name: 'UQ Order Group', columns: ['order', 'group'] }],
      },
    ),
    toTable('select', { from: { type: 'integer' }, where: { type: 'text' } }, {
      foreignKeys: [{ name: 'FK Select', columns: ['from'], refTable: 'UserAccounts', refColumns: ['Id'] }],
    }),
    toTable('useraccounts', { id: { type: 'integer' } }),
  );
}

const SCHEMAS: Array<[string, () => Schema]> = [
  ['the shop', shop],
  ['the old shop', oldShop],
  ['the blog', blog],
  ['odd names', oddNames],
];

describePg('diff round trip on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let conn: Connection;

  beforeAll(async () => {
    database = await createPgDatabase('orm_diff_rt');
    conn = await dialect.connect(database.url);
  });
  afterAll(async () => {
    await conn?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await sql.raw('DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS audit CASCADE; CREATE SCHEMA public; CREATE SCHEMA audit').execute(conn.db);
  });

  it.each(SCHEMAS)('builds %s from nothing; the result compares identical; dropping it all and back works', async (_name, make) => {
    await applyOps(dialect, conn.db, compareSchemas(EMPTY, make(), { dialect }));
    // compareSchemas on the introspected schema, with the forms PostgreSQL printed for the target.
    const forms = await dialect.normalizer.readForms!(conn.db, make());
    const live = await dialect.introspect(conn.db, { schemas: ['public', 'audit'] });
    expect(describeChanges(compareSchemas(live, make(), { dialect, forms }))).toEqual([]);
    expect(await remainingChanges(dialect, conn.db, make())).toEqual([]);

    const dropAll = compareSchemas(live, EMPTY, { dialect, forms });
    await applyOps(dialect, conn.db, dropAll);
    expect((await dialect.introspect(conn.db, { schemas: ['public', 'audit'] })).tables).toEqual([]);
    await applyOps(dialect, conn.db, reverseOps(dropAll));
    expect(await remainingChanges(dialect, conn.db, make())).toEqual([]);
  });

  it('orders creations by reference and breaks the department/employee cycle with a key added last', () => {
    expect(describeChanges(compareSchemas(EMPTY, shop(), { dialect }))).toEqual([
      'add table customers',
      'add table products',
      'add table orders',
      'add table order_items',
      'add table employees',
      'add table departments',
      'add table audit.events',
      'add table audit.event_tags',
      'add foreign key employees_department_id_fkey on employees (department_id) -> departments (id)',
    ]);
  });

  it('drops a cycle of tables: one key first, then dependents before what they reference', async () => {
    const live = await (async () => {
      await applyOps(dialect, conn.db, compareSchemas(EMPTY, oldShop(), { dialect }));
      return dialect.introspect(conn.db, { schemas: ['public', 'audit'] });
    })();
    const keep = (s: Schema) => ({ tables: s.tables.filter((t) => !['old_a', 'old_b', 'legacy_notes'].includes(t.name)) });
    const forms = await dialect.normalizer.readForms!(conn.db, keep(oldShop()));
    const ops = compareSchemas(live, keep(oldShop()), { dialect, forms });
    expect(describeChanges(ops)).toEqual(['drop foreign key fk_old_a_b on old_a', 'drop table legacy_notes', 'drop table old_b', 'drop table old_a']);
    await applyOps(dialect, conn.db, ops);
    await applyOps(dialect, conn.db, reverseOps(ops));
    expect(await remainingChanges(dialect, conn.db, oldShop())).toEqual([]);
  });

  it('moves a database at the old shop to the new one with its rows, and back with the reversed ops', async () => {
    await applyOps(dialect, conn.db, compareSchemas(EMPTY, oldShop(), { dialect }));
    expect(await remainingChanges(dialect, conn.db, oldShop())).toEqual([]);
    await sql.raw(`
      INSERT INTO customers (id, email, name, birth, fax) VALUES (1, 'a@example.com', 'Ann', '1990-05-01', '555');
      INSERT INTO products (sku, title) VALUES ('P1', 'Pen');
      INSERT INTO orders (id, customer_id, status) VALUES (7, 1, 'paid');
      INSERT INTO order_items (order_id, line, sku) VALUES (7, 1, 'P1');`).execute(conn.db);

    const forms = await dialect.normalizer.readForms!(conn.db, shop());
    const live = await dialect.introspect(conn.db, { schemas: ['public', 'audit'] });
    const upgrade = compareSchemas(live, shop(), { dialect, forms });
    expect(describeChanges(upgrade)).toEqual([
      // 1. foreign keys: a cycle between dropped tables, changed ones, ones whose columns change type
      'drop foreign key fk_old_a_b on old_a',
      'drop foreign key fk_orders_customer on orders',
      'drop foreign key fk_items_product on order_items',
      // 2. dropped tables, dependents first
      'drop table legacy_notes',
      'drop table old_b',
      'drop table old_a',
      // 3. each table: index and constraint drops, columns, comment, then creations
      'drop index ix_customers_active on customers',
      'drop check constraint ck_customers_email on customers',
      'drop column customers.fax',
      'add column customers.uid',
      'add column customers.avatar',
      'add column customers.tags',
      'add the comment of customers.email',
      'change type of customers.name: varchar(50) -> text',
      "change default of customers.name: none -> ''",
      'change default of customers.created_at: CURRENT_TIMESTAMP -> now()',
      'change default of customers.active: false -> true',
      'make customers.birth nullable',
      "change default of customers.birth: none -> '2000-01-01'",
      'change type of customers.points: smallint -> integer',
      'change the comment of table customers',
      'add unique constraint uq_customers_email on customers (email)',
      'add check constraint ck_customers_email on customers: char_length(email) BETWEEN 3 AND 255',
      'add check constraint ck_customers_level on customers: level IN (-1, 0, 1, 2)',
      "add check constraint ck_customers_code on customers: code <> 'xxx' AND name IS NOT NULL",
      'add index ix_customers_active on customers (created_at)',
      'add unique index ix_customers_lower_email on customers (lower(email))',
      'add index ix_customers_meta on customers (meta)',
      'add index ix_customers_name on customers (name, (points + 1))',
      'change type of products.sku: varchar(20) -> varchar(32)',
      'add unique constraint products_title_key on products (title)',
      'add check constraint products_check on products: price >= 0',
      'drop index ix_orders_customer on orders',
      'add index ix_orders_customer on orders (customer_id, placed_at)',
      'add index ix_orders_open on orders (status)',
      'drop primary key pk_order_items on order_items',
      'make order_items.line NOT NULL',
      'change type of order_items.sku: varchar(20) -> varchar(32)',
      'add primary key pk_order_items on order_items (order_id, line)',
      // 4. new tables, referenced first, 5. foreign keys: new, changed, remade, closing a cycle
      'add table employees',
      'add table departments',
      'add table audit.event_tags',
      'add foreign key fk_orders_customer on orders (customer_id) -> customers (id)',
      'add foreign key fk_items_product on order_items (sku) -> products (sku)',
      'add foreign key employees_department_id_fkey on employees (department_id) -> departments (id)',
    ]);
    await applyOps(dialect, conn.db, upgrade);
    expect(await remainingChanges(dialect, conn.db, shop())).toEqual([]);
    await applyOps(dialect, conn.db, reverseOps(upgrade));
    expect(await remainingChanges(dialect, conn.db, oldShop())).toEqual([]);
    const rows = await sql<{ status: string; sku: string }>`
      select o.status, i.sku from order_items i join orders o on o.id = i.order_id`.execute(conn.db);
    expect(rows.rows).toEqual([{ status: 'paid', sku: 'P1' }]);
  });

  it('text rules alone match all but what only the database knows (a time literal)', async () => {
    await applyOps(dialect, conn.db, compareSchemas(EMPTY, shop(), { dialect }));
    const live = await dialect.introspect(conn.db, { schemas: ['public', 'audit'] });
    expect(describeChanges(compareSchemas(live, shop(), { dialect, defaultSchema: 'public' }))).toEqual([
      "change default of customers.wakes: '07:30:00' -> '07:30'",
    ]);
  });

  it('reads the target forms with the same, fixed number of statements for 2 tables and for 200', async () => {
    const many = (n: number): Schema =>
      schemaOf(
        ...Array.from({ length: n }, (_, i) =>
          toTable(`t${i}`, { id: { type: 'integer', primaryKey: true }, v: { type: 'text', default: `v${i % 7}` }, at: { type: { raw: 'timestamptz(0)' } } }, {
            checks: [`length(v) < ${i + 10}`],
            indexes: [{ name: `ix_t${i}`, columns: [{ expression: 'lower(v)' }], where: 'id > 0' }],
          }),
        ),
      );
    let queries = 0;
    const counted = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') queries += 1;
      },
    });
    try {
      const count = async (n: number) => {
        queries = 0;
        const forms = await dialect.normalizer.readForms!(counted, many(n));
        return { queries, printed: forms.printed.size };
      };
      // BEGIN, DO, schema names, the introspector's four queries (and JIT off and on), ROLLBACK.
      // Per table a check and an index; the defaults v0..v6 and the raw type are shared.
      expect(await count(2)).toEqual({ queries: 10, printed: 2 * 2 + 2 + 1 });
      expect(await count(200)).toEqual({ queries: 10, printed: 200 * 2 + 7 + 1 });
      // Nothing was left behind by the rolled-back transaction.
      expect((await dialect.introspect(counted)).tables).toEqual([]);
    } finally {
      await counted.destroy();
    }
  });

  it('compareDatabase asks PostgreSQL only about what the text rules cannot settle, in a fixed number of queries', async () => {
    const many = (n: number, wakes: string): Schema =>
      schemaOf(
        ...Array.from({ length: n }, (_, i) =>
          toTable(`t${i}`, { id: { type: 'integer', primaryKey: true }, v: { type: 'text' }, at: { type: 'time', default: '07:30:00' } }, {
            checks: [{ name: `ck_t${i}`, expression: `v IN ('a', 'b${i}')` }],
            indexes: [{ name: `ix_t${i}`, columns: [{ expression: 'lower(v)' }], where: 'id > 0' }],
          }),
        ).map((t, i) => (i === 0 ? { ...t, columns: t.columns.map((c) => (c.name === 'at' ? { ...c, default: { kind: 'literal' as const, value: wakes } } : c)) } : t)),
      );
    let queries = 0;
    const counted = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') queries += 1;
      },
    });
    try {
      for (const n of [3, 120]) {
        await sql.raw('DROP SCHEMA public CASCADE; CREATE SCHEMA public').execute(counted);
        await applyOps(dialect, counted, compareSchemas(EMPTY, many(n, '07:30:00'), { dialect }));
        // In sync: the four introspection queries (and JIT off and on) and the current schema, no scratch table.
        queries = 0;
        expect((await compareDatabase(dialect, counted, many(n, '07:30:00'))).ops).toEqual([]);
        expect(queries).toBe(7);
        // '07:30' reads differently by text but is the same time: only the database can tell.
        queries = 0;
        expect((await compareDatabase(dialect, counted, many(n, '07:30'))).ops).toEqual([]);
        // ... plus BEGIN, DO, the scratch schema's name, its introspection (4, and JIT off and on), ROLLBACK.
        expect(queries).toBe(7 + 10);
      }
    } finally {
      await counted.destroy();
    }
  });

  it('leaves to the text rules what cannot be created yet, and works inside a transaction too', async () => {
    const target = schemaOf(
      toTable('t', { a: { type: 'integer' }, b: { type: { raw: 'mood' } }, c: { type: 'text', default: { sql: 'make_code()' } } }, {
        checks: [{ name: 'ck_a', expression: 'is_valid(a)' }, { name: 'ck_a2', expression: 'a IN (1, 2)' }],
      }),
    );
    const forms = await dialect.normalizer.readForms!(conn.db, target);
    expect([...forms.printed.keys()]).toEqual(['c:.t\u0000a IN (1, 2)']);
    await conn.db.transaction().execute(async (trx) => {
      await sql`create table kept (id int)`.execute(trx);
      const again = await dialect.normalizer.readForms!(trx, target);
      expect(again.printed.size).toBe(1);
      // The savepoint was rolled back, the caller's transaction was not.
      expect(await dialect.hasTable(trx, 'kept', null)).toBe(true);
    });
  });

  it('never touches the version table, in the default schema or another', async () => {
    await sql.raw('CREATE TABLE orm_version (version_num varchar(32) PRIMARY KEY); CREATE TABLE audit.orm_version (v text)').execute(conn.db);
    const both = [null, 'audit'];
    expect(await remainingChanges(dialect, conn.db, EMPTY, { versionTable: { table: 'orm_version', schema: null }, schemas: both })).toEqual([
      'drop table audit.orm_version',
    ]);
    expect(await remainingChanges(dialect, conn.db, EMPTY, { versionTable: { table: 'orm_version', schema: 'audit' }, schemas: ['audit'] })).toEqual([]);
  });
});
