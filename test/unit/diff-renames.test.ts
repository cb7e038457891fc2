import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { diffSchemas } from '../../src/diff/compare-schemas.js';
import type { CompareOptions } from '../../src/diff/compare-options.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { describeRenameCandidate, parseRenameFlag, renameColumnsInSql, renameOf, type Rename } from '../../src/diff/renames.js';
import { defineMetadata, defineTable, index, integer, text, toSchema, varchar } from '../../src/model/index.js';
import { toTable, type ColumnInput, type TableOptions } from '../../src/ops/column-input.js';
import { reverseOps } from '../../src/ops/reverse.js';
import type { Schema, Table } from '../../src/schema/schema.js';

/**
 * Renames in the differ: `renamedFrom` hints and `options.renames` become renameTable /
 * alterColumn(newName) with the rest compared under the new names; without them, drops and
 * adds that look like renames are reported as candidates, and the ops stay drop + add.
 */
const pg = createPostgresDialect();
const sqlite = createSqliteDialect();
const diff = (live: Schema, target: Schema, options: Partial<CompareOptions> = {}) =>
  diffSchemas(live, target, { dialect: pg, defaultSchema: 'public', ...options });
const lines = (live: Schema, target: Schema, options: Partial<CompareOptions> = {}) => describeChanges(diff(live, target, options).ops);
const schema = (...tables: Table[]): Schema => ({ tables });
const table = (name: string, columns: Record<string, ColumnInput>, options: TableOptions = {}) => toTable(name, columns, options);
const users = (columns: Record<string, ColumnInput> = { name: { type: 'text' } }, name = 'users') =>
  table(name, { id: { type: 'integer', primaryKey: true }, email: { type: 'varchar(255)' }, ...columns });
const hinted = (t: Table, renamedFrom: string): Table => ({ ...t, renamedFrom });
const hintColumn = (t: Table, column: string, renamedFrom: string): Table => ({
  ...t,
  columns: t.columns.map((c) => (c.name === column ? { ...c, renamedFrom } : c)),
});

