import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { replacementTypeName } from '../../src/dialects/postgres/compile-enum-ops.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { toColumn, toTable } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';
import { reverseOp, reverseOps } from '../../src/ops/reverse.js';
import { renderOps } from '../../src/render/render-ops.js';
import type { EnumColumnType } from '../../src/schema/column-type.js';
import type { EnumType, Schema } from '../../src/schema/schema.js';
import { UserError } from '../../src/util/errors.js';
import { recordRevision, revisionSource, recordable } from './render-fixtures.js';

/** The enum ops: SQL on both dialects, rendering, reversing, describing, and what the differ makes. */
const pg = createPostgresDialect();
const sqlite = createSqliteDialect();

const STATUS: EnumColumnType = { kind: 'enum', name: 'order_status', values: ['pending', 'paid', 'shipped'] };

describe('PostgreSQL compileOp: enum ops', () => {
  it('createEnum and dropEnum, with a schema and quoting', () => {
    expect(pg.compileOp({ kind: 'createEnum', name: 'order_status', schema: null, values: ['pending', "it's"] })).toEqual([
      `create type "order_status" as enum ('pending', 'it''s')`,
    ]);
    expect(pg.compileOp({ kind: 'createEnum', name: 'Mood"s', schema: 'app', values: [] })).toEqual([`create type "app"."Mood""s" as enum ()`]);
    expect(pg.compileOp({ kind: 'dropEnum', name: 'order_status', schema: 'app' })).toEqual(['drop type "app"."order_status"']);
  });

  it('addEnumValue (IF NOT EXISTS, so that an autocommit block can run again) and renameEnumValue', () => {
    expect(pg.compileOp({ kind: 'addEnumValue', name: 'order_status', value: 'refunded' })).toEqual([
      `alter type "order_status" add value if not exists 'refunded'`,
    ]);
    expect(pg.compileOp({ kind: 'addEnumValue', name: 'order_status', schema: 's', value: 'new', before: 'paid' })).toEqual([
      `alter type "s"."order_status" add value if not exists 'new' before 'paid'`,
    ]);
    expect(pg.compileOp({ kind: 'addEnumValue', name: 'order_status', value: 'x', after: "o'k" })).toEqual([
      `alter type "order_status" add value if not exists 'x' after 'o''k'`,
    ]);
    expect(() => pg.compileOp({ kind: 'addEnumValue', name: 'e', value: 'x', after: 'a', before: 'b' })).toThrow(UserError);
    expect(pg.compileOp({ kind: 'renameEnumValue', name: 'order_status', from: 'sent', to: 'shipped' })).toEqual([
      `alter type "order_status" rename value 'sent' to 'shipped'`,
    ]);
  });

  it('replaceEnumValues is one self-contained DO block: new type, checked and converted columns, old type dropped, new renamed', () => {
    const [statement, ...rest] = pg.compileOp({ kind: 'replaceEnumValues', name: 'order_status', schema: 'shop', values: ['pending', 'paid'] });
    expect(rest).toEqual([]);
    expect(statement).toMatch(/^DO \$orm\$\n/);
    expect(statement).toMatch(/\n\$orm\$$/);
    expect(statement).toContain(`old_type regtype := '"shop"."order_status"'::regtype;`);
    expect(statement).toContain(`wanted text[] := array['pending', 'paid']::text[];`);
    expect(statement).toContain(`CREATE TYPE "shop"."order_status__new" AS ENUM ('pending', 'paid');`);
    expect(statement).toContain(`'ALTER TABLE %s ALTER COLUMN %I TYPE "shop"."order_status__new" USING %I::text::"shop"."order_status__new"'`);
    expect(statement).toContain('DROP TYPE "shop"."order_status";');
    expect(statement).toContain('ALTER TYPE "shop"."order_status__new" RENAME TO "order_status";');
    // a name with % and a $orm$ inside: format() and the dollar quote still hold
    const odd = pg.compileOp({ kind: 'replaceEnumValues', name: '50% $orm$', values: [] })[0]!;
    expect(odd).toMatch(/^DO \$orm0\$/);
    expect(odd).toContain('TYPE "50%% $orm$__new" USING %I::text::"50%% $orm$__new"');
    expect(odd).toContain('array[]::text[]');
  });

  it('the temporary type name stays within 63 bytes', () => {
    expect(replacementTypeName('s')).toBe('s__new');
    expect(Buffer.byteLength(replacementTypeName('x'.repeat(63)))).toBe(63);
  });

  it('an enum column: its type by name, and a type change to it converts through text', () => {
    const table = toTable('orders', { id: { type: 'integer', primaryKey: true }, status: { type: STATUS, nullable: false, default: 'pending' } });
    expect(pg.compileOp({ kind: 'createTable', table })[0]).toContain(`"status" "order_status" default 'pending' not null`);
    expect(
      pg.compileOp({
        kind: 'alterColumn',
        table: 'orders',
        column: 'status',
        type: { ...STATUS, schema: 'app' },
        default: { kind: 'literal', value: 'pending' },
      }),
    ).toEqual([
      'alter table "orders" alter column "status" drop default',
      'alter table "orders" alter column "status" type "app"."order_status" using "status"::text::"app"."order_status"',
      `alter table "orders" alter column "status" set default 'pending'`,
    ]);
  });
});

