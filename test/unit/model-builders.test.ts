/** The model DSL builds exactly the schema IR: every column type, every modifier, every table option. */
import {
  bigint,
  blob,
  boolean,
  date,
  defineMetadata,
  defineTable,
  double,
  index,
  integer,
  json,
  numeric,
  raw,
  real,
  smallint,
  sql,
  text,
  time,
  timestamp,
  timestamptz,
  toSchema,
  toTable,
  uuid,
  varchar,
} from '../../src/model/index.js';
import { col, fk, ix, tbl } from './model-fixtures.js';

describe('column types', () => {
  it.each([
    ['integer', integer(), { kind: 'integer' }],
    ['bigint', bigint(), { kind: 'bigint' }],
    ['smallint', smallint(), { kind: 'smallint' }],
    ['varchar', varchar(), { kind: 'varchar' }],
    ['varchar(255)', varchar(255), { kind: 'varchar', length: 255 }],
    ['text', text(), { kind: 'text' }],
    ['boolean', boolean(), { kind: 'boolean' }],
    ['date', date(), { kind: 'date' }],
    ['time', time(), { kind: 'time' }],
    ['timestamp', timestamp(), { kind: 'timestamp', withTimeZone: false }],
    ['timestamp with time zone', timestamp({ withTimeZone: true }), { kind: 'timestamp', withTimeZone: true }],
    ['timestamptz', timestamptz(), { kind: 'timestamp', withTimeZone: true }],
    ['numeric', numeric(), { kind: 'numeric' }],
    ['numeric(12)', numeric(12), { kind: 'numeric', precision: 12 }],
    ['numeric(10, 2)', numeric(10, 2), { kind: 'numeric', precision: 10, scale: 2 }],
    ['real', real(), { kind: 'real' }],
    ['double', double(), { kind: 'double' }],
    ['json', json(), { kind: 'json' }],
    ['uuid', uuid(), { kind: 'uuid' }],
    ['blob', blob(), { kind: 'blob' }],
    ['raw', raw(' tsvector '), { kind: 'raw', sql: 'tsvector' }],
  ])('%s', (_, builder, type) => {
    const [column] = toTable(defineTable('t', { c: builder })).columns;
    expect(column).toEqual(col('c', type as never));
  });

  it('rejects bad lengths, precisions and empty raw types', () => {
    expect(() => varchar(0)).toThrow(/varchar\(length\) needs a whole number > 0, not 0/);
    expect(() => numeric(10.5)).toThrow(/numeric\(precision\)/);
    expect(() => numeric(10, -1)).toThrow(/scale/);
    expect(() => raw('  ')).toThrow(/raw\(type\) needs the database type/);
  });
});

