import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import type { CompareOptions, IncludeObject } from '../../src/diff/compare-options.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { toTable } from '../../src/ops/column-input.js';
import type { Schema, Table } from '../../src/schema/schema.js';

/** The knobs of compareSchemas: includeObject, the version table, compareType, compareServerDefault, schemas. */
const postgres = createPostgresDialect();
const sqlite = createSqliteDialect();
const schema = (...tables: Table[]): Schema => ({ tables });
const lines = (live: Schema, target: Schema, options: Partial<CompareOptions> = {}) =>
  describeChanges(compareSchemas(live, target, { dialect: postgres, defaultSchema: 'public', ...options }));

const before = schema(
  toTable('kept', { id: { type: 'integer', nullable: false }, a: { type: 'integer' }, gone: { type: 'text' } }, {
    primaryKey: { name: 'kept_pkey', columns: ['id'] },
    uniques: [{ name: 'uq_a', columns: ['a'] }],
    checks: [{ name: 'ck_a', expression: 'a > 0' }],
    indexes: [{ name: 'ix_a', columns: ['a'] }],
  }),
  toTable('legacy', { id: { type: 'integer' } }),
);
const after = schema(
  toTable('kept', { id: { type: 'integer' }, a: { type: 'bigint' }, b: { type: 'text' } }, {
    foreignKeys: [{ name: 'fk_a', columns: ['a'], refTable: 'fresh', refColumns: ['id'] }],
  }),
  toTable('fresh', { id: { type: 'integer', primaryKey: true }, v: { type: 'text' } }, { indexes: [{ name: 'ix_fresh_v', columns: ['v'] }], uniques: [{ name: 'uq_v', columns: ['v'] }] }),
);

describe('includeObject', () => {
  it('is asked with Alembic arguments: the target object when there is one, else the live one', () => {
    const calls: Array<[string | null, string, boolean, boolean, string | null]> = [];
    const include: IncludeObject = (object, name, type, reflected, compareTo, place) => {
      calls.push([name, type, reflected, compareTo !== null && compareTo !== object, place.table]);
      return true;
    };
    lines(before, after, { includeObject: include });
    expect(calls).toEqual(
      expect.arrayContaining([
        ['kept', 'table', false, true, null],
        ['fresh', 'table', false, false, null],
        ['legacy', 'table', true, false, null],
        ['gone', 'column', true, false, 'kept'],
        ['a', 'column', false, true, 'kept'],
        ['b', 'column', false, false, 'kept'],
        ['kept_pkey', 'primary_key', true, false, 'kept'],
        ['fk_a', 'foreign_key_constraint', false, false, 'kept'],
        ['uq_a', 'unique_constraint', true, false, 'kept'],
        ['ck_a', 'check_constraint', true, false, 'kept'],
        ['ix_a', 'index', true, false, 'kept'],
        ['ix_fresh_v', 'index', false, false, 'fresh'],
      ]),
    );
  });

  it('leaves alone whatever it says no to, on either side', () => {
    const all = lines(before, after);
    expect(all).toEqual([
      'drop table legacy',
      'drop index ix_a on kept',
      'drop unique constraint uq_a on kept',
      'drop check constraint ck_a on kept',
      'drop primary key kept_pkey on kept',
      'drop column kept.gone',
      'add column kept.b',
      'make kept.id nullable',
      'change type of kept.a: integer -> bigint',
      'add table fresh',
      'add foreign key fk_a on kept (a) -> fresh (id)',
    ]);
    const without = (...names: string[]): IncludeObject => (_o, name) => !names.includes(name ?? '');
    expect(lines(before, after, { includeObject: without('legacy', 'fresh', 'fk_a') })).toEqual(all.filter((l) => !/legacy|fresh/.test(l)));
    expect(lines(before, after, { includeObject: without('gone', 'b', 'a', 'id') })).toEqual(
      all.filter((l) => !/kept\.(gone|b|a|id)/.test(l)),
    );
    expect(lines(before, after, { includeObject: (_o, _n, type) => !['index', 'unique_constraint', 'check_constraint', 'primary_key'].includes(type) })).toEqual([
      'drop table legacy',
      'drop column kept.gone',
      'add column kept.b',
      'make kept.id nullable',
      'change type of kept.a: integer -> bigint',
      'add table fresh',
      'add foreign key fk_a on kept (a) -> fresh (id)',
    ]);
  });

  it("filters a new table's indexes and constraints out of its createTable", () => {
    const ops = compareSchemas(schema(), after, { dialect: postgres, includeObject: (_o, _n, type) => type !== 'index' && type !== 'unique_constraint' });
    const fresh = ops.find((op) => op.kind === 'createTable' && op.table.name === 'fresh');
    expect(fresh).toMatchObject({ table: { indexes: [], uniques: [], primaryKey: { columns: ['id'] } } });
  });
});