describe('SQLite compileOp: enum columns and enum ops', () => {
  it('an enum column is TEXT with a CHECK named after the enum', () => {
    const table = toTable('orders', { id: { type: 'integer', primaryKey: true }, status: { type: STATUS, nullable: false, default: 'pending' } });
    expect(sqlite.compileOp({ kind: 'createTable', table })[0]).toContain(
      `"status" TEXT default 'pending' not null constraint "order_status" check ("status" in ('pending', 'paid', 'shipped'))`,
    );
    expect(sqlite.compileOp({ kind: 'addColumn', table: 'orders', column: toColumn('st', { type: { ...STATUS, values: ["it's"] } }, 'orders') })).toEqual([
      `alter table "orders" add column "st" TEXT constraint "order_status" check ("st" in ('it''s'))`,
    ]);
  });

  it('enum types are nothing to create or drop; value ops say what to do instead', () => {
    expect(sqlite.compileOp({ kind: 'createEnum', name: 'e', values: ['a'] })).toEqual([]);
    expect(sqlite.compileOp({ kind: 'dropEnum', name: 'e' })).toEqual([]);
    for (const op of [
      { kind: 'addEnumValue', name: 'e', value: 'b' },
      { kind: 'renameEnumValue', name: 'e', from: 'a', to: 'b' },
      { kind: 'replaceEnumValues', name: 'e', values: ['a'] },
    ] as Op[]) {
      expect(() => sqlite.compileOp(op)).toThrow(/SQLite cannot .*it has no enum types/);
    }
  });
});

const ADD: Op = { kind: 'addEnumValue', name: 'order_status', schema: null, value: 'refunded', after: 'shipped', existing: ['pending', 'paid', 'shipped'] };
const ENUM_OPS: Op[] = [
  ADD,
  { kind: 'addEnumValue', name: 'order_status', schema: 'app', value: 'first', before: 'pending', existing: ['pending'] },
  { kind: 'createEnum', name: 'mood', schema: null, values: ['happy', "it's"] },
  { kind: 'renameEnumValue', name: 'order_status', schema: null, from: 'sent', to: 'shipped' },
  { kind: 'replaceEnumValues', name: 'order_status', schema: null, values: ['paid', 'pending'], existing: ['pending', 'paid', 'shipped', 'refunded'] },
  { kind: 'dropEnum', name: 'legacy', schema: 'app', existing: ['a', 'b'] },
];

describe('reverse of the enum ops', () => {
  it('each op has its inverse', () => {
    expect(reverseOp(ENUM_OPS[2]!)).toEqual({ kind: 'dropEnum', name: 'mood', schema: null, existing: ['happy', "it's"] });
    expect(reverseOp(ENUM_OPS[5]!)).toEqual({ kind: 'createEnum', name: 'legacy', schema: 'app', values: ['a', 'b'] });
    expect(reverseOp(ENUM_OPS[3]!)).toEqual({ kind: 'renameEnumValue', name: 'order_status', schema: null, from: 'shipped', to: 'sent' });
    // a value cannot be dropped in place: the type is recreated with the values it had
    expect(reverseOp(ADD)).toEqual({
      kind: 'replaceEnumValues',
      name: 'order_status',
      schema: null,
      values: ['pending', 'paid', 'shipped'],
      existing: ['pending', 'paid', 'shipped', 'refunded'],
    });
    expect(reverseOp(ENUM_OPS[1]!)).toMatchObject({ values: ['pending'], existing: ['first', 'pending'] });
    expect(reverseOp(ENUM_OPS[4]!)).toEqual({
      kind: 'replaceEnumValues',
      name: 'order_status',
      schema: null,
      values: ['pending', 'paid', 'shipped', 'refunded'],
      existing: ['paid', 'pending'],
    });
    expect(reverseOps(reverseOps(ENUM_OPS))).toEqual(
      ENUM_OPS.map((op) => (op.kind === 'addEnumValue' ? reverseOp(reverseOp(op)) : op)),
    );
  });

  it('without what it records, an op cannot be reversed', () => {
    expect(() => reverseOp({ kind: 'dropEnum', name: 'e' })).toThrow(/does not record the values of the enum/);
    expect(() => reverseOp({ kind: 'addEnumValue', name: 'e', value: 'x' })).toThrow(/does not record the values the enum had/);
    expect(() => reverseOp({ kind: 'replaceEnumValues', name: 'e', values: [] })).toThrow(UserError);
  });
});

