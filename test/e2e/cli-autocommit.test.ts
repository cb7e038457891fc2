/**
 * The escape hatch for statements a transaction refuses: `op.autocommitBlock(...)` and a
 * revision's `export const transaction = false`, on a real PostgreSQL server (CREATE INDEX
 * CONCURRENTLY, ALTER TYPE ... ADD VALUE then using the value) and on SQLite (VACUUM, a table
 * rebuild with foreign keys, journal_mode). The version row changes only after the revision
 * succeeded; `--sql` prints COMMIT/BEGIN around the block.
 */
import { runCli } from '../helpers/cli.js';
import { killAllCli } from '../helpers/cli-process.js';
import { markNoTransaction } from '../helpers/chain-project.js';
import { createPgDatabase, createSqliteFile, describePg } from '../helpers/databases.js';
import { pgView, sqliteView, writeProject, type DbView, type RevisionSpec } from '../helpers/e2e-project.js';

afterAll(killAllCli);

const R1 = '1e1e1e1e1e1e';
const R2 = '2e2e2e2e2e2e';
const R3 = '3e3e3e3e3e3e';

const lines = (...l: string[]) => l.map((x) => `  ${x}`).join('\n');

/** Runs each test against a fresh project (and database) built from `revisions`. */
function withProject<E extends { url: string; db: DbView; cleanup(): Promise<void> }>(
  setup: () => Promise<E>,
  revisions: RevisionSpec[],
  noTransaction: string[] = [],
): () => { env: E; dir: string; orm: (...args: string[]) => ReturnType<typeof runCli> } {
  let env: E;
  let project: { dir: string; cleanup(): void };
  beforeEach(async () => {
    env = await setup();
    project = writeProject(revisions);
    for (const id of noTransaction) markNoTransaction(project.dir, id);
  });
  afterEach(async () => {
    await env.db.close();
    await env.cleanup();
    project.cleanup();
  });
  return () => ({ env, dir: project.dir, orm: (...args: string[]) => runCli(project.dir, [...args, '--url', env.url]) });
}

async function pgEnv() {
  const database = await createPgDatabase('orm_autocommit');
  return { url: database.url, db: pgView(database.url), cleanup: () => database.drop() };
}

async function sqliteEnv() {
  const file = createSqliteFile();
  return { url: file.url, file: file.file, db: sqliteView(file.file), cleanup: async () => file.cleanup() };
}

