/**
 * Offline SQL as a user gets it: the built `orm ... --sql` prints a script without touching any
 * database; the script is then run with `sqlite3` / `psql` on a fresh database, and the tables
 * and version rows it leaves are checked. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { createTempDir, describePg } from '../helpers/databases.js';
import { pgScriptTarget, sqliteScriptTarget, writeProject, type RevisionSpec, type ScriptTarget } from '../helpers/e2e-project.js';

const R1 = 'a1a1a1a1a1a1';
const R2 = 'b2b2b2b2b2b2';
const R3 = 'c3c3c3c3c3c3';

const REVISIONS: RevisionSpec[] = [
  {
    id: R1,
    down: null,
    message: 'create users',
    upgrade: `  op.createTable('users', {
    id: { type: 'integer', primaryKey: true },
    name: { type: 'varchar(100)', nullable: false },
  });`,
    downgrade: `  op.dropTable('users');`,
  },
  {
    id: R2,
    down: R1,
    message: 'add email',
    upgrade: `  op.addColumn('users', 'email', { type: 'text' });
  op.createIndex('ix_users_email', 'users', ['email'], { unique: true });
  op.bulkInsert('users', [{ id: 1, name: "o'hara", email: 'o@example.com' }, { id: 2, name: 'ada', email: null }]);
  if (!op.offline) await op.db.selectFrom('users').selectAll().execute();`,
    downgrade: `  op.dropIndex('ix_users_email', { table: 'users' });
  op.dropColumn('users', 'email');`,
  },
  {
    id: R3,
    down: R2,
    message: 'create posts',
    upgrade: `  op.createTable('posts', {
    id: { type: 'integer', primaryKey: true },
    user_id: { type: 'integer', nullable: false },
    title: { type: 'text', nullable: false, default: 'untitled' },
  }, {
    foreignKeys: [{ name: 'fk_posts_user_id_users', columns: ['user_id'], refTable: 'users', refColumns: ['id'] }],
  });
  op.execute("INSERT INTO posts (id, user_id) VALUES (1, 1) -- a comment at the end");`,
    downgrade: `  op.dropTable('posts');`,
  },
];

type Target = ScriptTarget;

function offlineSuite(name: string, makeTarget: (dir: string) => Promise<Target>) {
  describe(`${name}: --sql scripts run on a fresh database`, () => {
    let project: ReturnType<typeof writeProject>;
    let target: Target;
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', target.url]);
    /** The script of a command, which must succeed and write nothing on stderr. */
    const sql = (...args: string[]) => {
      const r = orm(...args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    };

    beforeAll(() => {
      project = writeProject(REVISIONS);
    });
    afterAll(() => project.cleanup());
    beforeEach(async () => {
      target = await makeTarget(project.dir);
    });
    afterEach(async () => {
      await target.db.close();
      await target.cleanup();
    });

    it('upgrade base:head --sql builds the schema; downgrade head:base --sql removes it', async () => {
      const up = sql('upgrade', 'base:head', '--sql');
      expect(sql('upgrade', 'head', '--sql')).toBe(up);
      expect(up.match(/^BEGIN;$/gm)).toHaveLength(3);
      expect(up.match(/^COMMIT;$/gm)).toHaveLength(3);
      expect(up).toContain(`-- Running upgrade <base> -> ${R1}, create users`);
      expect(up).toContain(`-- Running upgrade ${R2} -> ${R3}, create posts`);
      target.run(up);
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log', 'posts', 'users']);
      expect(await target.db.versionRows()).toEqual([R3]);
      expect(await target.db.query('select id, name, email from users order by id')).toEqual([
        { id: 1, name: "o'hara", email: 'o@example.com' },
        { id: 2, name: 'ada', email: null },
      ]);
      expect(await target.db.query('select title from posts')).toEqual([{ title: 'untitled' }]);

      const down = sql('downgrade', 'head:base', '--sql');
      expect(down).not.toMatch(/create table if not exists "orm_version" /);
      expect(down.indexOf(`-- Running downgrade ${R3} -> ${R2}`)).toBeLessThan(down.indexOf(`-- Running downgrade ${R1} -> <base>`));
      target.run(down);
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log']);
      expect(await target.db.versionRows()).toEqual([]);
    });

    it('a middle range starts from FROM and creates no version table', async () => {
      target.run(sql('upgrade', R1, '--sql'));
      expect(await target.db.versionRows()).toEqual([R1]);

      const middle = sql('upgrade', `${R1.slice(0, 4)}:${R2}`, '--sql');
      expect(middle).not.toMatch(/create table if not exists "orm_version" /);
      expect(middle.match(/^-- Running upgrade/gm)).toEqual(['-- Running upgrade']);
      target.run(middle);
      expect(await target.db.columns('users')).toEqual(['id', 'name', 'email']);
      expect(await target.db.versionRows()).toEqual([R2]);

      target.run(sql('upgrade', `${R2}:+1`, '--sql'));
      expect(await target.db.versionRows()).toEqual([R3]);

      target.run(sql('downgrade', `head:${R1}`, '--sql'));
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log', 'users']);
      expect(await target.db.columns('users')).toEqual(['id', 'name']);
      expect(await target.db.versionRows()).toEqual([R1]);
    });

    it('stamp --sql writes only version rows (and their log rows)', async () => {
      const stamp = sql('stamp', 'head', '--sql');
      expect(stamp.split('\n\n')).toEqual([
        'BEGIN;',
        expect.stringMatching(/^create table if not exists "orm_version" /),
        `-- Stamping <base> -> ${R3}`,
        `insert into "orm_version" ("version_num") values ('${R3}');`,
        expect.stringMatching(/^create table if not exists "orm_version_log" /),
        expect.stringMatching(new RegExp(`^insert into "orm_version_log" .* values \\('${R3}', 'stamp', null, '${R3}', null, '[0-9a-f]{64}', '[^']+'\\);$`)),
        'COMMIT;\n',
      ]);
      target.run(stamp);
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log']);
      expect(await target.db.versionRows()).toEqual([R3]);

      target.run(sql('stamp', `head:${R1}`, '--sql'));
      expect(await target.db.versionRows()).toEqual([R1]);
      target.run(sql('stamp', `${R1}:base`, '--sql'));
      expect(await target.db.versionRows()).toEqual([]);
      // --purge empties whatever the table holds
      await target.db.exec("insert into orm_version values ('feedfeedfeed')");
      target.run(sql('stamp', '--purge', R2, '--sql'));
      expect(await target.db.versionRows()).toEqual([R2]);
    });

    it('transactionPerMigration: false gives one transaction for the whole script', async () => {
      const one = writeProject(REVISIONS, { transactionPerMigration: false });
      try {
        const r = runCli(one.dir, ['upgrade', 'head', '--sql', '--url', target.url]);
        expect(r.status).toBe(0);
        expect(r.stdout.match(/^BEGIN;$/gm)).toHaveLength(1);
        target.run(r.stdout);
        expect(await target.db.versionRows()).toEqual([R3]);
      } finally {
        one.cleanup();
      }
    });
  });
}

