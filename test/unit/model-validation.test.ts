/** Bad models fail with a UserError naming the table, column or constraint; good ones give the same IR every time. */
import {
  defineMetadata,
  defineTable,
  index,
  integer,
  raw,
  text,
  toSchema,
  toTable,
  type AnyTable,
  type NamingConventionInput,
} from '../../src/model/index.js';
import { UserError } from '../../src/util/errors.js';

const users = defineTable('users', { id: integer().primaryKey(), email: text().notNull() });
const schemaOf = (tables: AnyTable[], namingConvention?: NamingConventionInput) => toSchema(defineMetadata({ tables, namingConvention }));

function fails(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UserError);
  expect((caught as Error).message).toMatch(message);
}

describe('model validation', () => {
  it('two tables with the same name (and schema)', () => {
    const again = defineTable('users', { id: integer() });
    fails(() => toSchema(defineMetadata({ tables: { users, accounts: again } })), /Two tables are named users \(tables users and accounts of the metadata\)/);
    const elsewhere = defineTable('users', { id: integer() }, { schema: 'audit' });
    expect(schemaOf([users, elsewhere]).tables.map((t) => t.schema)).toEqual([null, 'audit']);
  });

  it('a foreign key to a table or a column that does not exist', () => {
    fails(() => schemaOf([users, defineTable('posts', { user_id: integer().references('userz.id') })]),
      /Foreign key fk_posts_user_id_userz of table posts \(user_id\) references table userz, which is not in the metadata/);
    fails(() => schemaOf([users, defineTable('posts', { user_id: integer().references('users.uid') })]),
      /references column uid of table users, which it does not have/);
    const other = defineTable('other', { id: integer().primaryKey() });
    fails(() => schemaOf([users, defineTable('posts', { o: integer().references(() => other.columns.id) })]), /references table other, which is not in the metadata/);
    fails(() => schemaOf([users, defineTable('posts', { o: integer().references('app.users.id') })]), /references table app\.users/);
  });

  it('malformed references', () => {
    fails(() => toTable(defineTable('posts', { u: integer().references('users') })), /Column posts\.u references "users", which is not 'table\.column'/);
    fails(() => toTable(defineTable('posts', { a: integer(), b: integer() }, { foreignKeys: [{ columns: ['a', 'b'], references: () => users.columns.id }] })),
      /Foreign key on posts \(a, b\) has 2 column\(s\) but references 1/);
    const b = defineTable('b', { x: integer() });
    fails(() => toTable(defineTable('posts', { a: integer(), c: integer() }, { foreignKeys: [{ columns: ['a', 'c'], references: () => [users.columns.id, b.columns.x] }] })),
      /references columns of several tables/);
  });

  it('an index, unique, primary key or foreign key naming a missing column, or a column of another table', () => {
    fails(() => toTable(defineTable('t', { a: integer() }, { indexes: [index().on('b')] })), /An index of table t names column b, which the table does not have/);
    fails(() => toTable(defineTable('t', { a: integer() }, { indexes: [index('ix_t_b').on('b')] })), /Index ix_t_b of table t names column b/);
    fails(() => toTable(defineTable('t', { a: integer() }, { uniques: [{ columns: ['b' as 'a'] }] })), /Unique constraint of table t names column b/);
    fails(() => toTable(defineTable('t', { a: integer() }, { primaryKey: ['a', 'c' as 'a'] })), /The primary key of table t names column c/);
    fails(() => toTable(defineTable('t', { a: integer() }, { foreignKeys: [{ columns: ['z' as 'a'], references: 'x' as never }] })), /names column z/);
    fails(() => toTable(defineTable('t', { a: integer() }, { indexes: [index().on(users.columns.email)] })), /An index of table t names column users\.email of another table/);
    fails(() => toTable(defineTable('t', { a: integer() }, { indexes: [index()] })), /An index of table t has no columns/);
    fails(() => toTable(defineTable('t', { a: integer() }, { uniques: [{ columns: [] }] })), /Unique constraint of table t names no columns/);
  });

  it('autoincrement on a non-integer column or off the primary key', () => {
    fails(() => toTable(defineTable('t', { id: (raw('serial') as never as ReturnType<typeof integer>).primaryKey().autoincrement() })),
      /Column t\.id: autoincrement needs an integer, bigint or smallint column, not raw/);
    fails(() => toTable(defineTable('t', { id: integer().primaryKey(), n: integer().autoincrement() })), /Column t\.n: autoincrement is only allowed on a primary-key column/);
    expect(toTable(defineTable('t', { a: integer().autoincrement(), b: text() }, { primaryKey: ['a', 'b'] })).columns[0]!.autoincrement).toBe(true);
  });

  it('an empty table, a primary key declared twice, a check without expression', () => {
    fails(() => toTable(defineTable('t', {})), /Table t has no columns/);
    fails(() => toTable(defineTable('t', { a: integer().primaryKey() }, { primaryKey: ['a'] })), /Table t declares its primary key twice/);
    fails(() => toTable(defineTable('t', { a: integer() }, { checks: [{ expression: ' ' }] })), /Check constraint of table t has no expression/);
  });

  it('things that are not columns, tables, actions or metadata', () => {
    fails(() => defineTable('t', { a: 'integer' as never }), /Table t: column a is not a column/);
    fails(() => defineMetadata({ tables: { users, oops: {} as never } }), /defineMetadata: tables\.oops is not a table/);
    fails(() => toTable(defineTable('t', { a: integer().references('users.id', { onDelete: 'explode' as never }) })), /Unknown foreign key action "explode"/);
    fails(() => toSchema({} as never), /toSchema\(\) needs the metadata made by defineMetadata/);
    fails(() => integer().default({} as never), /A column default must be/);
  });

  it('two objects that would share a name', () => {
    const t = defineTable('t', { a: integer(), b: integer() }, (c) => ({ indexes: [index().on(c.a), index().on(c.a, c.b)] }));
    fails(() => schemaOf([t]), /index \(a, b\) of table t and index \(a\) of table t are both named ix_t_a/);
    const u = defineTable('u', { a: integer().unique('same'), b: integer() }, { indexes: [index('same').on('b')] });
    fails(() => schemaOf([u]), /index \(b\) of table u and unique constraint \(a\) of table u are both named same/);
    const v = defineTable('v', { a: integer().references('w.id', { name: 'k' }) }, { checks: [{ name: 'k', expression: 'a > 0' }] });
    const w = defineTable('w', { id: integer().primaryKey() });
    fails(() => schemaOf([v, w]), /check \(a > 0\) of table v and foreign key \(a\) of table v are both named k/);
    const clash = defineTable('pk_w', { id: integer() });
    fails(() => schemaOf([w, clash]), /the primary key of table w and table pk_w are both named pk_w/);
  });
});

describe('determinism', () => {
  const build = () => {
    const a = defineTable('zeta', { id: integer().primaryKey(), alpha_id: integer().references('alpha.id') }, (t) => ({ indexes: [index().on(t.alpha_id)] }));
    const b = defineTable('alpha', { id: integer().primaryKey(), name: text().unique() }, { checks: [{ expression: 'length(name) > 0' }] });
    const c = defineTable('mid', { id: integer().primaryKey() }, { schema: 'app' });
    return { a, b, c };
  };

  it('the same models give the same IR, whatever the order tables are listed in', () => {
    const { a, b, c } = build();
    const first = toSchema(defineMetadata({ tables: [a, b, c] }));
    const again = build();
    expect(toSchema(defineMetadata({ tables: [again.c, again.a, again.b] }))).toEqual(first);
    expect(JSON.stringify(toSchema(defineMetadata({ tables: { b, c, a } })))).toBe(JSON.stringify(first));
    expect(first.tables.map((t) => t.name)).toEqual(['alpha', 'mid', 'zeta']);
  });
});
