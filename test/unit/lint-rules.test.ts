/**
 * Lint rules over recorded ops, on both dialects: each rule fires where its risk exists and
 * stays quiet on tables created in the same revision; dialect-only rules fire only there.
 */
import type { Operations } from '../../src/ops/operations.js';
import type { Op } from '../../src/ops/ops.js';
import {
  LINT_CODES,
  lintDialect,
  lintOps,
  lintRevisionModule,
  recordUpgrade,
  SchemaState,
  type LintCode,
  type LintFinding,
} from '../../src/lint/index.js';
import type { DialectName } from '../../src/dialects/dialect.js';

type Upgrade = (op: Operations) => Promise<void> | void;

/** users (referenced by posts twice: id and the unique email), posts, tags. */
const BASE: Upgrade = (op) => {
  op.createTable(
    'users',
    {
      id: { type: 'integer', primaryKey: true },
      email: { type: 'varchar(255)', nullable: false },
      name: { type: 'text' },
      age: { type: 'integer' },
      big: { type: 'bigint' },
      balance: { type: 'numeric(10,2)' },
      status: { type: 'text', nullable: false, default: 'new' },
    },
    { uniques: [{ name: 'users_email_key', columns: ['email'] }], indexes: [{ name: 'ix_users_name', columns: ['name'] }] },
  );
  op.createTable(
    'posts',
    { id: { type: 'integer', primaryKey: true }, user_id: { type: 'integer' }, author_email: { type: 'varchar(255)' }, title: { type: 'text' } },
    {
      foreignKeys: [
        { name: 'posts_user_fk', columns: ['user_id'], refTable: 'users', refColumns: ['id'] },
        { name: 'posts_email_fk', columns: ['author_email'], refTable: 'users', refColumns: ['email'] },
      ],
    },
  );
  op.createTable('tags', { id: { type: 'integer', primaryKey: true }, label: { type: 'text' } });
};

async function record(dialect: DialectName, upgrade: Upgrade): Promise<Op[]> {
  const recorded = await recordUpgrade(upgrade, dialect);
  if (recorded.failure) throw recorded.failure;
  return recorded.ops;
}

async function baseState(dialect: DialectName): Promise<SchemaState> {
  return (await record(dialect, BASE)).reduce((state, op) => state.apply(op), SchemaState.empty());
}

/** The findings of one upgrade on top of BASE (or of nothing known, with `known: false`). */
async function lint(dialect: DialectName, upgrade: Upgrade, options: { known?: boolean } = {}): Promise<LintFinding[]> {
  const schema = options.known === false ? SchemaState.empty() : await baseState(dialect);
  return lintOps(await record(dialect, upgrade), { dialect: lintDialect(dialect), schema, revision: 'rev1' }).findings;
}

const codes = (findings: readonly LintFinding[]) => findings.map((f) => f.code);
const only = (findings: readonly LintFinding[], code: LintCode) => findings.filter((f) => f.code === code);

