/**
 * Type-level checks of the model DSL, enforced by `npx tsc -p tsconfig.json --noEmit`: each
 * `@ts-expect-error` line must be an error, and the `Equal` assertions must hold. At run time
 * the test only proves the valid lines run.
 */
import {
  bigint,
  defineMetadata,
  defineTable,
  index,
  integer,
  json,
  numeric,
  sql,
  text,
  timestamptz,
  uuid,
  varchar,
  type AnyColumnRef,
  type JsonValue,
} from '../../src/model/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(value?: T): T | undefined => value;
type TypesOf<C> = C extends { readonly _types: infer T } ? T : never;

describe('model DSL types', () => {
  it('column builders carry the value type, nullability, default and kind', () => {
    const id = integer().primaryKey().autoincrement();
    const email = varchar(255).notNull();
    const created = timestamptz().default(sql`now()`);
    const status = text().$type<'draft' | 'published'>().notNull().default('draft');
    assertType<Equal<TypesOf<typeof id>, { readonly data: number; readonly notNull: true; readonly hasDefault: true; readonly kind: 'integer' }>>();
    assertType<Equal<TypesOf<typeof email>['notNull'], true>>();
    assertType<Equal<TypesOf<typeof email>['hasDefault'], false>>();
    assertType<Equal<TypesOf<typeof created>['notNull'], false>>();
    assertType<Equal<TypesOf<typeof created>['hasDefault'], true>>();
    assertType<Equal<TypesOf<typeof status>['data'], 'draft' | 'published'>>();
    assertType<Equal<TypesOf<ReturnType<typeof json>>['data'], JsonValue>>();
    assertType<Equal<TypesOf<ReturnType<typeof bigint>>['kind'], 'bigint'>>();
    assertType<Equal<TypesOf<ReturnType<typeof numeric>>['data'], string | number>>();
    assertType<Equal<TypesOf<ReturnType<typeof integer>>['notNull'], false>>();
    expect(status.state.default).toEqual({ kind: 'literal', value: 'draft' });
  });

  it('tables keep their name, schema and columns as types', () => {
    const users = defineTable('users', { id: integer().primaryKey(), email: text().notNull() }, { schema: 'app' });
    assertType<Equal<typeof users.name, 'users'>>();
    assertType<Equal<typeof users.schema, 'app'>>();
    assertType<Equal<typeof users.columns.email.name, 'email'>>();
    assertType<Equal<TypesOf<typeof users.columns.email.builder>['notNull'], true>>();
    const plain = defineTable('plain', { id: integer() });
    assertType<Equal<typeof plain.schema, null>>();
    const viaCallback = defineTable('c', { id: integer() }, (t) => ({ schema: 'audit', primaryKey: [t.id] }));
    assertType<Equal<typeof viaCallback.schema, 'audit'>>();
    const metadata = defineMetadata({ tables: { users, plain } });
    assertType<Equal<typeof metadata.tables.users, typeof users>>();
    expect(metadata.tables.users.name).toBe('users');
  });

  it('rejects invalid uses at compile time', () => {
    const users = defineTable('users', { id: integer().primaryKey(), email: text() });
    const bad = () => {
      // @ts-expect-error autoincrement only on integer kinds
      text().autoincrement();
      // @ts-expect-error autoincrement only on integer kinds
      uuid().primaryKey().autoincrement();
      // @ts-expect-error sql takes no interpolated values
      sql`lower(${'email'})`;
      // @ts-expect-error a default is a literal or sql`...`
      integer().default({ now: true });
      // @ts-expect-error unknown foreign key action
      integer().references('users.id', { onDelete: 'explode' });
      // @ts-expect-error references needs a target
      integer().references();
      // @ts-expect-error index elements are columns, names or sql`...`
      index().on(42);
      // @ts-expect-error a column name the table does not have
      defineTable('t', { a: integer() }, { primaryKey: ['b'] });
      // @ts-expect-error a column name the table does not have (callback form)
      defineTable('t', { a: integer() }, (t) => ({ uniques: [{ columns: [t.b] }] }));
      // @ts-expect-error columns must be builders
      defineTable('t', { a: 'integer' });
      // @ts-expect-error tables must be tables
      defineMetadata({ tables: { users, other: { name: 'other' } } });
      // @ts-expect-error varchar length is a number
      varchar('255');
    };
    expect(typeof bad).toBe('function');
    const ok = integer().references((): AnyColumnRef => users.columns.id, { onDelete: 'set null', onUpdate: 'CASCADE' });
    expect(ok.state.references?.options.onDelete).toBe('set null');
  });
});
