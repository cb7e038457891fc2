import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { toTable, type ForeignKeyInput, type TableOptions } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';
import type { Schema, Table } from '../../src/schema/schema.js';

/** The order of the ops: dependencies first when creating, dependents first when dropping. */
const postgres = createPostgresDialect();
const sqlite = createSqliteDialect();
const EMPTY: Schema = { tables: [] };
const schema = (...tables: Table[]): Schema => ({ tables });
const lines = (live: Schema, target: Schema, dialect = postgres) => describeChanges(compareSchemas(live, target, { dialect, defaultSchema: 'public' }));
/** A table `name` with an id and a column per foreign key to the tables in `refs`. */
const t = (name: string, refs: string[] = [], options: TableOptions = {}) =>
  toTable(
    name,
    { id: { type: 'integer', primaryKey: true }, ...Object.fromEntries(refs.map((r) => [`${r}_id`, { type: 'integer' as const }])) },
    {
      ...options,
      foreignKeys: [
        ...refs.map((r): ForeignKeyInput => ({ name: `fk_${name}_${r}`, columns: [`${r}_id`], refTable: r, refColumns: ['id'] })),
        ...(options.foreignKeys ?? []),
      ],
    },
  );

describe('ordering: creating tables', () => {
  it('creates referenced tables before the tables that reference them, whatever the given order', () => {
    expect(lines(EMPTY, schema(t('c', ['b']), t('b', ['a']), t('a'), t('d', ['a', 'c'])))).toEqual([
      'add table a', 'add table b', 'add table c', 'add table d',
    ]);
  });

  it('keeps a self reference inline', () => {
    expect(compareSchemas(EMPTY, schema(t('tree', ['tree'])), { dialect: postgres })).toEqual([{ kind: 'createTable', table: t('tree', ['tree']) }]);
  });

  it('breaks a two-table cycle: the key closing it is created after both tables', () => {
    const ops = compareSchemas(EMPTY, schema(t('x', ['y']), t('y', ['x'])), { dialect: postgres });
    expect(ops).toEqual([
      { kind: 'createTable', table: { ...t('y', ['x']), foreignKeys: [] } },
      { kind: 'createTable', table: t('x', ['y']) },
      { kind: 'createForeignKey', table: 'y', schema: null, foreignKey: t('y', ['x']).foreignKeys[0] },
    ]);
  });

  it('breaks a three-table cycle with one key, and names an unnamed one as PostgreSQL would', () => {
    const c = toTable('c', { id: { type: 'integer', primaryKey: true }, a_id: { type: 'integer' } }, { foreignKeys: [{ columns: ['a_id'], refTable: 'a', refColumns: ['id'] }] });
    expect(lines(EMPTY, schema(t('a', ['b']), t('b', ['c']), c))).toEqual([
      'add table c', 'add table b', 'add table a', 'add foreign key c_a_id_fkey on c (a_id) -> a (id)',
    ]);
  });

  it('on SQLite keeps cycles inline: CREATE TABLE may reference a table created later', () => {
    expect(lines(EMPTY, schema(t('x', ['y']), t('y', ['x'])), sqlite)).toEqual(['add table y', 'add table x']);
  });

  it('creates a new table after the unique key it references is added to an existing table, and keys to new tables last', () => {
    const usersBefore = toTable('users', { id: { type: 'integer', primaryKey: true }, email: { type: 'text' }, team_id: { type: 'integer' } });
    const usersAfter = toTable('users', { id: { type: 'integer', primaryKey: true }, email: { type: 'text' }, team_id: { type: 'integer' } }, {
      uniques: [{ name: 'uq_email', columns: ['email'] }],
      foreignKeys: [{ name: 'fk_users_team', columns: ['team_id'], refTable: 'teams', refColumns: ['id'] }],
    });
    const invites = toTable('invites', { email: { type: 'text' } }, { foreignKeys: [{ name: 'fk_invites_email', columns: ['email'], refTable: 'users', refColumns: ['email'] }] });
    expect(lines(schema(usersBefore), schema(usersAfter, invites, t('teams')))).toEqual([
      'add unique constraint uq_email on users (email)',
      'add table invites',
      'add table teams',
      'add foreign key fk_users_team on users (team_id) -> teams (id)',
    ]);
  });
});