describe.each(['sqlite', 'postgres'] as const)('lint rules on %s', (dialect) => {
  const pg = dialect === 'postgres';

  it('the base schema itself (new tables only) has no findings', async () => {
    expect(await lint(dialect, BASE, { known: false })).toEqual([]);
  });

  it('DS101: dropping an existing table is an error naming the tables that reference it', async () => {
    const tags = await lint(dialect, (op) => op.dropTable('tags'));
    expect(codes(tags)).toEqual(['DS101']);
    expect(tags[0]).toMatchObject({ severity: 'error', revision: 'rev1', operation: 'drop table tags', suppressed: false });
    expect(tags[0]!.message).toBe('drops table tags: every row in it is deleted');
    expect(tags[0]!.hint).toContain('orm-lint-ignore DS101');
    const users = await lint(dialect, (op) => op.dropTable('users'));
    expect(users[0]!.message).toContain('posts(user_id), posts(author_email) still reference it');
    // a table unknown to lint (made by op.execute, or before the first revision) is assumed to exist
    expect(codes(await lint(dialect, (op) => op.dropTable('legacy')))).toEqual(['DS101']);
  });

  it('DS102: dropping a column of an existing table; not of a table created in the same revision', async () => {
    const found = await lint(dialect, (op) => op.dropColumn('users', 'age'));
    expect(codes(found)).toEqual(['DS102']);
    expect(found[0]!.message).toBe('drops column users.age: its values are deleted');
    const referenced = await lint(dialect, (op) => op.dropColumn('users', 'id'));
    expect(only(referenced, 'DS102')[0]!.message).toContain('posts(user_id) reference it');
    expect(
      await lint(dialect, (op) => {
        op.createTable('scratch', { id: { type: 'integer' }, tmp: { type: 'text' } });
        op.dropColumn('scratch', 'tmp');
        op.dropTable('scratch');
      }),
    ).toEqual([]);
  });

  it('CD101: dropping a unique key that a foreign key references, unless the foreign key goes first', async () => {
    const found = await lint(dialect, (op) => op.dropConstraint('users_email_key', 'users', { type: 'unique' }));
    expect(only(found, 'CD101')).toHaveLength(1);
    expect(only(found, 'CD101')[0]).toMatchObject({ severity: 'error' });
    expect(only(found, 'CD101')[0]!.message).toContain('posts(author_email) reference');
    expect(only(found, 'CD101')[0]!.hint).toContain('posts_email_fk');
    const fkFirst = await lint(dialect, (op) => {
      op.dropConstraint('posts_email_fk', 'posts', { type: 'foreignKey' });
      op.dropConstraint('users_email_key', 'users', { type: 'unique' });
    });
    expect(codes(fkFirst)).not.toContain('CD101');
    // a key nothing references, and a unique index known only from the op (autogenerate's `existing`)
    expect(codes(await lint(dialect, (op) => op.dropIndex('ix_users_name', { table: 'users' })))).toEqual([]);
    const byExisting = lintOps(
      [{ kind: 'dropIndex', name: 'ux_users_email', table: 'users', existing: { name: 'ux_users_email', columns: ['email'], unique: true } }],
      { dialect: lintDialect(dialect), schema: await baseState(dialect) },
    ).findings;
    expect(codes(byExisting)).toEqual(['CD101']);
  });

  it('MF101: narrowing types is an error, from the type the earlier ops built', async () => {
    const cases: Array<[string, string, string]> = [
      ['email', 'varchar(100)', 'values longer than 100 characters do not fit (varchar(255) to varchar(100))'],
      ['big', 'integer', 'values beyond the range of integer do not fit (bigint to integer)'],
      ['balance', 'numeric(10,1)', 'values are rounded to 1 decimal places (numeric(10,2) to numeric(10,1))'],
      ['balance', 'numeric(6,2)', 'values with more than 4 integer digits do not fit'],
      ['name', 'varchar(50)', 'values longer than 50 characters do not fit (text to varchar(50))'],
      ['age', 'smallint', 'values beyond the range of smallint do not fit'],
    ];
    for (const [column, type, reason] of cases) {
      const found = only(await lint(dialect, (op) => op.alterColumn('users', column, { type: type as never })), 'MF101');
      expect(found).toHaveLength(1);
      expect(found[0]!.severity).toBe('error');
      expect(found[0]!.message).toContain(`narrows the type of users.${column}: ${reason}`);
      expect(found[0]!.message.includes('SQLite keeps values')).toBe(!pg);
    }
  });

  it('widening a type is quiet (apart from a SQLite rebuild of a referenced table)', async () => {
    for (const [column, type] of [['email', 'varchar(300)'], ['age', 'bigint'], ['balance', 'numeric(12,2)'], ['name', 'text'], ['email', 'text']]) {
      const found = await lint(dialect, (op) => op.alterColumn('users', column!, { type: type as never }));
      expect(codes(found).filter((c) => c !== 'SL101')).toEqual([]);
    }
    expect(await lint(dialect, (op) => op.alterColumn('tags', 'id', { type: 'bigint' }))).toEqual([]);
  });

  it('MF102: a conversion that may fail is a warning; an unknown old type too', async () => {
    const found = only(await lint(dialect, (op) => op.alterColumn('users', 'name', { type: 'integer' })), 'MF102');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', message: 'changes the type of users.name: only values that read as whole numbers convert (text to integer)' });
    const unknown = await lint(dialect, (op) => op.alterColumn('legacy', 'code', { type: 'integer' }));
    expect(codes(unknown)).toEqual(['MF102']);
    expect(unknown[0]!.message).toContain('its current type is unknown to lint');
  });

  it('MF103: NOT NULL without a default added to an existing table is an error', async () => {
    const found = await lint(dialect, (op) => op.addColumn('tags', 'slug', { type: 'text', nullable: false }));
    expect(codes(found)).toEqual(['MF103']);
    expect(found[0]).toMatchObject({ severity: 'error', message: 'adds tags.slug NOT NULL without a default: it fails as soon as tags has a row' });
    expect(await lint(dialect, (op) => op.addColumn('tags', 'slug', { type: 'text', nullable: false, default: '' }))).toEqual([]);
    expect(await lint(dialect, (op) => op.addColumn('tags', 'note', { type: 'text' }))).toEqual([]);
    expect(
      await lint(dialect, (op) => {
        op.createTable('fresh', { id: { type: 'integer' } });
        op.addColumn('fresh', 'slug', { type: 'text', nullable: false });
      }),
    ).toEqual([]);
  });

  it('MF104: making a column NOT NULL warns unless the revision backfills it first', async () => {
    const found = await lint(dialect, (op) => op.alterColumn('tags', 'label', { nullable: false }));
    expect(codes(found).filter((c) => c !== 'SL101')).toEqual(['MF104']);
    expect(only(found, 'MF104')[0]).toMatchObject({ severity: 'warning' });
    expect(only(found, 'MF104')[0]!.hint).toContain('UPDATE tags SET label = ... WHERE label IS NULL');
    const backfilled = await lint(dialect, (op) => {
      op.execute("UPDATE tags SET label = '' WHERE label IS NULL");
      op.alterColumn('tags', 'label', { nullable: false });
    });
    expect(codes(backfilled)).not.toContain('MF104');
    // already NOT NULL: nothing changes for the rows
    expect(codes(await lint(dialect, (op) => op.alterColumn('users', 'email', { nullable: false })))).not.toContain('MF104');
  });

  it('MF105: constraints added to an existing table warn that violating rows make them fail', async () => {
    const unique = await lint(dialect, (op) => op.createUniqueConstraint('tags_label_key', 'tags', ['label']));
    expect(codes(unique)).toEqual(pg ? ['MF105', 'PG102'] : ['MF105']);
    expect(only(unique, 'MF105')[0]!.message).toBe('adds unique constraint tags_label_key to tags: it fails if two rows share a value');
    const fk = await lint(dialect, (op) => op.createForeignKey('tags_fk', 'tags', { columns: ['id'], refTable: 'users', refColumns: ['id'] }));
    expect(only(fk, 'MF105')[0]!.message).toContain('it fails if a row points at a missing parent');
    expect(codes(await lint(dialect, (op) => op.createIndex('ix_tags_label', 'tags', ['label'])))).not.toContain('MF105');
  });

  it('BC101/BC102: renames of existing tables and columns warn; of new ones not', async () => {
    const table = await lint(dialect, (op) => op.renameTable('tags', 'labels'));
    expect(codes(table)).toEqual(['BC101']);
    expect(table[0]).toMatchObject({ severity: 'warning', message: 'renames table tags to labels: code still using tags fails until it is redeployed' });
    const column = await lint(dialect, (op) => op.alterColumn('tags', 'label', { newName: 'title' }));
    expect(codes(column)).toEqual(['BC102']);
    expect(column[0]!.message).toBe('renames column tags.label to title: code still using label fails until it is redeployed');
    expect(
      await lint(dialect, (op) => {
        op.createTable('draft', { id: { type: 'integer' }, a: { type: 'text' } });
        op.alterColumn('draft', 'a', { newName: 'b' });
        op.renameTable('draft', 'final');
        op.createIndex('ix_final_b', 'final', ['b']);
      }),
    ).toEqual([]);
  });

  it(`PG101: an index on an existing table without CONCURRENTLY ${pg ? 'warns' : 'is not a SQLite finding'}`, async () => {
    const found = await lint(dialect, (op) => op.createIndex('ix_tags_label', 'tags', ['label']));
    if (!pg) {
      expect(found).toEqual([]);
      return;
    }
    expect(codes(found)).toEqual(['PG101']);
    expect(found[0]!.message).toBe('creates index ix_tags_label on tags without CONCURRENTLY: writes to tags wait until it is built');
    expect(found[0]!.hint).toContain('CREATE INDEX CONCURRENTLY ix_tags_label ON tags');
    expect(found[0]!.hint).toContain('op.autocommitBlock');
    // the fix itself is quiet: raw SQL is not parsed
    expect(await lint(dialect, (op) => op.execute('CREATE INDEX CONCURRENTLY ix_tags_label ON tags (label)'))).toEqual([]);
  });

  it(`PG102/PG103: constraints built under a lock ${pg ? 'warn' : 'are not SQLite findings'}`, async () => {
    const pk = await lint(dialect, (op) => op.createPrimaryKey('pk_x', 'legacy', ['id']));
    const check = await lint(dialect, (op) => op.createCheckConstraint('ck_age', 'users', 'age >= 0'));
    const fk = await lint(dialect, (op) => op.createForeignKey('tags_fk', 'tags', { columns: ['id'], refTable: 'users', refColumns: ['id'] }));
    expect(codes(pk).includes('PG102')).toBe(pg);
    expect(codes(check).includes('PG103')).toBe(pg);
    expect(codes(fk).includes('PG103')).toBe(pg);
    if (pg) expect(only(check, 'PG103')[0]!.hint).toContain('NOT VALID');
  });

  it(`SL101: a rebuild of a table other tables reference ${pg ? 'is not a PostgreSQL finding' : 'warns, naming them'}`, async () => {
    const alter = await lint(dialect, (op) => op.alterColumn('users', 'name', { default: 'anon' }));
    expect(codes(alter)).toEqual(pg ? [] : ['SL101']);
    if (!pg) {
      expect(alter[0]).toMatchObject({ severity: 'warning', message: 'rebuilds table users to alter column name, and posts reference users by foreign key' });
      expect(alter[0]!.hint).toContain('foreign_keys=ON');
    }
    // posts has foreign keys but nothing references it; tags nothing at all
    expect(codes(await lint(dialect, (op) => op.alterColumn('posts', 'title', { default: 'x' })))).toEqual([]);
    // natively added column: no rebuild; a CURRENT_TIMESTAMP default needs one
    expect(codes(await lint(dialect, (op) => op.addColumn('users', 'nick', { type: 'text' })))).toEqual([]);
    const rebuilt = await lint(dialect, (op) => op.addColumn('users', 'seen', { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } }));
    expect(codes(rebuilt)).toEqual(pg ? [] : ['SL101']);
    // dropping an indexed column rebuilds, a plain one does not
    expect(codes(await lint(dialect, (op) => op.dropColumn('users', 'name')))).toEqual(pg ? ['DS102'] : ['DS102', 'SL101']);
    expect(codes(await lint(dialect, (op) => op.dropColumn('users', 'age')))).toEqual(['DS102']);
  });

  it('enum values: removing is MF101, unknown removal MF102, renaming BC103; a new enum is quiet', () => {
    const run = (ops: Op[]) => lintOps(ops, { dialect: lintDialect(dialect), revision: 'r' }).findings;
    const removed = run([{ kind: 'replaceEnumValues', name: 'mood', values: ['ok', 'happy'], existing: ['sad', 'ok', 'happy'] }]);
    expect(removed).toMatchObject([{ code: 'MF101', severity: 'error', message: "removes 'sad' from enum mood: rows holding it make it fail" }]);
    expect(run([{ kind: 'replaceEnumValues', name: 'mood', values: ['happy', 'ok'], existing: ['ok', 'happy'] }])).toEqual([]);
    expect(codes(run([{ kind: 'replaceEnumValues', name: 'mood', values: ['ok'] }]))).toEqual(['MF102']);
    const renamed = run([{ kind: 'renameEnumValue', name: 'mood', from: 'sad', to: 'blue' }]);
    expect(renamed).toMatchObject([{ code: 'BC103', severity: 'warning', message: "renames value 'sad' of enum mood to 'blue': code still writing 'sad' fails until it is redeployed" }]);
    expect(
      run([
        { kind: 'createEnum', name: 'mood', values: ['a', 'b'] },
        { kind: 'renameEnumValue', name: 'mood', from: 'a', to: 'c' },
        { kind: 'replaceEnumValues', name: 'mood', values: ['c'], existing: ['c', 'b'] },
      ]),
    ).toEqual([]);
    // an enum column losing a value (how SQLite changes values) narrows it
    const column = lintOps(
      [
        {
          kind: 'alterColumn',
          table: 'users',
          column: 'mood',
          type: { kind: 'enum', name: 'mood', values: ['ok'] },
          existing: { name: 'mood', type: { kind: 'enum', name: 'mood', values: ['ok', 'sad'] }, nullable: true },
        },
      ],
      { dialect: lintDialect(dialect) },
    ).findings;
    expect(only(column, 'MF101')[0]!.message).toBe("narrows the type of users.mood: rows holding 'sad' do not fit (mood to mood)" + (pg ? '' : '; SQLite keeps values that do not fit as they are, other databases refuse or round them'));
  });

  it('every finding takes its severity from the catalogue', async () => {
    const found = await lint(dialect, (op) => {
      op.dropTable('tags');
      op.alterColumn('users', 'email', { type: 'varchar(10)', nullable: false });
      op.renameTable('posts', 'articles');
    });
    for (const f of found) expect(f.severity).toBe(LINT_CODES[f.code].severity);
  });

  it('LT101: a revision reading op.db is linted up to that point, without a crash', async () => {
    const result = await lintRevisionModule(
      {
        upgrade: async (op: Operations) => {
          await op.dropTable('tags');
          await op.db.selectFrom('users').selectAll().execute();
          op.dropTable('users');
        },
      },
      { revision: 'r', dialect: lintDialect(dialect), schema: await baseState(dialect) },
    );
    expect(result.operations).toBe(1);
    expect(codes(result.findings)).toEqual(['DS101', 'LT101']);
    expect(result.findings[1]).toMatchObject({ severity: 'warning', operation: null, message: 'the upgrade reads data through op.db; only the 1 op(s) before that were checked' });
    // guarded by op.offline: every schema op is seen, no LT101
    const guarded = await lintRevisionModule(
      {
        upgrade: async (op: Operations) => {
          if (!op.offline) await op.db.selectFrom('users').selectAll().execute();
          op.dropTable('users');
        },
      },
      { revision: 'r', dialect: lintDialect(dialect), schema: SchemaState.empty() },
    );
    expect(codes(guarded.findings)).toEqual(['DS101']);
  });

  it('LT102: an upgrade that throws, or is missing, is an error finding', async () => {
    const throwing = await lintRevisionModule(
      { upgrade: async (op: Operations) => { op.dropTable('tags'); throw new Error('boom'); } },
      { revision: 'r', dialect: lintDialect(dialect), schema: SchemaState.empty() },
    );
    expect(codes(throwing.findings)).toEqual(['DS101', 'LT102']);
    expect(throwing.findings[1]!.message).toBe('the upgrade failed after 1 op(s): boom');
    const missing = await lintRevisionModule({}, { revision: 'r', dialect: lintDialect(dialect), schema: SchemaState.empty() });
    expect(missing.findings).toMatchObject([{ code: 'LT102', severity: 'error', message: 'the revision exports no upgrade function' }]);
    // a bad op argument is a failure of the revision too
    const bad = await lintRevisionModule(
      { upgrade: (op: Operations) => op.alterColumn('t', 'c', {}) },
      { revision: 'r', dialect: lintDialect(dialect), schema: SchemaState.empty() },
    );
    expect(codes(bad.findings)).toEqual(['LT102']);
  });

  it('op.dialect is the linted dialect and autocommitBlock ops are recorded', async () => {
    const ops = await record(dialect, async (op) => {
      if (op.dialect === 'postgres') op.execute('select 1');
      await op.autocommitBlock(async () => {
        op.dropTable('tags');
      });
      op.dropTable('users');
    });
    expect(ops.map((o) => o.kind)).toEqual(pg ? ['execute', 'dropTable', 'dropTable'] : ['dropTable', 'dropTable']);
  });

  it('suppressed codes are reported but marked', async () => {
    const ops = await record(dialect, (op) => {
      op.dropTable('tags');
      op.renameTable('posts', 'articles');
    });
    const { findings } = lintOps(ops, { dialect: lintDialect(dialect), schema: await baseState(dialect), ignore: new Set<LintCode>(['DS101']) });
    expect(findings.map((f) => [f.code, f.suppressed])).toEqual([
      ['DS101', true],
      ['BC101', false],
    ]);
  });
});

