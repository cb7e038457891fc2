/**
 * Bad input gets one clear message with a hint, exit status 1, no stack trace, and leaves the
 * database as it was.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expectUserError, runCli, runCliAsync } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';
import { startFakePgAuthServer } from '../helpers/fake-pg-auth-server.js';

const CONFIG = `import { defineConfig } from 'orm';\nexport default defineConfig({ url: 'sqlite:./app.db' });\n`;

function revisionFile(rev: string, down: string | null, body = "  op.createTable('t_" + rev.slice(0, 4) + "', { id: { type: 'integer', primaryKey: true } });"): string {
  return `/**
 * rev ${rev}
 *
 * Revision ID: ${rev}
 * Revises: ${down ?? ''}
 * Create Date: 2026-11-21 10:00:00
 */
import type { Operations } from 'orm';

export const revision = '${rev}';
export const downRevision: string | string[] | null = ${down === null ? 'null' : `'${down}'`};
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
${body}
}

export async function downgrade(op: Operations): Promise<void> {
  op.dropTable('t_${rev.slice(0, 4)}');
}
`;
}

/** A project with a config and the given revision files. */
function project(files: Record<string, string>, config = CONFIG) {
  const tmp = createTempDir('orm-err-');
  writeFileSync(join(tmp.dir, 'orm.config.ts'), config);
  mkdirSync(join(tmp.dir, 'migrations', 'versions'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp.dir, 'migrations', 'versions', name), text);
  return tmp;
}

function sqliteTables(dir: string): string[] {
  const file = join(dir, 'app.db');
  if (!readdirSync(dir).includes('app.db')) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("select name from sqlite_schema where type='table' and name not like 'sqlite_%' order by 1").all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('bad input', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  const make = (files: Record<string, string>, config?: string) => {
    const p = project(files, config);
    dirs.push(p);
    return p.dir;
  };
  afterAll(() => dirs.forEach((d) => d.cleanup()));

  it('no config file', () => {
    const tmp = createTempDir('orm-err-');
    dirs.push(tmp);
    expectUserError(runCli(tmp.dir, ['current']), /No config file found/);
  });

  it('a config that throws', () => {
    const dir = make({}, `throw new Error('config exploded');\n`);
    const r = runCli(dir, ['current']);
    expectUserError(r, /config exploded/);
  });

  it('a config with a syntax error names file and line', () => {
    const dir = make({}, `export default {\n  url: 'sqlite:./a.db'\n  models: 1,\n};\n`);
    expectUserError(runCli(dir, ['heads']), /orm\.config\.ts:3:\d+/);
  });

  it('an unknown dialect in the URL', () => {
    const dir = make({});
    expectUserError(runCli(dir, ['current', '--url', 'oracle://scott:tiger@db/x']), /Unknown database URL scheme/);
  });

  it('an unknown dialect never prints the password', () => {
    const dir = make({});
    const r = runCli(dir, ['current', '--url', 'oracle://scott:tiger-secret@db/x']);
    expect(r.stderr + r.stdout).not.toContain('tiger-secret');
  });

  it('a SQLite file in a folder that does not exist', () => {
    const dir = make({});
    expectUserError(runCli(dir, ['current', '--url', 'sqlite:./no/such/dir/app.db']), /no[/]such[/]dir|directory/i);
  });

  it('an unreachable PostgreSQL server, password never printed', () => {
    const dir = make({});
    const r = runCli(dir, ['current', '--url', 'postgres://bob:p%40ss:w0rd-secret@127.0.0.1:1/app']);
    expectUserError(r, /127\.0\.0\.1:1/);
    expect(r.stderr + r.stdout).not.toMatch(/p%40ss|p@ss|w0rd-secret/);
  });

  it('a wrong password: a clear message, the password never printed', async () => {
    const server = await startFakePgAuthServer();
    try {
      const dir = make({});
      const password = 'Sup3r:s/cr@t%pw';
      const url = `postgres://bob:${encodeURIComponent(password)}@127.0.0.1:${server.port}/app`;
      // spawnSync would block the fake server's event loop: run the CLI asynchronously.
      const r = await runCliAsync(dir, ['current', '--url', url]);
      expectUserError(r, /password authentication failed for user "bob"/);
      expect(server.passwordsSeen).toEqual([password]);
      for (const form of [password, encodeURIComponent(password), 's/cr@t', 'Sup3r']) {
        expect(r.stderr + r.stdout).not.toContain(form);
      }
    } finally {
      await server.close();
    }
  });

  it('a revision file with a syntax error names file and line, and nothing runs', () => {
    const broken = revisionFile('aaaaaaaaaaa2', 'aaaaaaaaaaa1', "  op.createTable('x', { id: { type: 'integer' } }\n  oops here;");
    const dir = make({ 'aaaaaaaaaaa1_one.ts': revisionFile('aaaaaaaaaaa1', null), 'aaaaaaaaaaa2_two.ts': broken });
    const r = runCli(dir, ['upgrade', 'head']);
    expectUserError(r, /aaaaaaaaaaa2_two\.ts:\d+:\d+/);
    expect(sqliteTables(dir)).toEqual([]);
  });

  it('two files with the same revision id', () => {
    const dir = make({ 'aaaaaaaaaaa1_one.ts': revisionFile('aaaaaaaaaaa1', null), 'aaaaaaaaaaa1_copy.ts': revisionFile('aaaaaaaaaaa1', null) });
    const r = runCli(dir, ['heads']);
    expectUserError(r, /aaaaaaaaaaa1/);
    expect(r.stderr).toMatch(/aaaaaaaaaaa1_one\.ts/);
    expect(r.stderr).toMatch(/aaaaaaaaaaa1_copy\.ts/);
  });

  it('a downRevision that names no file', () => {
    const dir = make({ 'aaaaaaaaaaa2_two.ts': revisionFile('aaaaaaaaaaa2', 'ffffffffffff') });
    expectUserError(runCli(dir, ['history']), /ffffffffffff/);
  });

  it('a cycle', () => {
    const dir = make({
      'aaaaaaaaaaa1_one.ts': revisionFile('aaaaaaaaaaa1', 'aaaaaaaaaaa2'),
      'aaaaaaaaaaa2_two.ts': revisionFile('aaaaaaaaaaa2', 'aaaaaaaaaaa1'),
    });
    expectUserError(runCli(dir, ['upgrade', 'head']), /cycle/i);
    expect(sqliteTables(dir)).toEqual([]);
  });

  it('upgrade to an unknown id', () => {
    const dir = make({ 'aaaaaaaaaaa1_one.ts': revisionFile('aaaaaaaaaaa1', null) });
    expectUserError(runCli(dir, ['upgrade', 'beef']), /beef/);
    expect(sqliteTables(dir)).toEqual([]);
  });

  it('upgrade to an ambiguous partial id lists the candidates', () => {
    const dir = make({
      'abc000000001_one.ts': revisionFile('abc000000001', null),
      'abc000000002_two.ts': revisionFile('abc000000002', 'abc000000001'),
    });
    const r = runCli(dir, ['upgrade', 'abc']);
    expectUserError(r, /abc000000001/);
    expect(r.stderr).toMatch(/abc000000002/);
    expect(sqliteTables(dir)).toEqual([]);
  });

  it('a revision that fails halfway leaves the database exactly as before', () => {
    const failing = revisionFile(
      'aaaaaaaaaaa2',
      'aaaaaaaaaaa1',
      "  op.createTable('half', { id: { type: 'integer', primaryKey: true } });\n  op.execute('INSERT INTO no_such_table VALUES (1)');",
    );
    const dir = make({ 'aaaaaaaaaaa1_one.ts': revisionFile('aaaaaaaaaaa1', null), 'aaaaaaaaaaa2_two.ts': failing });
    const r = runCli(dir, ['upgrade', 'head']);
    expectUserError(r, /aaaaaaaaaaa2/);
    expect(r.stderr).toMatch(/no_such_table/);
    expect(r.stdout).toMatch(/Running upgrade <base> -> aaaaaaaaaaa1/);
    expect(sqliteTables(dir)).toEqual(['orm_version', 'orm_version_log', 't_aaaa']);
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    expect(db.prepare('select version_num from orm_version').all()).toEqual([{ version_num: 'aaaaaaaaaaa1' }]);
    db.close();
  });

  it('init into a non-empty folder', () => {
    const tmp = createTempDir('orm-err-');
    dirs.push(tmp);
    mkdirSync(join(tmp.dir, 'migrations'));
    writeFileSync(join(tmp.dir, 'migrations', 'keep.txt'), 'x');
    expectUserError(runCli(tmp.dir, ['init']), /not empty/);
    expect(readdirSync(tmp.dir)).toEqual(['migrations']);
  });

  it('--verbose adds the stack', () => {
    const dir = make({});
    const r = runCli(dir, ['current', '--url', 'oracle://x/y', '--verbose']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it('bad usage exits 2', () => {
    const dir = make({});
    expect(runCli(dir, ['revision']).status).toBe(2);
    expect(runCli(dir, ['no-such-command']).status).toBe(2);
  });
});

describePg('bad input on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  const dirs: Array<{ cleanup(): void }> = [];
  beforeAll(async () => {
    database = await createPgDatabase('orm_err');
  });
  afterAll(async () => {
    dirs.forEach((d) => d.cleanup());
    await database.drop();
  });

  it('a database that does not exist', () => {
    const p = project({});
    dirs.push(p);
    const url = database.url.replace(/\/[^/]*$/, '/orm_no_such_db');
    expectUserError(runCli(p.dir, ['current', '--url', url]), /orm_no_such_db/);
  });

  it('a revision that fails halfway leaves the database exactly as before', async () => {
    const failing = revisionFile(
      'aaaaaaaaaaa2',
      'aaaaaaaaaaa1',
      "  op.createTable('half', { id: { type: 'integer', primaryKey: true } });\n  op.addColumn('t_aaaa', 'x', { type: 'integer' });\n  op.execute('INSERT INTO no_such_table VALUES (1)');",
    );
    const p = project({ 'aaaaaaaaaaa1_one.ts': revisionFile('aaaaaaaaaaa1', null), 'aaaaaaaaaaa2_two.ts': failing });
    dirs.push(p);
    const r = runCli(p.dir, ['upgrade', 'head', '--url', database.url]);
    expectUserError(r, /no_such_table/);
    expect(r.stderr).toMatch(/statement: INSERT INTO no_such_table/);
    const pgmod = await import('pg');
    const client = new pgmod.default.Client({ connectionString: database.url });
    await client.connect();
    try {
      const tables = await client.query("select tablename from pg_tables where schemaname='public' order by 1");
      expect(tables.rows.map((r: { tablename: string }) => r.tablename)).toEqual(['orm_version', 'orm_version_log', 't_aaaa']);
      const cols = await client.query("select column_name from information_schema.columns where table_name='t_aaaa' order by 1");
      expect(cols.rows.map((r: { column_name: string }) => r.column_name)).toEqual(['id']);
      const rows = await client.query('select version_num from orm_version');
      expect(rows.rows).toEqual([{ version_num: 'aaaaaaaaaaa1' }]);
    } finally {
      await client.end();
    }
  });
});