describe('rendering the enum ops', () => {
  it('added values go in an autocommit block; the text records the same ops', async () => {
    const body = renderOps(ENUM_OPS);
    expect(body).toBe(
      [
        '// Committed on their own, first, so that the rest of the upgrade can use the new values.',
        'op.autocommitBlock(() => {',
        "  op.addEnumValue('order_status', 'refunded', { after: 'shipped' });",
        "  op.addEnumValue('order_status', 'first', { before: 'pending', schema: 'app' });",
        '});',
        '',
        "op.createEnum('mood', ['happy', \"it's\"]);",
        "op.renameEnumValue('order_status', 'sent', 'shipped');",
        "op.replaceEnumValues('order_status', ['paid', 'pending']);",
        "op.dropEnum('legacy', { schema: 'app' });",
      ].join('\n'),
    );
    const source = revisionSource('enums', body, renderOps(reverseOps(ENUM_OPS)));
    expect(await recordRevision(source, 'upgrade')).toEqual(ENUM_OPS.map(recordable));
    expect(await recordRevision(source, 'downgrade')).toEqual(reverseOps(ENUM_OPS).map(recordable));
  });

  it('an enum column type is written as the type object', async () => {
    const op: Op = { kind: 'addColumn', table: 'orders', schema: null, column: toColumn('status', { type: { ...STATUS, schema: 'app' } }, 'orders') };
    const body = renderOps([op]);
    expect(body).toContain("type: {\n    kind: 'enum',\n    name: 'order_status',\n    schema: 'app',\n    values: ['pending', 'paid', 'shipped'],\n  },");
    expect(await recordRevision(revisionSource('enum-column', body), 'upgrade')).toEqual([op]);
  });
});

describe('describing the enum ops', () => {
  it('one line each', () => {
    expect(describeChanges(ENUM_OPS)).toEqual([
      "add value 'refunded' to enum order_status after 'shipped'",
      "add value 'first' to enum app.order_status before 'pending'",
      "add enum mood ('happy', 'it''s')",
      "rename value 'sent' of enum order_status to 'shipped'",
      "remove values 'shipped', 'refunded' from enum order_status (recreated: 'paid', 'pending')",
      'drop enum app.legacy',
    ]);
    expect(describeChanges([{ kind: 'replaceEnumValues', name: 'e', values: ['b', 'a'], existing: ['a', 'b'] }])).toEqual([
      "reorder the values of enum e (recreated: 'b', 'a')",
    ]);
  });
});