describe('renames by hint', () => {
  it('a table hint renames the table, and only that', () => {
    const { ops, renameCandidates } = diff(schema(users()), schema(hinted(users(undefined, 'people'), 'users')));
    expect(ops).toEqual([{ kind: 'renameTable', table: 'users', newName: 'people', schema: null }]);
    expect(renameCandidates).toEqual([]);
    expect(reverseOps(ops)).toEqual([{ kind: 'renameTable', table: 'people', newName: 'users', schema: null }]);
  });

  it('a column hint renames the column; another change to it follows under the new name', () => {
    const target = hintColumn(users({ full_name: { type: 'varchar(200)', nullable: false } }), 'full_name', 'name');
    const { ops } = diff(schema(users()), schema(target));
    expect(ops).toEqual([
      { kind: 'alterColumn', table: 'users', schema: null, column: 'name', newName: 'full_name', existing: users().columns[2] },
      expect.objectContaining({ kind: 'alterColumn', column: 'full_name', type: { kind: 'varchar', length: 200 }, nullable: false }),
    ]);
    expect(describeChanges(ops)).toEqual([
      'rename column users.name to full_name',
      'change type of users.full_name: text -> varchar(200)',
      'make users.full_name NOT NULL',
    ]);
    // the downgrade undoes the change first, then the rename
    const down = reverseOps(ops);
    expect(down[0]).toMatchObject({ column: 'full_name', type: { kind: 'text' }, nullable: true });
    expect(down[1]).toMatchObject({ kind: 'alterColumn', column: 'full_name', newName: 'name' });
  });

  it('keys, indexes and foreign keys follow the renamed table and column', () => {
    const live = schema(
      table('users', { id: { type: 'integer', nullable: false }, name: { type: 'text' } }, {
        primaryKey: { name: 'users_pkey', columns: ['id'] },
        uniques: [{ name: 'uq_name', columns: ['name'] }],
        indexes: [{ name: 'ix_name', columns: ['name'] }],
      }),
      table('posts', { id: { type: 'integer', primaryKey: true }, author: { type: 'integer' } }, {
        foreignKeys: [{ name: 'fk_author', columns: ['author'], refTable: 'users', refColumns: ['id'] }],
      }),
    );
    const people = table('people', { pid: { type: 'integer', nullable: false }, full_name: { type: 'text' } }, {
      primaryKey: { name: 'users_pkey', columns: ['pid'] },
      uniques: [{ name: 'uq_name', columns: ['full_name'] }],
      indexes: [{ name: 'ix_name', columns: ['full_name'] }],
    });
    const target = schema(
      hintColumn(hintColumn(hinted(people, 'users'), 'pid', 'id'), 'full_name', 'name'),
      table('posts', { id: { type: 'integer', primaryKey: true }, author: { type: 'integer' } }, {
        foreignKeys: [{ name: 'fk_author', columns: ['author'], refTable: 'people', refColumns: ['pid'] }],
      }),
    );
    expect(lines(live, target)).toEqual(['rename table users to people', 'rename column people.id to pid', 'rename column people.name to full_name']);
  });

  it('is inert once the database has the new name, and on an empty database', () => {
    const target = schema(hintColumn(hinted(users({ full_name: { type: 'text' } }, 'people'), 'users'), 'full_name', 'name'));
    const renamed = schema(users({ full_name: { type: 'text' } }, 'people'));
    expect(diff(renamed, target).ops).toEqual([]);
    const created = diff(schema(), target).ops;
    expect(created).toHaveLength(1);
    // the hints never reach the ops
    expect(JSON.stringify(created)).not.toContain('renamedFrom');
  });

  it('SQLite matches the old name in any case', () => {
    const target = schema(hintColumn(users({ full_name: { type: 'text' } }), 'full_name', 'NAME'));
    expect(describeChanges(diffSchemas(schema(users()), target, { dialect: sqlite }).ops)).toEqual(['rename column users.name to full_name']);
  });

  it('comes from the models: renamedFrom option and .renamedFrom() modifier', () => {
    const people = defineTable('people', { id: integer().primaryKey(), full_name: text().renamedFrom('name') }, { renamedFrom: 'users' });
    const ir = toSchema(defineMetadata({ tables: { people } }));
    expect(ir.tables[0]).toMatchObject({ name: 'people', renamedFrom: 'users', columns: [{ name: 'id' }, { name: 'full_name', renamedFrom: 'name' }] });
    expect(toSchema(defineMetadata({ tables: { t: defineTable('t', { a: varchar(5) }) } })).tables[0]).not.toHaveProperty('renamedFrom');
    const live = schema(table('users', { id: { type: 'integer', nullable: false }, name: { type: 'text' } }, { primaryKey: { name: 'pk_users', columns: ['id'] } }));
    expect(lines(live, ir)).toEqual([
      'rename table users to people',
      'rename column people.name to full_name',
      'rename constraint pk_users on people to pk_people',
    ]);
  });

  it('constraint and index names the naming convention gives follow the rename (SQLite: indexes dropped and made again)', () => {
    const v1 = defineMetadata({
      tables: {
        users: defineTable('users', { id: integer().primaryKey(), name: text().unique(), email: text() }, (t) => ({
          indexes: [index().on(t.email)],
          checks: [{ expression: 'id > 0' }],
        })),
        posts: defineTable('posts', { id: integer().primaryKey(), author: integer().references('users.id') }),
      },
    });
    const people = defineTable('people', { id: integer().primaryKey(), full_name: text().unique().renamedFrom('name'), email: text() }, (t) => ({
      renamedFrom: 'users',
      indexes: [index().on(t.email)],
      checks: [{ expression: 'id > 0' }],
    }));
    const v2 = defineMetadata({ tables: { people, posts: defineTable('posts', { id: integer().primaryKey(), author: integer().references(() => people.columns.id) }) } });
    const { ops } = diff(toSchema(v1), toSchema(v2));
    expect(describeChanges(ops)).toEqual([
      'rename table users to people',
      'rename column people.name to full_name',
      'rename constraint fk_posts_author_users on posts to fk_posts_author_people',
      'rename constraint pk_users on people to pk_people',
      'rename constraint uq_users_name on people to uq_people_full_name',
      expect.stringMatching(/^rename constraint ck_users_\w+ on people to ck_people_\w+$/),
      'rename index ix_users_email on people to ix_people_email',
    ]);
    expect(reverseOps(ops).map((op) => op.kind)).toEqual([...ops].reverse().map((op) => op.kind));
    const onSqlite = describeChanges(diffSchemas(toSchema(v1), toSchema(v2), { dialect: sqlite }).ops);
    expect(onSqlite).toContain('drop index ix_users_email on people');
    expect(onSqlite).toContain('add index ix_people_email on people (email)');
    expect(onSqlite).toContain('rename constraint pk_users on people to pk_people');
  });

  it('models that still hold the old name are refused', () => {
    const a = defineTable('a', { id: integer() });
    const b = defineTable('b', { id: integer() }, { renamedFrom: 'a' });
    expect(() => toSchema(defineMetadata({ tables: { a, b } }))).toThrow(/renamedFrom a, which is still a table/);
    const c = defineTable('c', { x: integer(), y: integer().renamedFrom('x') });
    expect(() => toSchema(defineMetadata({ tables: { c } }))).toThrow(/renamedFrom x, which is still a column/);
    expect(() => integer().renamedFrom('')).toThrow(/previous name/);
  });
});