describePg('PostgreSQL: statements that cannot run in a transaction', () => {
  const PG_REVISIONS: RevisionSpec[] = [
    {
      id: R1,
      down: null,
      message: 'items with a concurrent index',
      upgrade: lines(
        "op.createTable('items', { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } });",
        "op.bulkInsert('items', [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);",
        'await op.autocommitBlock(async () => {',
        "  await op.execute('create index concurrently items_name on items (name)');",
        '});',
        "op.addColumn('items', 'extra', { type: 'text' });",
      ),
      downgrade: lines("op.dropTable('items');"),
    },
    {
      id: R2,
      down: R1,
      message: 'no transaction at all',
      upgrade: lines("op.execute('create index concurrently items_id_name on items (id, name)');"),
      downgrade: lines("op.execute('drop index concurrently items_id_name');"),
    },
    {
      id: R3,
      down: R2,
      message: 'enum value added then used',
      upgrade: lines(
        'op.execute("create type mood as enum (\'sad\')");',
        "op.execute('create table feelings (m mood not null)');",
        'op.autocommitBlock(() => {',
        '  op.execute("alter type mood add value \'happy\'");',
        '});',
        'op.execute("insert into feelings values (\'happy\')");',
      ),
      downgrade: lines("op.execute('drop table feelings');", "op.execute('drop type mood');"),
    },
  ];

  describe('success', () => {
    const get = withProject(pgEnv, PG_REVISIONS, [R2]);

    it('CREATE INDEX CONCURRENTLY (block and transaction = false) and ADD VALUE then use; downgrade too', async () => {
      const { env, orm } = get();
      const up = orm('upgrade', 'head');
      expect(up.stderr).toBe('');
      expect(up.status).toBe(0);
      expect(up.stdout.match(/Running upgrade/g)).toHaveLength(3);
      const indexes = await env.db.query(
        "select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname in ('items_name', 'items_id_name') order by 1",
      );
      expect(indexes).toEqual([
        { relname: 'items_id_name', indisvalid: true },
        { relname: 'items_name', indisvalid: true },
      ]);
      expect(await env.db.columns('items')).toEqual(['id', 'name', 'extra']);
      expect(await env.db.query('select m::text as m from feelings')).toEqual([{ m: 'happy' }]);
      expect(await env.db.versionRows()).toEqual([R3]);

      const down = orm('downgrade', 'base');
      expect(down.stderr).toBe('');
      expect(down.status).toBe(0);
      expect(await env.db.tables()).not.toContain('items');
    });

    it('--sql: COMMIT before the block and BEGIN after it; a transaction = false revision has no BEGIN around its ops', () => {
      const { orm } = get();
      const r = orm('upgrade', 'head', '--sql');
      expect(r.status).toBe(0);
      const text = r.stdout.replace(/\n\n/g, '\n');
      expect(text).toMatch(/insert into "items" .*;\nCOMMIT;\ncreate index concurrently items_name on items \(name\);\nBEGIN;\nalter table "items" add column "extra" text;/);
      expect(text).toMatch(/-- Running upgrade 1e1e1e1e1e1e -> 2e2e2e2e2e2e, no transaction at all\ncreate index concurrently items_id_name on items \(id, name\);\nBEGIN;\nupdate "orm_version"/);
      expect(text).toMatch(/create table feelings \(m mood not null\);\nCOMMIT;\nalter type mood add value 'happy';\nBEGIN;\ninsert into feelings values \('happy'\);/);
      // every BEGIN has its COMMIT
      expect(text.match(/^BEGIN;$/gm)?.length).toBe(text.match(/^COMMIT;$/gm)?.length);
    });
  });

  describe('ALTER TYPE ... ADD VALUE used in the same transaction', () => {
    const get = withProject(pgEnv, [
      {
        id: R1,
        down: null,
        message: 'enum value without the block',
        upgrade: lines(
          'op.execute("create type mood as enum (\'sad\')");',
          "op.execute('create table feelings (m mood not null)');",
          'op.execute("alter type mood add value \'happy\'");',
          'op.execute("insert into feelings values (\'happy\')");',
        ),
      },
    ]);

    it('is refused by PostgreSQL and rolled back entirely (what the block is for)', async () => {
      const { env, orm } = get();
      const r = orm('upgrade', 'head');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/unsafe use of new value "happy"/);
      expect(r.stderr).toMatch(/it was rolled back: the database is still at <base>/);
      expect(await env.db.query("select 1 from pg_type where typname = 'mood'")).toEqual([]);
    });
  });

  describe('failures', () => {
    const get = withProject(
      pgEnv,
      [
        { id: R1, down: null, message: 'base table', upgrade: lines("op.createTable('items', { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } });") },
        {
          id: R2,
          down: R1,
          message: 'fails inside the block',
          upgrade: lines(
            "op.createTable('before_block', { id: { type: 'integer', primaryKey: true } });",
            'op.autocommitBlock(async () => {',
            "  op.execute('create index concurrently items_name on items (name)');",
            "  op.execute('select * from no_such_table');",
            "  op.execute('create index concurrently never_made on items (id)');",
            '});',
            "op.createTable('after_block', { id: { type: 'integer', primaryKey: true } });",
          ),
        },
      ],
    );

    it('inside an autocommit block: the version row stays at the previous revision, the hint says what stayed', async () => {
      const { env, orm } = get();
      expect(orm('upgrade', R1).status).toBe(0);
      const r = orm('upgrade', 'head');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Revision 2e2e2e2e2e2e \(fails inside the block\) failed during upgrade: relation "no_such_table" does not exist/);
      expect(r.stderr).toMatch(/statement: select \* from no_such_table/);
      expect(r.stderr).toMatch(/the version table is still at 1e1e1e1e1e1e, but what the revision ran outside a transaction .* was not rolled back/);
      expect(await env.db.versionRows()).toEqual([R1]);
      // committed before the block, and run in it before the failure: kept (as Alembic does)
      const tables = await env.db.tables();
      expect(tables).toContain('before_block');
      expect(tables).not.toContain('after_block');
      expect(await env.db.query("select relname from pg_class where relname in ('items_name', 'never_made')")).toEqual([{ relname: 'items_name' }]);
    });
  });

  describe('a failing transaction = false revision', () => {
    const get = withProject(
      pgEnv,
      [
        { id: R1, down: null, message: 'base table', upgrade: lines("op.createTable('items', { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } });") },
        {
          id: R2,
          down: R1,
          message: 'no transaction, fails',
          upgrade: lines("op.execute('create index concurrently items_name on items (name)');", "op.execute('create index concurrently bad on items (no_such_column)');"),
        },
      ],
      [R2],
    );

    it('leaves the version row at the previous revision', async () => {
      const { env, orm } = get();
      const r = orm('upgrade', 'head');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/column "no_such_column" does not exist/);
      expect(r.stderr).toMatch(/not rolled back/);
      expect(await env.db.versionRows()).toEqual([R1]);
      // a failed CREATE INDEX CONCURRENTLY leaves nothing behind here (it failed before building)
      expect(await env.db.query("select relname from pg_class where relname in ('items_name', 'bad') order by 1")).toEqual([{ relname: 'items_name' }]);
    });
  });
});