describe('lint schema state', () => {
  it('follows renames: foreign keys point at the new table and column names', async () => {
    let state = await baseState('postgres');
    state = state.apply({ kind: 'renameTable', table: 'users', newName: 'members' });
    state = state.apply({ kind: 'alterColumn', table: 'members', column: 'email', newName: 'mail' });
    const refs = state.referencing('members');
    expect(refs.map((r) => [r.table.name, r.foreignKey.refColumns])).toEqual([
      ['posts', ['id']],
      ['posts', ['mail']],
    ]);
    expect(state.table('users')).toBeUndefined();
    expect(state.table('members')!.uniques[0]!.columns).toEqual(['mail']);
  });

  it('merges the states of several parents; finds default-schema tables by name', () => {
    const a = SchemaState.fromSchema({ tables: [{ name: 'a', schema: 'public', columns: [], foreignKeys: [], uniques: [], checks: [], indexes: [] }] });
    const b = SchemaState.fromSchema({ tables: [{ name: 'b', columns: [], foreignKeys: [], uniques: [], checks: [], indexes: [] }] });
    const merged = SchemaState.merge([a, b]);
    expect(merged.table('a')?.schema).toBe('public');
    expect(merged.table('a', 'other')).toBeUndefined();
    expect(merged.table('b')).toBeDefined();
    expect(merged.apply({ kind: 'dropTable', table: 'a' }).table('a')).toBeUndefined();
  });

  it('dropping a column forgets the keys, indexes and foreign keys that used it', async () => {
    const state = (await baseState('sqlite')).apply({ kind: 'dropColumn', table: 'posts', column: 'author_email' });
    expect(state.referencing('users').map((r) => r.foreignKey.name)).toEqual(['posts_user_fk']);
  });
});
