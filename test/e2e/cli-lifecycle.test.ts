/**
 * End to end, as a user: the built `bin/orm` in a temporary project, on SQLite and PostgreSQL:
 * init, three hand-written revisions, upgrade head, current, history, downgrade -1, downgrade base.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runCli } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';

const REV1 = '1a1a1a1a1a1a';
const REV2 = '2b2b2b2b2b2b';
const REV3 = '3c3c3c3c3c3c';

/** Replaces the generated bodies of a revision file with the given ones. */
function fillRevision(file: string, upgrade: string, downgrade: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text
    .replace(/(export async function upgrade\(op: Operations\): Promise<void> \{)[\s\S]*?\n\}/, `$1\n${upgrade}\n}`)
    .replace(/(export async function downgrade\(op: Operations\): Promise<void> \{)[\s\S]*?\n\}/, `$1\n${downgrade}\n}`);
  expect(next).not.toBe(text);
  writeFileSync(file, next);
}

interface Db {
  tables(): Promise<string[]>;
  versionRows(): Promise<string[]>;
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

function sqliteDb(file: string): Db {
  const open = () => new Database(file, { readonly: true });
  const all = (sql: string) => {
    const db = open();
    try {
      return db.prepare(sql).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  };
  return {
    tables: async () => all("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name").map((r) => String(r.name)),
    versionRows: async () => all('select version_num from orm_version order by 1').map((r) => String(r.version_num)),
    query: async (sql) => all(sql),
    close: async () => undefined,
  };
}

function pgDb(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // DROP DATABASE ... WITH (FORCE) at cleanup ends idle connections: not a test failure.
  pool.on('error', () => undefined);
  const all = async (sql: string) => (await pool.query(sql)).rows as Array<Record<string, unknown>>;
  return {
    tables: async () =>
      (await all("select tablename from pg_tables where schemaname = 'public' order by 1")).map((r) => String(r.tablename)),
    versionRows: async () => (await all('select version_num from orm_version order by 1')).map((r) => String(r.version_num)),
    query: all,
    close: () => pool.end(),
  };
}

function lifecycle(name: string, setup: () => Promise<{ url: string; db: Db; dialect: string; cleanup(): Promise<void> }>) {
  describe(`${name}: init, revisions, upgrade, current, history, downgrade`, () => {
    let project: ReturnType<typeof createTempDir>;
    let env: Awaited<ReturnType<typeof setup>>;
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', env.url]);

    beforeAll(async () => {
      project = createTempDir('orm-e2e-');
      env = await setup();
    });
    afterAll(async () => {
      await env.db.close();
      await env.cleanup();
      project.cleanup();
    });

    it('init writes the config and the migrations folder', () => {
      const r = runCli(project.dir, ['init', '--dialect', env.dialect]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('orm.config.ts');
      expect(readFileSync(join(project.dir, 'migrations', 'script.ts.tmpl'), 'utf8')).toContain('export const revision');
    });

    it('writes three revisions, each revising the previous head', () => {
      const messages = ['create users', 'add email to users', 'create posts'];
      const ids = [REV1, REV2, REV3];
      for (let i = 0; i < 3; i++) {
        const r = orm('revision', '-m', messages[i]!, '--rev-id', ids[i]!);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`versions/${ids[i]}_.*\\.ts`));
      }
      const versions = join(project.dir, 'migrations', 'versions');
      const file = (rev: string, slug: string) => join(versions, `${rev}_${slug}.ts`);
      const second = readFileSync(file(REV2, 'add_email_to_users'), 'utf8');
      expect(second).toContain(`export const downRevision: string | string[] | null = '${REV1}';`);
      fillRevision(
        file(REV1, 'create_users'),
        `  op.createTable('users', {
    id: { type: 'integer', primaryKey: true, autoincrement: true },
    name: { type: 'varchar(100)', nullable: false },
  });`,
        `  op.dropTable('users');`,
      );
      fillRevision(
        file(REV2, 'add_email_to_users'),
        `  op.addColumn('users', 'email', { type: 'text' });
  op.createIndex('ix_users_email', 'users', ['email'], { unique: true });`,
        `  op.dropIndex('ix_users_email', { table: 'users' });
  op.dropColumn('users', 'email');`,
      );
      fillRevision(
        file(REV3, 'create_posts'),
        `  op.createTable('posts', {
    id: { type: 'integer', primaryKey: true, autoincrement: true },
    user_id: { type: 'integer', nullable: false },
    title: { type: 'text', nullable: false, default: 'untitled' },
  }, {
    foreignKeys: [{ name: 'fk_posts_user_id_users', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE' }],
  });
  op.bulkInsert('users', [{ id: 1, name: 'ada', email: 'ada@example.com' }]);
  op.bulkInsert('posts', [{ id: 1, user_id: 1, title: 'hello' }]);`,
        `  op.execute('DELETE FROM users');
  op.dropTable('posts');`,
      );
    });

    it('heads and history read the graph without a database', () => {
      const heads = runCli(project.dir, ['heads']);
      expect(heads.status).toBe(0);
      expect(heads.stdout.trim()).toBe(`${REV3} (head)`);
      const history = runCli(project.dir, ['history']);
      expect(history.status).toBe(0);
      expect(history.stdout.trim().split('\n')).toEqual([
        `${REV2} -> ${REV3} (head), create posts`,
        `${REV1} -> ${REV2}, add email to users`,
        `<base> -> ${REV1}, create users`,
      ]);
    });

    it('upgrade head runs the three revisions in order, timing each', async () => {
      const r = orm('upgrade', 'head');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(new RegExp(`^Running upgrade <base> -> ${REV1}, create users \\(\\d+ ms\\)$`));
      expect(lines[1]).toMatch(new RegExp(`^Running upgrade ${REV1} -> ${REV2}, add email to users \\(\\d+ ms\\)$`));
      expect(lines[2]).toMatch(new RegExp(`^Running upgrade ${REV2} -> ${REV3}, create posts \\(\\d+ ms\\)$`));
      expect(await env.db.tables()).toEqual(['orm_version', 'orm_version_log', 'posts', 'users']);
      expect(await env.db.versionRows()).toEqual([REV3]);
      expect(await env.db.query('select title from posts')).toEqual([{ title: 'hello' }]);
    });

    it('upgrade head again has nothing to do', () => {
      const r = orm('upgrade', 'head');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Nothing to do');
    });

    it('current shows the head', () => {
      const r = orm('current');
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(`${REV3} (head)`);
    });

    it('history --indicate-current-like output still lists everything after upgrade', () => {
      const r = orm('history');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`${REV2} -> ${REV3} (head), create posts`);
    });

    it('downgrade -1 reverts the last revision only', async () => {
      const r = orm('downgrade', '-1');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toMatch(new RegExp(`^Running downgrade ${REV3} -> ${REV2}, create posts \\(\\d+ ms\\)$`));
      expect(await env.db.tables()).toEqual(['orm_version', 'orm_version_log', 'users']);
      expect(await env.db.versionRows()).toEqual([REV2]);
      expect(orm('current').stdout.trim()).toBe(REV2);
    });

    it('upgrade +1 and downgrade by partial id', async () => {
      expect(orm('upgrade', '+1').status).toBe(0);
      expect(await env.db.versionRows()).toEqual([REV3]);
      const r = orm('downgrade', REV1.slice(0, 4));
      expect(r.status).toBe(0);
      expect(await env.db.versionRows()).toEqual([REV1]);
      expect(await env.db.tables()).toEqual(['orm_version', 'orm_version_log', 'users']);
    });

    it('downgrade base reverts everything', async () => {
      const r = orm('downgrade', 'base');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Running downgrade ${REV1} -> <base>, create users`);
      expect(await env.db.tables()).toEqual(['orm_version', 'orm_version_log']);
      expect(await env.db.versionRows()).toEqual([]);
      expect(orm('current').stdout.trim()).toBe('');
    });

    it('downgrade below base is refused and changes nothing', async () => {
      const r = orm('downgrade', '-1');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Error: .*/);
      expect(r.stderr).toMatch(/Hint: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(await env.db.versionRows()).toEqual([]);
    });
  });
}

lifecycle('sqlite', async () => {
  const tmp = createTempDir('orm-e2e-db-');
  const file = join(tmp.dir, 'app.db');
  return { url: `sqlite:${file}`, db: sqliteDb(file), dialect: 'sqlite', cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  lifecycle('postgres', async () => {
    const database = await createPgDatabase('orm_e2e');
    return { url: database.url, db: pgDb(database.url), dialect: 'postgres', cleanup: database.drop };
  });
});