describe('ordering: dropping', () => {
  it('drops dependents before what they reference, recording each table whole', () => {
    const ops = compareSchemas(schema(t('a'), t('b', ['a']), t('c', ['b'])), EMPTY, { dialect: postgres });
    expect(ops).toEqual([
      { kind: 'dropTable', table: 'c', schema: null, existing: t('c', ['b']) },
      { kind: 'dropTable', table: 'b', schema: null, existing: t('b', ['a']) },
      { kind: 'dropTable', table: 'a', schema: null, existing: t('a') },
    ]);
  });

  it('drops a key closing a cycle first, and leaves it out of the recorded table', () => {
    const ops = compareSchemas(schema(t('x', ['y']), t('y', ['x'])), EMPTY, { dialect: postgres });
    expect(ops).toEqual([
      { kind: 'dropConstraint', table: 'x', schema: null, name: 'fk_x_y', type: 'foreignKey', existing: t('x', ['y']).foreignKeys[0] },
      { kind: 'dropTable', table: 'y', schema: null, existing: t('y', ['x']) },
      { kind: 'dropTable', table: 'x', schema: null, existing: { ...t('x', ['y']), foreignKeys: [] } },
    ]);
  });

  it('on SQLite drops a cycle without touching its keys (enforcement is off during a revision)', () => {
    expect(lines(schema(t('x', ['y']), t('y', ['x'])), EMPTY, sqlite)).toEqual(['drop table y', 'drop table x']);
  });

  it("drops an existing table's key to a dropped table before the table", () => {
    expect(lines(schema(t('a'), t('b', ['a'])), schema(t('b')))).toEqual(['drop foreign key fk_b_a on b', 'drop table a', 'drop column b.a_id']);
  });

  it('drops indexes and constraints before the columns they use, and the key they reference', () => {
    const before = toTable('t', { id: { type: 'integer', primaryKey: true }, a: { type: 'integer' }, b: { type: 'integer' } }, {
      uniques: [{ name: 'uq_a', columns: ['a'] }],
      checks: [{ name: 'ck_b', expression: 'b > 0' }],
      indexes: [{ name: 'ix_b', columns: ['b'] }],
    });
    const child = toTable('child', { a: { type: 'integer' } }, { foreignKeys: [{ name: 'fk_child_a', columns: ['a'], refTable: 't', refColumns: ['a'] }] });
    expect(lines(schema(before, child), schema(t('t'), toTable('child', { a: { type: 'integer' } })))).toEqual([
      'drop foreign key fk_child_a on child',
      'drop index ix_b on t',
      'drop unique constraint uq_a on t',
      'drop check constraint ck_b on t',
      'drop column t.a',
      'drop column t.b',
    ]);
  });
});

describe('ordering: the reverse of an upgrade is a valid downgrade', () => {
  /** Reverses the way `reverseOps` does: inverse ops, last first (kinds only). */
  const inverse: Partial<Record<Op['kind'], string>> = { createTable: 'dropTable', dropTable: 'createTable', createForeignKey: 'dropConstraint', dropConstraint: 'create' };
  it('a created cycle comes down key first; a dropped cycle comes back key last', () => {
    const up = compareSchemas(EMPTY, schema(t('x', ['y']), t('y', ['x'])), { dialect: postgres });
    expect([...up].reverse().map((op) => inverse[op.kind])).toEqual(['dropConstraint', 'dropTable', 'dropTable']);
    const down = compareSchemas(schema(t('x', ['y']), t('y', ['x'])), EMPTY, { dialect: postgres });
    expect([...down].reverse().map((op) => inverse[op.kind])).toEqual(['createTable', 'createTable', 'create']);
    // The table recreated first (x) has no key to the one recreated second.
    expect(down[2]).toMatchObject({ kind: 'dropTable', table: 'x', existing: { foreignKeys: [] } });
  });
});