offlineSuite('sqlite', () => sqliteScriptTarget('orm-offline'));

describePg('postgres', () => {
  offlineSuite('postgres', (dir) => pgScriptTarget('orm_offline', dir));
});

describe('--sql opens no connection', () => {
  let project: ReturnType<typeof writeProject>;
  beforeAll(() => {
    project = writeProject(REVISIONS);
  });
  afterAll(() => project.cleanup());

  it('a PostgreSQL URL to a closed port still prints the script', () => {
    const url = 'postgres://someone:s3cret@127.0.0.1:1/nowhere';
    for (const args of [['upgrade', 'head', '--sql'], ['downgrade', 'head:base', '--sql'], ['stamp', 'head', '--sql']]) {
      const r = runCli(project.dir, [...args, '--url', url]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^BEGIN;\n[\s\S]*\nCOMMIT;\n$/);
      expect(r.stdout).not.toContain('s3cret');
    }
  });

  it('a listening server sees no connection at all', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await runCliAsync(project.dir, ['upgrade', 'head', '--sql', '--url', `postgres://u@127.0.0.1:${port}/db`]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`-- Running upgrade ${R2} -> ${R3}, create posts`);
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a SQLite URL is not opened: the file is not created', () => {
    const tmp = createTempDir('orm-offline-nofile-');
    try {
      const file = join(tmp.dir, 'never.db');
      const r = runCli(project.dir, ['upgrade', 'head', '--sql', '--url', `sqlite:${file}`]);
      expect(r.status).toBe(0);
      expect(existsSync(file)).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('--sql errors', () => {
  let project: ReturnType<typeof writeProject>;
  afterEach(() => project.cleanup());

  it('downgrade --sql without FROM is bad usage (exit 2)', () => {
    project = writeProject(REVISIONS);
    const r = runCli(project.dir, ['downgrade', 'base', '--sql', '--url', 'sqlite:./x.db']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Error: downgrade --sql needs a range FROM:TO/);
    expect(r.stderr).toMatch(/Hint: .*head:base --sql/);
  });

  it('a range without --sql is bad usage', () => {
    project = writeProject(REVISIONS);
    const r = runCli(project.dir, ['upgrade', 'base:head', '--url', 'sqlite:./x.db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/only for printing SQL/);
    expect(existsSync(join(project.dir, 'x.db'))).toBe(false);
  });

  it('a SQLite rebuild cannot be printed: exit 1, nothing on stdout, what to do instead', () => {
    project = writeProject([
      REVISIONS[0]!,
      { id: R2, down: R1, message: 'name nullable', upgrade: "  op.alterColumn('users', 'name', { nullable: true });" },
    ]);
    const r = runCli(project.dir, ['upgrade', 'head', '--sql', '--url', 'sqlite:./x.db']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Error: --sql upgrade of revision b2b2b2b2b2b2 \(name nullable\): .*table rebuild/);
    expect(r.stderr).toMatch(/Hint: run this migration against the database \(without --sql\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('op.db without an op.offline guard fails with a hint', () => {
    project = writeProject([{ id: R1, down: null, message: 'data', upgrade: "  await op.db.selectFrom('users').selectAll().execute();" }]);
    const r = runCli(project.dir, ['upgrade', 'head', '--sql', '--url', 'postgres://u@127.0.0.1:1/db']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/op\.db .*not available with --sql/);
    expect(r.stderr).toContain('if (!op.offline)');
  });

  it('FROM current needs the database', () => {
    project = writeProject(REVISIONS);
    const r = runCli(project.dir, ['upgrade', 'current:head', '--sql', '--url', 'sqlite:./x.db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'current' needs the database/);
  });
});