describe('the version table', () => {
  const version = toTable('orm_version', { version_num: { type: 'varchar(32)', primaryKey: true } });
  it('is never dropped, created or changed', () => {
    expect(lines(schema(version), schema(), { versionTable: { table: 'orm_version' } })).toEqual([]);
    expect(lines(schema(), schema(version), { versionTable: { table: 'orm_version' } })).toEqual([]);
    expect(lines(schema(version), schema(toTable('orm_version', { x: { type: 'text' } })), { versionTable: { table: 'orm_version' } })).toEqual([]);
  });

  it('is matched with its schema (the default schema written or not) and, on SQLite, in any case', () => {
    expect(lines(schema(version), schema(), { versionTable: { table: 'orm_version', schema: 'public' } })).toEqual([]);
    expect(lines(schema(version), schema(), { versionTable: { table: 'orm_version', schema: 'other' } })).toEqual(['drop table orm_version']);
    expect(describeChanges(compareSchemas(schema(version), schema(), { dialect: sqlite, versionTable: { table: 'ORM_Version' } }))).toEqual([]);
  });

  it('neither is its log (toolTables), and only the tables named', () => {
    const log = toTable('orm_version_log', { id: { type: 'integer', primaryKey: true } });
    const options = { versionTable: { table: 'orm_version' }, toolTables: [{ table: 'orm_version_log' }] };
    expect(lines(schema(version, log), schema(), options)).toEqual([]);
    expect(lines(schema(version, log), schema(), { versionTable: { table: 'orm_version' } })).toEqual(['drop table orm_version_log']);
  });
});

describe('compareType and compareServerDefault', () => {
  const live = schema(toTable('t', { a: { type: 'integer', default: 1 }, b: { type: 'text', default: 'x' } }));
  const target = schema(toTable('t', { a: { type: 'bigint', default: 2 }, b: { type: 'varchar(10)', default: 'x' } }));

  it('compare both by default', () => {
    expect(lines(live, target)).toEqual(['change type of t.a: integer -> bigint', 'change default of t.a: 1 -> 2', 'change type of t.b: text -> varchar(10)']);
  });

  it('can be switched off', () => {
    expect(lines(live, target, { compareType: false })).toEqual(['change default of t.a: 1 -> 2']);
    expect(lines(live, target, { compareServerDefault: false })).toEqual(['change type of t.a: integer -> bigint', 'change type of t.b: text -> varchar(10)']);
  });

  it('can decide, or leave it to the normalized comparison with null', () => {
    const seen: string[] = [];
    const onlyA = lines(live, target, {
      compareType: (place, liveColumn, targetColumn, liveType, targetType) => {
        seen.push(`${place.table}.${liveColumn.name} ${liveType.kind}->${targetType.kind} ${targetColumn.name}`);
        return liveColumn.name === 'b' ? false : null;
      },
      compareServerDefault: (_place, column, _t, liveDefault, targetDefault) => (column.name === 'b' ? true : liveDefault === targetDefault),
    });
    expect(seen).toEqual(['t.a integer->bigint a', 't.b text->varchar b']);
    expect(onlyA).toEqual(['change type of t.a: integer -> bigint', "change default of t.b: 'x' -> 'x'"]);
  });
});

describe('schemas', () => {
  const inAudit = toTable('events', { id: { type: 'integer' } }, { schema: 'audit' });
  const inPublic = toTable('users', { id: { type: 'integer' } });
  it('compares only the schemas asked for (null: the default one)', () => {
    // Unrelated tables are dropped in the order they were given.
    expect(lines(schema(inAudit, inPublic), schema())).toEqual(['drop table audit.events', 'drop table users']);
    expect(lines(schema(inAudit, inPublic), schema(), { schemas: ['audit'] })).toEqual(['drop table audit.events']);
    expect(lines(schema(inAudit, inPublic), schema(), { schemas: [null] })).toEqual(['drop table users']);
    expect(lines(schema(inAudit, inPublic), schema(), { schemas: ['public'] })).toEqual(['drop table users']);
  });
});

describe('warnings', () => {
  it('says what no op can carry: autoincrement changes, unnamed live constraints (SQLite)', () => {
    const warnings: string[] = [];
    const onWarning = (m: string) => warnings.push(m);
    expect(lines(schema(toTable('t', { id: { type: 'integer', primaryKey: true } })), schema(toTable('t', { id: { type: 'integer', primaryKey: true, autoincrement: true } })), { onWarning })).toEqual([]);
    const live = schema(toTable('t', { a: { type: 'text' }, b: { type: 'text' } }, { uniques: [['a']], checks: ['b <> a'] }));
    const ops = compareSchemas(live, schema(toTable('t', { a: { type: 'text' }, b: { type: 'text' } })), { dialect: sqlite, onWarning });
    expect(ops).toEqual([]);
    expect(warnings).toEqual([
      't.id is autoincrement in the models but not in the database: no operation changes that; write it by hand',
      't has an unnamed unique constraint that the models no longer have; it cannot be dropped by name',
      't has an unnamed check constraint that the models no longer have; it cannot be dropped by name',
    ]);
  });
});