describe('column modifiers', () => {
  const only = (builder: Parameters<typeof defineTable>[1][string]) => toTable(defineTable('t', { id: integer().primaryKey(), c: builder })).columns[1];

  it('are nullable by default, notNull() and nullable() set it, the last call wins', () => {
    expect(only(text())).toMatchObject({ nullable: true });
    expect(only(text().notNull())).toMatchObject({ nullable: false });
    expect(only(text().notNull().nullable())).toMatchObject({ nullable: true });
  });

  it('defaults: literals and SQL expressions, tagged or called', () => {
    expect(only(text().default('draft')).default).toEqual({ kind: 'literal', value: 'draft' });
    expect(only(integer().default(0)).default).toEqual({ kind: 'literal', value: 0 });
    expect(only(boolean().default(false)).default).toEqual({ kind: 'literal', value: false });
    expect(only(timestamptz().default(sql`CURRENT_TIMESTAMP`)).default).toEqual({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' });
    expect(only(uuid().default(sql('gen_random_uuid()'))).default).toEqual({ kind: 'sql', sql: 'gen_random_uuid()' });
  });

  it('sql`...` keeps the text as written, escapes cooked, and refuses interpolation', () => {
    expect(sql`'a' || \`b\``).toEqual({ kind: 'sql', sql: "'a' || `b`" });
    const value = 1 as never;
    expect(() => sql`x = ${value}`).toThrow(/takes no \$\{\.\.\.\} values/);
    expect(() => sql('')).toThrow(/non-empty/);
  });

  it('comment, autoincrement and primaryKey (implies not null; nullable() after it keeps it nullable)', () => {
    const t = toTable(defineTable('t', { id: bigint().primaryKey().autoincrement().comment('the key') }));
    expect(t.columns[0]).toEqual(col('id', 'bigint', { nullable: false, autoincrement: true, comment: 'the key' }));
    expect(t.primaryKey).toEqual({ name: 'pk_t', columns: ['id'] });
    const sqliteStyle = toTable(defineTable('t', { code: text().primaryKey().nullable() }));
    expect(sqliteStyle.columns[0]!.nullable).toBe(true);
  });

  it('builders are immutable: a shared builder refined twice gives two columns', () => {
    const base = text();
    const a = base.notNull();
    const b = base.default('x');
    expect(base.state).toMatchObject({ nullable: undefined, default: null });
    expect(a.state.default).toBeNull();
    expect(b.state.nullable).toBeUndefined();
    expect(Object.isFrozen(a) && Object.isFrozen(a.state)).toBe(true);
    const ixb = index().on('a');
    ixb.unique();
    expect(ixb.state.unique).toBe(false);
  });
});

describe('defineTable', () => {
  const users = defineTable('users', {
    id: integer().primaryKey().autoincrement(),
    email: varchar(255).notNull().unique(),
    handle: text().unique('users_handle_key'),
    active: boolean().notNull().default(true),
  }, (t) => ({
    comment: 'People',
    indexes: [
      index().on(t.email).unique().where('active'),
      index('ix_users_lower_email').on(sql`lower(email)`, t.id).using('btree'),
      index().on(t.handle).using('gin').where(sql`handle is not null`),
    ],
    checks: [{ expression: "email like '%@%'" }, { name: 'ck_users_handle', expression: sql`length(handle) > 2` }],
  }));

  it('exposes name, schema and column refs', () => {
    expect(users.name).toBe('users');
    expect(users.schema).toBeNull();
    expect(users.columns.email).toMatchObject({ kind: 'column-ref', name: 'email', table: { name: 'users', schema: null } });
    expect(Object.keys(users.columns)).toEqual(['id', 'email', 'handle', 'active']);
  });

  it('gives the IR with every constraint named', () => {
    expect(toTable(users)).toEqual(
      tbl('users', [
        col('id', 'integer', { nullable: false, autoincrement: true }),
        col('email', { kind: 'varchar', length: 255 }, { nullable: false }),
        col('handle', 'text'),
        col('active', 'boolean', { nullable: false, default: { kind: 'literal', value: true } }),
      ], {
        primaryKey: { name: 'pk_users', columns: ['id'] },
        uniques: [{ name: 'uq_users_email', columns: ['email'] }, { name: 'users_handle_key', columns: ['handle'] }],
        checks: [
          { name: expect.stringMatching(/^ck_users_[0-9a-f]{8}$/) as never, expression: "email like '%@%'" },
          { name: 'ck_users_handle', expression: 'length(handle) > 2' },
        ],
        indexes: [
          ix('ix_users_email', ['email'], { unique: true, where: 'active' }),
          ix('ix_users_lower_email', [{ expression: 'lower(email)' }, 'id']),
          ix('ix_users_handle', ['handle'], { method: 'gin', where: 'handle is not null' }),
        ],
        comment: 'People',
      }),
    );
  });

  it('composite primary keys, uniques and foreign keys, by ref or by name; null names stay unnamed', () => {
    const orgs = defineTable('orgs', { id: integer().notNull(), region: text().notNull() }, { schema: 'app', uniques: [{ columns: ['id', 'region'] }] });
    const members = defineTable('members', {
      org_id: integer().notNull(),
      region: text().notNull(),
      user_id: integer().notNull(),
      parent: integer(),
    }, (t) => ({
      schema: 'app',
      primaryKey: { name: 'members_pk', columns: [t.org_id, t.user_id] },
      uniques: [{ name: null, columns: [t.user_id, 'region'] }],
      foreignKeys: [
        { columns: [t.org_id, t.region], references: () => [orgs.columns.id, orgs.columns.region], onDelete: 'cascade', onUpdate: 'RESTRICT' },
        { name: 'members_parent_fk', columns: ['parent'], references: { table: 'members', columns: ['user_id'] }, deferrable: true, initiallyDeferred: true },
        { columns: [t.user_id], references: { table: orgs, columns: ['id'] }, onDelete: 'no action' },
      ],
    }));
    const ir = toTable(members);
    expect(ir.schema).toBe('app');
    expect(ir.primaryKey).toEqual({ name: 'members_pk', columns: ['org_id', 'user_id'] });
    expect(ir.uniques).toEqual([{ name: null, columns: ['user_id', 'region'] }]);
    expect(ir.foreignKeys).toEqual([
      fk('fk_members_org_id_orgs', ['org_id', 'region'], 'orgs', ['id', 'region'], { refSchema: 'app', onDelete: 'CASCADE', onUpdate: 'RESTRICT' }),
      fk('members_parent_fk', ['parent'], 'members', ['user_id'], { deferrable: true, initiallyDeferred: true }),
      fk('fk_members_user_id_orgs', ['user_id'], 'orgs', ['id'], { refSchema: 'app' }),
    ]);
  });

  it('column references: thunks, refs, table.column and schema.table.column strings, with options', () => {
    const users = defineTable('users', { id: integer().primaryKey() });
    const posts = defineTable('posts', {
      a: integer().references(() => users.columns.id, { onDelete: 'set null', name: 'posts_a_fk' }),
      b: integer().references(users.columns.id, { onUpdate: 'cascade' }),
      c: integer().references('users.id', { name: null }),
      d: integer().references('audit.users.id', { deferrable: true }),
    });
    expect(toTable(posts).foreignKeys).toEqual([
      fk('posts_a_fk', ['a'], 'users', ['id'], { onDelete: 'SET NULL' }),
      fk('fk_posts_b_users', ['b'], 'users', ['id'], { onUpdate: 'CASCADE' }),
      fk(null, ['c'], 'users', ['id']),
      fk('fk_posts_d_users', ['d'], 'users', ['id'], { refSchema: 'audit', deferrable: true }),
    ]);
  });

  it('column-level constraints come before table-level ones, each in declaration order', () => {
    const t = toTable(defineTable('t', { a: integer().unique(), b: integer(), c: integer().unique() }, { uniques: [{ columns: ['b'] }] }));
    expect(t.uniques.map((u) => u.columns[0])).toEqual(['a', 'c', 'b']);
  });

  it('a table can reference itself through a thunk', () => {
    const employees = defineTable('employees', {
      id: integer().primaryKey(),
      manager_id: integer().references((): import('../../src/model/index.js').AnyColumnRef => employees.columns.id),
    });
    expect(toTable(employees).foreignKeys[0]).toMatchObject({ refTable: 'employees', refColumns: ['id'] });
  });
});

describe('defineMetadata and toSchema', () => {
  it('metadata schema applies to tables and references that name none', () => {
    const users = defineTable('users', { id: integer().primaryKey() });
    const logs = defineTable('logs', { id: integer().primaryKey(), user_id: integer().references('users.id') }, { schema: 'audit' });
    const posts = defineTable('posts', { id: integer().primaryKey(), user_id: integer().references(() => users.columns.id) });
    const schema = toSchema(defineMetadata({ tables: [users, logs, posts], schema: 'app' }));
    expect(schema.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['audit.logs', 'app.posts', 'app.users']);
    expect(schema.tables[0]!.foreignKeys[0]).toMatchObject({ refSchema: 'app', refTable: 'users' });
    expect(schema.tables[1]!.foreignKeys[0]).toMatchObject({ refSchema: 'app', refTable: 'users' });
  });

  it('accepts tables as an object or a list, keeps the typed tables, and is frozen', () => {
    const a = defineTable('a', { id: integer() });
    const m = defineMetadata({ tables: { a } });
    expect(m.tables.a).toBe(a);
    expect(Object.isFrozen(m)).toBe(true);
    expect(toSchema(m)).toEqual(toSchema(defineMetadata({ tables: [a] })));
  });
});
