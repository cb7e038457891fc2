import type { Connection } from '../../src/dialects/dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { toTable } from '../../src/ops/column-input.js';
import { reverseOps } from '../../src/ops/reverse.js';
import type { Schema } from '../../src/schema/schema.js';
import { createSqliteFile } from '../helpers/databases.js';
import { applyOps, remainingChanges, schemaOf } from '../helpers/diff-roundtrip.js';

const dialect = createSqliteDialect();
const EMPTY: Schema = { tables: [] };

/** A shop: every portable type, literal and SQL defaults, keys, a cycle, checks, partial and expression indexes. */
function shop(): Schema {
  return schemaOf(
    toTable(
      'customers',
      {
        id: { type: 'integer', primaryKey: true, autoincrement: true },
        email: { type: 'varchar(255)', nullable: false },
        name: { type: 'text', nullable: false, default: '' },
        created_at: { type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
        active: { type: 'boolean', nullable: false, default: true },
        balance: { type: 'numeric(12,2)', default: 0 },
        score: { type: 'real', default: 1.5 },
        ratio: { type: 'double' },
        meta: { type: 'json', default: '{}' },
        uid: { type: 'uuid' },
        avatar: { type: 'blob' },
        birth: { type: 'date', default: '2000-01-01' },
        wakes: { type: 'time' },
        seen_at: { type: 'timestamptz', default: { sql: "datetime('now')" } },
        level: { type: 'smallint', default: -1 },
        points: { type: 'bigint', default: '0' },
        note: { type: 'varchar' },
        exact: { type: 'numeric' },
        legacy: { type: { raw: 'VARCHAR2(10)' } },
      },
      {
        uniques: [{ name: 'uq_customers_email', columns: ['email'] }],
        checks: [{ name: 'ck_customers_name', expression: 'length(name) < 200' }, "active IN (0, 1)"],
        indexes: [
          { name: 'ix_customers_lower_email', columns: [{ expression: 'lower(email)' }], unique: true },
          { name: 'ix_customers_active', columns: ['created_at'], where: 'active = 1' },
        ],
      },
    ),
    toTable(
      'products',
      { sku: { type: 'varchar(32)', primaryKey: true }, title: { type: 'text', nullable: false }, price: { type: 'numeric(10,2)', nullable: false, default: 0 } },
      { uniques: [['title']], checks: [{ name: 'ck_products_price', expression: 'price >= 0' }] },
    ),
    toTable(
      'orders',
      {
        id: { type: 'bigint', primaryKey: true, autoincrement: true },
        customer_id: { type: 'integer', nullable: false },
        status: { type: 'varchar(20)', nullable: false, default: 'new' },
        total: { type: 'numeric(10,2)', nullable: false, default: 0 },
        placed_at: { type: 'timestamp', default: { sql: "(datetime('now', 'localtime'))" } },
      },
      {
        foreignKeys: [{ name: 'fk_orders_customer', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'], onDelete: 'CASCADE' }],
        checks: [{ name: 'ck_orders_status', expression: "status IN ('new', 'paid', 'shipped', 'done')" }],
        indexes: [
          { name: 'ix_orders_customer', columns: ['customer_id', 'placed_at'] },
          { name: 'ix_orders_open', columns: ['status'], where: "status <> 'done'" },
        ],
      },
    ),
    toTable(
      'order_items',
      {
        order_id: { type: 'bigint', nullable: false },
        line: { type: 'integer', nullable: false },
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
    // A foreign-key cycle, and a key referencing its own table.
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
      { foreignKeys: [{ name: 'fk_employees_department', columns: ['department_id'], refTable: 'departments', refColumns: ['id'] }] },
    ),
  );
}

/** The shop a release earlier: every kind of change separates it from `shop()`. */
function oldShop(): Schema {
  const now = shop();
  const byName = Object.fromEntries(now.tables.map((t) => [t.name, t]));
  const customers = byName.customers!;
  return schemaOf(
    {
      ...customers,
      // name was varchar(50) without default, fax is dropped, uid, avatar and legacy are new.
      columns: [
        ...customers.columns
          .filter((c) => !['uid', 'avatar', 'legacy'].includes(c.name))
          .map((c) =>
            c.name === 'name' ? { ...c, type: { kind: 'varchar' as const, length: 50 }, default: null }
            : c.name === 'active' ? { ...c, default: { kind: 'literal' as const, value: false } }
            : c.name === 'birth' ? { ...c, nullable: false, default: null }
            : c.name === 'points' ? { ...c, type: { kind: 'integer' as const } }
            : c,
          ),
        { name: 'fax', type: { kind: 'text' }, nullable: true, default: null, autoincrement: false, comment: null },
      ],
      uniques: [],
      checks: [{ name: 'ck_customers_name', expression: 'length(name) < 100' }],
      indexes: [{ name: 'ix_customers_active', columns: ['created_at'], where: null, unique: false, method: null }],
    },
    { ...byName.products!, uniques: [], checks: [] },
    {
      ...byName.orders!,
      foreignKeys: [{ ...byName.orders!.foreignKeys[0]!, onDelete: null }],
      indexes: [{ name: 'ix_orders_customer', columns: ['customer_id'], unique: false, where: null, method: null }],
    },
    { ...byName.order_items!, primaryKey: { name: 'pk_order_items', columns: ['order_id'] }, foreignKeys: [byName.order_items!.foreignKeys[0]!] },
    toTable('legacy_notes', { id: { type: 'integer', primaryKey: true }, customer_id: { type: 'integer' }, body: { type: 'text' } }, {
      foreignKeys: [{ name: 'fk_notes_customer', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'] }],
    }),
  );
}

/** A blog: composite keys, a self reference, a partial unique expression index, GLOB and BETWEEN checks. */
function blog(): Schema {
  return schemaOf(
    toTable(
      'users',
      {
        id: { type: 'integer', primaryKey: true, autoincrement: true },
        handle: { type: 'varchar(40)', nullable: false },
        email: { type: 'text', nullable: false },
        bio: { type: 'text', default: { sql: "''" } },
        created_at: { type: 'timestamp', default: { sql: 'current_timestamp' } },
        deleted_at: { type: 'timestamp' },
        prefs: { type: 'json', default: '[]' },
      },
      {
        uniques: [{ name: 'uq_users_handle', columns: ['handle'] }],
        checks: [{ name: 'ck_users_handle', expression: "handle NOT GLOB '*[^a-z0-9_]*'" }],
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
        published: { type: 'boolean', nullable: false, default: false },
        published_at: { type: 'timestamp' },
        views: { type: 'integer', nullable: false, default: 0 },
      },
      {
        foreignKeys: [{ name: 'fk_posts_author', columns: ['author_id'], refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE' }],
        uniques: [{ name: 'uq_posts_author_slug', columns: ['author_id', 'slug'] }],
        checks: [{ name: 'ck_posts_published', expression: 'published = 0 OR published_at IS NOT NULL' }],
        indexes: [{ name: 'ix_posts_recent', columns: ['published_at', 'id'], where: 'published = 1' }],
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
          { name: 'fk_comments_author', columns: ['author_id'], refTable: 'users', refColumns: ['id'], onDelete: 'SET NULL' },
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

/** Names that need quoting: mixed case, spaces, reserved words. */
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
  );
}

const SCHEMAS: Array<[string, () => Schema]> = [
  ['the shop', shop],
  ['the old shop', oldShop],
  ['the blog', blog],
  ['odd names', oddNames],
];

describe('diff round trip on SQLite', () => {
  let file: ReturnType<typeof createSqliteFile>;
  let conn: Connection;
  beforeEach(async () => {
    file = createSqliteFile();
    conn = await dialect.connect(file.url);
  });
  afterEach(async () => {
    await conn.close();
    file.cleanup();
  });

  it.each(SCHEMAS)('builds %s from nothing; the result compares identical; dropping it all and back works', async (_name, make) => {
    const ops = compareSchemas(EMPTY, make(), { dialect });
    await applyOps(dialect, conn.db, ops);
    const live = await dialect.introspect(conn.db);
    expect(describeChanges(compareSchemas(live, make(), { dialect }))).toEqual([]);
    expect(await remainingChanges(dialect, conn.db, make())).toEqual([]);

    const dropAll = compareSchemas(live, EMPTY, { dialect });
    await applyOps(dialect, conn.db, dropAll);
    expect((await dialect.introspect(conn.db)).tables).toEqual([]);
    await applyOps(dialect, conn.db, reverseOps(dropAll));
    expect(await remainingChanges(dialect, conn.db, make())).toEqual([]);
  });

  it('creates referenced tables first; the department/employee cycle stays inline (SQLite takes forward references)', () => {
    expect(describeChanges(compareSchemas(EMPTY, shop(), { dialect }))).toEqual([
      'add table customers', 'add table products', 'add table orders', 'add table order_items', 'add table employees', 'add table departments',
    ]);
  });

  it('moves a database at the old shop to the new one with its rows, and back with the reversed ops', async () => {
    await applyOps(dialect, conn.db, compareSchemas(EMPTY, oldShop(), { dialect }));
    expect(await remainingChanges(dialect, conn.db, oldShop())).toEqual([]);
    await dialect.executeOp({ kind: 'execute', sql: `
      INSERT INTO customers (id, email, name, birth, fax) VALUES (1, 'a@example.com', 'Ann', '1990-05-01', '555');
      INSERT INTO products (sku, title) VALUES ('P1', 'Pen');
      INSERT INTO orders (id, customer_id, status) VALUES (7, 1, 'paid');
      INSERT INTO order_items (order_id, line, sku) VALUES (7, 1, 'P1');` }, conn.db);

    const upgrade = compareSchemas(await dialect.introspect(conn.db), shop(), { dialect });
    expect(describeChanges(upgrade)).toEqual([
      // 1. foreign keys that change, and 2. dropped tables
      'drop foreign key fk_orders_customer on orders',
      'drop table legacy_notes',
      // 3. each table: index and constraint drops, columns, then creations
      'drop index ix_customers_active on customers',
      'drop check constraint ck_customers_name on customers',
      'drop column customers.fax',
      'add column customers.uid',
      'add column customers.avatar',
      'add column customers.legacy',
      'change type of customers.name: varchar(50) -> text',
      "change default of customers.name: none -> ''",
      'change default of customers.active: false -> true',
      'make customers.birth nullable',
      "change default of customers.birth: none -> '2000-01-01'",
      'change type of customers.points: integer -> bigint',
      'add unique constraint uq_customers_email on customers (email)',
      'add check constraint ck_customers_name on customers: length(name) < 200',
      'add check constraint customers_check on customers: active IN (0, 1)',
      'add index ix_customers_active on customers (created_at)',
      'add unique index ix_customers_lower_email on customers (lower(email))',
      'add unique constraint products_title_key on products (title)',
      'add check constraint ck_products_price on products: price >= 0',
      'drop index ix_orders_customer on orders',
      'add index ix_orders_customer on orders (customer_id, placed_at)',
      'add index ix_orders_open on orders (status)',
      'drop primary key pk_order_items on order_items',
      'add primary key pk_order_items on order_items (order_id, line)',
      // 4. new tables, 5. new foreign keys
      'add table employees',
      'add table departments',
      'add foreign key fk_orders_customer on orders (customer_id) -> customers (id)',
      'add foreign key fk_items_product on order_items (sku) -> products (sku)',
    ]);
    await applyOps(dialect, conn.db, upgrade);
    expect(await remainingChanges(dialect, conn.db, shop())).toEqual([]);
    await applyOps(dialect, conn.db, reverseOps(upgrade));
    expect(await remainingChanges(dialect, conn.db, oldShop())).toEqual([]);
    const rows = await conn.db
      .selectFrom('order_items')
      .innerJoin('orders', 'orders.id', 'order_items.order_id')
      .select(['orders.status', 'order_items.sku'])
      .execute();
    expect(rows).toEqual([{ status: 'paid', sku: 'P1' }]);
  });
});