describe('renames by option (--rename)', () => {
  const renames = (...r: Rename[]) => ({ renames: r });

  it('renames a table and a column named by the old or the new table name', () => {
    const target = schema(users({ full_name: { type: 'text' } }, 'people'));
    expect(lines(schema(users()), target, renames({ kind: 'table', from: 'users', to: 'people' }, { kind: 'column', table: 'users', from: 'name', to: 'full_name' }))).toEqual([
      'rename table users to people',
      'rename column people.name to full_name',
    ]);
    expect(lines(schema(users()), target, renames({ kind: 'table', from: 'users', to: 'people' }, { kind: 'column', table: 'people', from: 'name', to: 'full_name' }))).toHaveLength(2);
  });

  it('a rename said twice (a hint and the option) is one rename', () => {
    const target = schema(hintColumn(hinted(users({ full_name: { type: 'text' } }, 'people'), 'users'), 'full_name', 'name'));
    expect(lines(schema(users()), target, renames({ kind: 'table', from: 'users', to: 'people' }, { kind: 'column', table: 'people', from: 'name', to: 'full_name' }))).toEqual([
      'rename table users to people',
      'rename column people.name to full_name',
    ]);
  });

  it('refuses a rename that cannot apply, and warns about one already applied', () => {
    const target = schema(users({ full_name: { type: 'text' } }));
    expect(() => diff(schema(users()), target, renames({ kind: 'column', table: 'users', from: 'nope', to: 'full_name' }))).toThrow(
      /--rename users.nope=full_name: table users of the database has no column nope/,
    );
    expect(() => diff(schema(users()), target, renames({ kind: 'column', table: 'users', from: 'name', to: 'missing' }))).toThrow(/has no column missing/);
    expect(() => diff(schema(users()), target, renames({ kind: 'table', from: 'users', to: 'ghosts' }))).toThrow(/the models have no table ghosts/);
    const warnings: string[] = [];
    const done = diff(schema(users({ full_name: { type: 'text' } })), target, { ...renames({ kind: 'column', table: 'users', from: 'name', to: 'full_name' }), onWarning: (m) => warnings.push(m) });
    expect(done.ops).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/already has column users.full_name; nothing to rename/)]);
  });

  it('parses --rename values', () => {
    const target = schema(users(), table('t', { id: { type: 'integer' } }, { schema: 'app' }));
    expect(parseRenameFlag('users=people', target)).toEqual({ kind: 'table', schema: null, from: 'users', to: 'people' });
    expect(parseRenameFlag('users.name=full_name', target)).toEqual({ kind: 'column', schema: null, table: 'users', from: 'name', to: 'full_name' });
    expect(parseRenameFlag('users.name=users.full_name', target)).toEqual({ kind: 'column', schema: null, table: 'users', from: 'name', to: 'full_name' });
    expect(parseRenameFlag('app.old=t', target)).toEqual({ kind: 'table', schema: 'app', from: 'old', to: 't' });
    expect(parseRenameFlag('app.t.a=b', target)).toEqual({ kind: 'column', schema: 'app', table: 't', from: 'a', to: 'b' });
    for (const bad of ['users', 'a=b=c', '=x', 'users.name=', 'users.name=other.full_name', 'a.b.c.d=e']) {
      expect(() => parseRenameFlag(bad, target)).toThrow(/--rename/);
    }
  });
});