describe('the differ and enum types', () => {
  const enumType = (values: string[], more: Partial<EnumType> = {}): EnumType => ({ name: 'order_status', values, ...more });
  const orders = (type: EnumColumnType | 'text' = { ...STATUS }, def?: string) =>
    toTable('orders', { id: { type: 'integer', primaryKey: true }, status: { type, nullable: false, ...(def !== undefined && { default: def }) } });
  const schema = (enums: EnumType[], ...tables: ReturnType<typeof orders>[]): Schema => ({ tables, enums });
  const pgCompare = (live: Schema, target: Schema) => compareSchemas(live, target, { dialect: pg, defaultSchema: 'public' });
  const column = (values: string[]): EnumColumnType => ({ kind: 'enum', name: 'order_status', values });

  it('nothing to do when types and columns agree (an enum column compares by the type it names)', () => {
    const s = schema([enumType(STATUS.values as string[])], orders());
    expect(pgCompare(s, s)).toEqual([]);
    // the default schema written out is the same type
    expect(pgCompare(s, schema([enumType(STATUS.values as string[], { schema: 'public' })], orders({ ...STATUS, schema: 'public' })))).toEqual([]);
  });

  it('a new type is created before the table that uses it; dropped after the table', () => {
    const withType = schema([enumType(['a'])], orders(column(['a'])));
    const ops = pgCompare(schema([]), withType);
    expect(ops.map((o) => o.kind)).toEqual(['createEnum', 'createTable']);
    expect(ops[0]).toEqual({ kind: 'createEnum', name: 'order_status', schema: null, values: ['a'] });
    const back = pgCompare(withType, schema([]));
    expect(back.map((o) => o.kind)).toEqual(['dropTable', 'dropEnum']);
    expect(back[1]).toEqual({ kind: 'dropEnum', name: 'order_status', schema: null, existing: ['a'] });
  });

  it('values added in place: addEnumValue each, placed, recording the values before', () => {
    const ops = pgCompare(schema([enumType(['b', 'd'])], orders(column(['b', 'd']))), schema([enumType(['a', 'b', 'c', 'd', 'e'])], orders(column(['a', 'b', 'c', 'd', 'e']))));
    expect(ops).toEqual([
      { kind: 'addEnumValue', name: 'order_status', schema: null, value: 'a', before: 'b', existing: ['b', 'd'] },
      { kind: 'addEnumValue', name: 'order_status', schema: null, value: 'c', after: 'b', existing: ['a', 'b', 'd'] },
      { kind: 'addEnumValue', name: 'order_status', schema: null, value: 'e', after: 'd', existing: ['a', 'b', 'c', 'd'] },
    ]);
  });

  it('a value removed (or the order changed): new values added first, the type recreated last', () => {
    const live = schema([enumType(['a', 'b', 'c'])], orders(column(['a', 'b', 'c'])));
    const ops = pgCompare(live, schema([enumType(['c', 'a', 'd'])], orders(column(['c', 'a', 'd']))));
    expect(ops).toEqual([
      { kind: 'addEnumValue', name: 'order_status', schema: null, value: 'd', existing: ['a', 'b', 'c'] },
      { kind: 'replaceEnumValues', name: 'order_status', schema: null, values: ['c', 'a', 'd'], existing: ['a', 'b', 'c', 'd'] },
    ]);
  });

  it('a value renamed by hint: renameEnumValue; without the hint, a removal and an addition', () => {
    const live = schema([enumType(['pending', 'sent'])], orders(column(['pending', 'sent'])));
    const hinted = pgCompare(live, schema([enumType(['pending', 'shipped'], { renamedFrom: { shipped: 'sent' } })], orders(column(['pending', 'shipped']))));
    expect(hinted).toEqual([{ kind: 'renameEnumValue', name: 'order_status', schema: null, from: 'sent', to: 'shipped' }]);
    const plain = pgCompare(live, schema([enumType(['pending', 'shipped'])], orders(column(['pending', 'shipped']))));
    expect(plain.map((o) => o.kind)).toEqual(['addEnumValue', 'replaceEnumValues']);
    // once migrated, the hint is ignored
    const done = schema([enumType(['pending', 'shipped'])], orders(column(['pending', 'shipped'])));
    expect(pgCompare(done, schema([enumType(['pending', 'shipped'], { renamedFrom: { shipped: 'sent' } })], orders(column(['pending', 'shipped']))))).toEqual([]);
  });

  it('a rename and an addition next to it: the addition names the live label', () => {
    const live = schema([enumType(['a', 'old'])]);
    expect(pgCompare(live, schema([enumType(['a', 'new', 'x'], { renamedFrom: { new: 'old' } })]))).toEqual([
      { kind: 'addEnumValue', name: 'order_status', schema: null, value: 'x', after: 'old', existing: ['a', 'old'] },
      { kind: 'renameEnumValue', name: 'order_status', schema: null, from: 'old', to: 'new' },
    ]);
  });

  it('a text column becoming an enum: type created first, the default dropped and set again around the conversion', () => {
    const ops = pgCompare(schema([], orders('text', 'a')), schema([enumType(['a'])], orders(column(['a']), 'a')));
    expect(ops.map((o) => o.kind)).toEqual(['createEnum', 'alterColumn']);
    expect(ops[1]).toMatchObject({ type: column(['a']), default: { kind: 'literal', value: 'a' } });
  });

  it("models naming the type with raw('order_status') (as pulled before enums) leave the type and its columns alone", () => {
    const live = schema([enumType(['a', 'b'])], orders(column(['a', 'b'])));
    const legacy: Schema = { tables: [toTable('orders', { id: { type: 'integer', primaryKey: true }, status: { type: { raw: 'order_status' }, nullable: false } })] };
    expect(pgCompare(live, legacy)).toEqual([]);
    // once no column names it either, a type the models do not declare is dropped
    expect(pgCompare(live, { tables: [] }).map((o) => o.kind)).toEqual(['dropTable', 'dropEnum']);
  });

  it('SQLite has no enum types: a change of values alters the column (a rebuild), the type list is ignored', () => {
    const live = schema([], orders({ kind: 'enum', name: 'orders_status', values: ['a', 'b'] }));
    const same = schema([enumType(['a', 'b'])], orders(column(['a', 'b'])));
    expect(compareSchemas(live, same, { dialect: sqlite })).toEqual([]);
    const ops = compareSchemas(live, schema([enumType(['a', 'c'])], orders(column(['a', 'c']))), { dialect: sqlite });
    expect(ops).toEqual([expect.objectContaining({ kind: 'alterColumn', table: 'orders', column: 'status', type: column(['a', 'c']) })]);
  });
});