describe('SQLite: statements that cannot run in a transaction', () => {
  const get = withProject(
    sqliteEnv,
    [
      {
        id: R1,
        down: null,
        message: 'parent and child',
        upgrade: lines(
          "op.createTable('parent', { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } });",
          "op.createTable('child', { id: { type: 'integer', primaryKey: true }, parent_id: { type: 'integer' } }, { foreignKeys: [{ columns: ['parent_id'], refTable: 'parent', refColumns: ['id'], onDelete: 'CASCADE' }] });",
          "op.bulkInsert('parent', [{ id: 1, name: 'p' }]);",
          "op.bulkInsert('child', [{ id: 10, parent_id: 1 }, { id: 11, parent_id: 1 }]);",
        ),
      },
      {
        id: R2,
        down: R1,
        message: 'vacuum and a rebuild in a block',
        upgrade: lines(
          "op.execute('delete from child where id = 11');",
          'await op.autocommitBlock(async () => {',
          "  op.execute('VACUUM');",
          // a rebuild drops and recreates parent: with foreign keys enforced that DROP would cascade to child
          "  op.alterColumn('parent', 'name', { nullable: false });",
          '});',
          "op.bulkInsert('child', [{ id: 12, parent_id: 1 }]);",
        ),
      },
      {
        id: R3,
        down: R2,
        message: 'journal mode',
        upgrade: lines("op.execute('PRAGMA journal_mode = WAL');"),
      },
    ],
    [R3],
  );

  it('VACUUM and a table rebuild in a block, PRAGMA journal_mode in a transaction = false revision', async () => {
    const { env, orm } = get();
    const r = orm('upgrade', 'head');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(await env.db.versionRows()).toEqual([R3]);
    // the rebuild kept the children (foreign keys were off around it) and made name NOT NULL
    expect(await env.db.query('select id, parent_id from child order by id')).toEqual([
      { id: 10, parent_id: 1 },
      { id: 12, parent_id: 1 },
    ]);
    expect(await env.db.query("select \"notnull\" from pragma_table_info('parent') where name = 'name'")).toEqual([{ notnull: 1 }]);
    expect(await env.db.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });
});