describe('rename candidates', () => {
  it('a dropped column and an added one of the same or a convertible type', () => {
    const { ops, renameCandidates } = diff(schema(users()), schema(users({ full_name: { type: 'varchar(100)' } })));
    // the ops stay what the models say: drop + add
    expect(describeChanges(ops)).toEqual(['drop column users.name', 'add column users.full_name']);
    expect(renameCandidates).toEqual([{ kind: 'column', schema: null, table: 'users', from: 'name', to: 'full_name', flag: 'users.name=full_name' }]);
    expect(describeRenameCandidate(renameCandidates[0]!)).toBe('users.name -> full_name');
    // accepting it is a rename, and then nothing is left to ask
    const accepted = diff(schema(users()), schema(users({ full_name: { type: 'varchar(100)' } })), { renames: [renameOf(renameCandidates[0]!)] });
    expect(describeChanges(accepted.ops)).toEqual(['rename column users.name to full_name', 'change type of users.full_name: text -> varchar(100)']);
    expect(accepted.renameCandidates).toEqual([]);
  });

  it('none for unrelated types; the same type first when several fit', () => {
    expect(diff(schema(users()), schema(users({ age: { type: 'integer' } }))).renameCandidates).toEqual([]);
    expect(diff(schema(users({ n: { type: 'integer' } })), schema(users({ m: { type: 'boolean' } }))).renameCandidates).toEqual([]);
    const several = diff(schema(users()), schema(users({ nick: { type: 'varchar(20)' }, full_name: { type: 'text' } }))).renameCandidates;
    expect(several.map((c) => c.flag)).toEqual(['users.name=full_name', 'users.name=nick']);
  });

  it('a dropped table and an added one with mostly the same columns', () => {
    const { ops, renameCandidates } = diff(schema(users()), schema(users({ name: { type: 'text' }, extra: { type: 'text' } }, 'people')));
    expect(describeChanges(ops)).toEqual(['drop table users', 'add table people']);
    expect(renameCandidates).toEqual([{ kind: 'table', schema: null, table: 'users', from: 'users', to: 'people', flag: 'users=people' }]);
    expect(describeRenameCandidate(renameCandidates[0]!)).toBe('users -> people');
    // unrelated tables are not candidates
    expect(diff(schema(users()), schema(table('orders', { total: { type: 'numeric' }, at: { type: 'date' }, id: { type: 'integer' } }))).renameCandidates).toEqual([]);
  });

  it('a table candidate in another schema names it; other schemas do not pair', () => {
    const live = schema(table('users', { id: { type: 'integer' } }, { schema: 'app' }));
    const { renameCandidates } = diff(live, schema(table('people', { id: { type: 'integer' } }, { schema: 'app' }), table('other', { id: { type: 'integer' } })));
    expect(renameCandidates.map((c) => c.flag)).toEqual(['app.users=people']);
    expect(parseRenameFlag('app.users=people', schema(table('people', { id: { type: 'integer' } }, { schema: 'app' })))).toEqual(renameOf(renameCandidates[0]!));
  });
});

describe('renameColumnsInSql', () => {
  const names = new Map([['name', 'full_name'], ['Mixed', 'Other Name']]);
  it('renames column references only', () => {
    expect(renameColumnsInSql("length(name) > 0 AND name <> 'name' AND \"name\" IS NOT NULL", names, false)).toBe(
      "length(full_name) > 0 AND full_name <> 'name' AND full_name IS NOT NULL",
    );
    // bare identifiers fold to lower case; quoted ones compare exactly (PostgreSQL) or folded (SQLite)
    expect(renameColumnsInSql('NAME = 1 AND "Mixed" = 2 AND "NAME" = 3', names, false)).toBe('full_name = 1 AND "Other Name" = 2 AND "NAME" = 3');
    expect(renameColumnsInSql('"NAME" = 3', names, true)).toBe('full_name = 3');
    // not function names, qualified names, type names after ::, or text in strings and comments
    expect(renameColumnsInSql("name(x) + t.name + name.x + 'it''s name' + y::name -- name", names, false)).toBe(
      "name(x) + t.name + name.x + 'it''s name' + y::name -- name",
    );
  });
});
