import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { parseSqliteCreateTable, enumCheckValues } from '../../src/dialects/sqlite/sqlite-create-table-parser.js';
import {
  defineMetadata,
  defineTable,
  enumColumn,
  enumType,
  integer,
  isEnumType,
  toSchema,
  type InferDatabase,
  type InferInsertable,
  type InferSelectable,
} from '../../src/index.js';
import { loadModels } from '../../src/model/load-models.js';
import { renderModels } from '../../src/render/render-models.js';
import type { Schema } from '../../src/schema/schema.js';
import { UserError } from '../../src/util/errors.js';

/** The model DSL's enum types: definitions, columns, what toSchema collects, the TS types, pull. */
const orderStatus = enumType('order_status', ['pending', 'paid', 'shipped']);
const mood = enumType('mood', ['happy', 'sad'], { schema: 'app' });
const orders = defineTable('orders', {
  id: integer().primaryKey(),
  status: orderStatus.column().notNull().default('pending'),
  previous: enumColumn(orderStatus),
  mood: mood.column(),
});
const metadata = defineMetadata({ tables: { orders } });

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

describe('enumType and its columns', () => {
  it('a definition is frozen data; its columns are enum columns naming it', () => {
    expect(isEnumType(orderStatus)).toBe(true);
    expect(orderStatus.values).toEqual(['pending', 'paid', 'shipped']);
    expect(Object.isFrozen(orderStatus)).toBe(true);
    expect(orders.columns.status.builder.state.type).toEqual({ kind: 'enum', name: 'order_status', values: ['pending', 'paid', 'shipped'] });
    expect(orders.columns.mood.builder.state.type).toEqual({ kind: 'enum', name: 'mood', schema: 'app', values: ['happy', 'sad'] });
  });

  it('refuses what no database could hold', () => {
    expect(() => enumType('', ['a'])).toThrow(UserError);
    expect(() => enumType('e', ['a', 'a'])).toThrow(/lists the value "a" twice/);
    expect(() => enumType('e', [1 as unknown as string])).toThrow(/array of strings/);
    expect(() => enumType('e', ['a'], { renamedFrom: { b: 'x' } })).toThrow(/not one of its values/);
    expect(() => enumType('e', ['a', 'b'], { renamedFrom: { b: 'a' } })).toThrow(/old value no longer listed/);
    expect(() => enumColumn({} as never)).toThrow(UserError);
    expect(() => defineMetadata({ tables: {}, enums: [{}] as never })).toThrow(/enums must be a list/);
  });

  it('toSchema collects the types the columns use, and those the metadata lists; sorted, each once', () => {
    const unused = enumType('unused', [], { renamedFrom: {} });
    const renamed = enumType('order_status', ['pending', 'paid', 'sent'], { renamedFrom: { sent: 'shipped' } });
    expect(toSchema(metadata).enums).toEqual([
      { name: 'mood', schema: 'app', values: ['happy', 'sad'] },
      { name: 'order_status', values: ['pending', 'paid', 'shipped'] },
    ]);
    const t = defineTable('t', { id: integer().primaryKey(), s: renamed.column() });
    expect(toSchema(defineMetadata({ tables: [t], enums: [unused], schema: 'shop' }))).toMatchObject({
      enums: [
        { name: 'order_status', schema: 'shop', values: ['pending', 'paid', 'sent'], renamedFrom: { sent: 'shipped' } },
        { name: 'unused', schema: 'shop', values: [], renamedFrom: {} },
      ],
      tables: [{ columns: [{}, { type: { kind: 'enum', name: 'order_status', schema: 'shop', values: ['pending', 'paid', 'sent'] } }] }],
    });
    // no enum: no `enums` key (schemas without enums read as before)
    expect(toSchema(defineMetadata({ tables: [defineTable('x', { id: integer() })] }))).not.toHaveProperty('enums');
  });

  it('one name with two lists of values is an error', () => {
    const other = enumType('order_status', ['pending']);
    const t = defineTable('t', { id: integer().primaryKey(), a: orderStatus.column(), b: other.column() });
    expect(() => toSchema(defineMetadata({ tables: [t] }))).toThrow(/Enum type order_status has two different lists of values/);
  });

  it('InferDatabase types an enum column as the union of its values', () => {
    type DB = InferDatabase<typeof metadata>;
    assertType<Equal<DB['orders']['previous'], 'pending' | 'paid' | 'shipped' | null>>();
    assertType<Equal<InferSelectable<typeof orders>['status'], 'pending' | 'paid' | 'shipped'>>();
    assertType<Equal<InferInsertable<typeof orders>['status'], 'pending' | 'paid' | 'shipped' | undefined>>();
    assertType<Equal<InferDatabase<typeof metadata, 'postgres'>['orders']['mood'], 'happy' | 'sad' | null>>();
    const typed = async (db: Kysely<DB>) => {
      await db.insertInto('orders').values({ id: 1, status: 'paid' }).execute();
      // @ts-expect-error 'lost' is not a value of order_status
      await db.insertInto('orders').values({ id: 2, status: 'lost' }).execute();
      return db.selectFrom('orders').select('status').where('status', '=', 'shipped');
    };
    expect(typeof typed).toBe('function');
  });
});

describe('pull: enum types in the rendered models', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orm-enum-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('declares each type once, its columns use it, an unused one is listed; loading gives the schema back', async () => {
    const schema: Schema = {
      tables: toSchema(metadata).tables,
      enums: [...toSchema(metadata).enums!, { name: 'lonely', values: ["it's", 'Odd Value'] }],
    };
    const source = renderModels(schema);
    expect(source).toContain("import { defineMetadata, defineTable, enumType, integer } from 'orm';");
    expect(source).toContain("export const mood = enumType('mood', ['happy', 'sad'], { schema: 'app' });");
    expect(source).toContain("export const orderStatus = enumType('order_status', ['pending', 'paid', 'shipped']);");
    expect(source).toContain("status: orderStatus.column().notNull().default('pending'),");
    expect(source).toContain('previous: orderStatus.column(),');
    expect(source).toContain('enums: [lonely],');
    const file = join(dir, 'models.ts');
    writeFileSync(file, source);
    const loaded = await loadModels(file);
    expect(loaded.tables).toEqual(schema.tables);
    expect(loaded.enums).toEqual([...schema.enums!].sort((a, b) => a.name.localeCompare(b.name)));
  });
});

describe('SQLite: the CHECK of an enum column', () => {
  it('reads the values of col IN (...) on that column only', () => {
    expect(enumCheckValues(`"status" in ('a', 'it''s')`, 'status')).toEqual(['a', "it's"]);
    expect(enumCheckValues('Status IN ()', 'status')).toEqual([]);
    expect(enumCheckValues(`other in ('a')`, 'status')).toBeNull();
    expect(enumCheckValues(`status in ('a', 1)`, 'status')).toBeNull();
    expect(enumCheckValues(`status in ('a',)`, 'status')).toBeNull();
    expect(enumCheckValues(`status in ('a') or status is null`, 'status')).toBeNull();
    const parsed = parseSqliteCreateTable(
      `CREATE TABLE t (s TEXT CONSTRAINT "order_status" CHECK ("s" IN ('a', 'b')) NOT NULL, n INT CHECK (n > 0), CHECK (s IN ('a')))`,
    );
    expect(parsed.checks).toEqual([
      { name: 'order_status', expression: `"s" IN ('a', 'b')`, enumOf: { column: 's', values: ['a', 'b'] } },
      { name: null, expression: 'n > 0' },
      { name: null, expression: `s IN ('a')` },
    ]);
  });
});
