/**
 * Renames without data loss, as a user runs them, on SQLite and PostgreSQL: `renamedFrom` in the
 * models and `--rename` on the command line rename tables and columns (every row kept, the
 * downgrade renames back with the rows); an ambiguous drop + add is asked about on a terminal
 * (answered through a pseudo-terminal made by `script`), and never waited on elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';
import { pgView, sqliteView, type DbView } from '../helpers/e2e-project.js';

const HEADER = `import { defineMetadata, defineTable, index, integer, text, varchar } from 'orm';\n`;

const V1 = `${HEADER}
export const users = defineTable('users', {
  id: integer().primaryKey().autoincrement(),
  name: text().notNull(),
  email: varchar(255),
});
export const posts = defineTable('posts', {
  id: integer().primaryKey().autoincrement(),
  user_id: integer().notNull().references(() => users.columns.id, { onDelete: 'cascade' }),
  title: text().notNull(),
}, (t) => ({ indexes: [index().on(t.title)] }));
export const metadata = defineMetadata({ tables: { users, posts } });
`;

/** v2: users renamed to people and name to full_name (also widened to varchar(200)), by hints. */
const V2 = `${HEADER}
export const people = defineTable('people', {
  id: integer().primaryKey().autoincrement(),
  full_name: varchar(200).notNull().renamedFrom('name'),
  email: varchar(255),
}, { renamedFrom: 'users' });
export const posts = defineTable('posts', {
  id: integer().primaryKey().autoincrement(),
  user_id: integer().notNull().references(() => people.columns.id, { onDelete: 'cascade' }),
  title: text().notNull(),
}, (t) => ({ indexes: [index().on(t.title)] }));
export const metadata = defineMetadata({ tables: { people, posts } });
`;

/** v3: no hints; posts -> articles and people.email -> contact, to be said with --rename. */
const V3 = `${HEADER}
export const people = defineTable('people', {
  id: integer().primaryKey().autoincrement(),
  full_name: varchar(200).notNull(),
  contact: varchar(255),
});
export const articles = defineTable('articles', {
  id: integer().primaryKey().autoincrement(),
  user_id: integer().notNull().references(() => people.columns.id, { onDelete: 'cascade' }),
  title: text().notNull(),
}, (t) => ({ indexes: [index().on(t.title)] }));
export const metadata = defineMetadata({ tables: { people, articles } });
`;

/** v4: people.contact -> mail, left ambiguous (asked on a terminal, warned about elsewhere). */
const V4 = V3.replace('contact: varchar(255)', 'mail: varchar(255)');

const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(Object.values(r).map(String)));

/** Runs `orm ARGS` with stdin a pipe held open (no terminal): resolves when it exits or after `limitMs`. */
function runWithOpenStdin(cwd: string, args: readonly string[], limitMs: number) {
  return new Promise<{ status: number | null; stdout: string; stderr: string; ms: number; killed: boolean }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '', CI: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ status, stdout, stderr, ms: Date.now() - started, killed });
    });
  });
}

const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore' }).status === 0;
const itTty = hasScript ? it : it.skip;
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

/**
 * `orm ARGS` on a pseudo-terminal (`script -qfec`): `answer(output)` is called as output comes
 * and returns what to type, if anything. Killed after `limitMs`.
 */
function runOnTerminal(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, answer: (output: string) => string | null, limitMs = 60_000) {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise<{ status: number | null; output: string; killed: boolean }>((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '', CI: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    const seen = (d: Buffer) => {
      output += d.toString();
      const typed = answer(plain(output));
      if (typed !== null) child.stdin.write(typed);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ status, output: plain(output), killed });
    });
  });
}

function renamesSuite(name: string, setup: () => Promise<{ url: string; view(): DbView; cleanup(): Promise<void> }>) {
  describe(`${name}: renames keep every row`, () => {
    let project: ReturnType<typeof createTempDir>;
    let db: { url: string; view(): DbView; cleanup(): Promise<void> };
    let view: DbView;
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', db.url]);
    const writeModels = (text: string) => writeFileSync(join(project.dir, 'src', 'models.ts'), text);
    const versionsDir = () => join(project.dir, 'migrations', 'versions');
    const file = (rev: string) => readFileSync(join(versionsDir(), readdirSync(versionsDir()).find((f) => f.startsWith(rev))!), 'utf8');
    const removeRevision = (rev: string) => rmSync(join(versionsDir(), readdirSync(versionsDir()).find((f) => f.startsWith(rev))!));
    const ok = (r: ReturnType<typeof orm>) => {
      if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      return r;
    };
    const USERS = ['["1","Ann","ann@example.com"]', '["2","Bob","null"]'];
    const POSTS = ['["1","1","hello"]', '["2","2","world"]'];

    beforeAll(async () => {
      project = createTempDir('orm-renames-');
      db = await setup();
      view = db.view();
      expect(runCli(project.dir, ['init']).status).toBe(0);
      mkdirSync(join(project.dir, 'src'));
    });
    afterAll(async () => {
      await view.close();
      await db.cleanup();
      project.cleanup();
    });

    it('starts with rows in users and posts', async () => {
      writeModels(V1);
      ok(orm('revision', '--autogenerate', '-m', 'initial', '--rev-id', 'r1'));
      ok(orm('upgrade', 'head'));
      await view.exec("insert into users (name, email) values ('Ann', 'ann@example.com')");
      await view.exec("insert into users (name, email) values ('Bob', null)");
      await view.exec("insert into posts (user_id, title) values (1, 'hello')");
      await view.exec("insert into posts (user_id, title) values (2, 'world')");
    });

    it('renames by hint: renameTable and alterColumn newName, every row kept, inert afterwards', async () => {
      writeModels(V2);
      const r = ok(orm('revision', '--autogenerate', '-m', 'hints', '--rev-id', 'r2'));
      expect(r.stdout).toContain('Detected rename table users to people');
      expect(r.stdout).toContain('Detected rename column people.name to full_name');
      expect(r.stdout).not.toMatch(/drop table|drop column|add column|add table/);
      expect(r.stderr).not.toContain('--rename');
      const text = file('r2');
      expect(text).toContain("op.renameTable('users', 'people');");
      expect(text).toContain("op.alterColumn('people', 'name', { newName: 'full_name' });");
      expect(text).toContain("op.alterColumn('people', 'full_name', { newName: 'name' });");
      expect(text).toContain("op.renameTable('people', 'users');");
      ok(orm('upgrade', 'head'));
      expect(sorted(await view.query('select id, full_name, email from people order by id'))).toEqual(USERS);
      expect(sorted(await view.query('select id, user_id, title from posts order by id'))).toEqual(POSTS);
      // the foreign key follows the renamed table
      await view.exec("insert into posts (user_id, title) values (1, 'again')");
      await view.exec('delete from posts where id = 3');
      // the database has the new names now: the hints are inert
      expect(ok(orm('check')).stdout.trim()).toBe('No changes detected.');
      // downgrade renames back, with the rows
      ok(orm('downgrade', '-1'));
      expect(await view.tables()).toEqual(expect.arrayContaining(['users', 'posts']));
      expect(await view.tables()).not.toContain('people');
      expect(sorted(await view.query('select id, name, email from users order by id'))).toEqual(USERS);
      ok(orm('upgrade', 'head'));
    });

    it('check lists rename candidates; --rename turns them into renames that keep every row', async () => {
      writeModels(V3);
      const c = orm('check');
      expect(c.status).toBe(1);
      expect(c.stdout).toContain('Possible renames');
      expect(c.stdout).toContain('table posts -> articles  --rename posts=articles');
      expect(c.stdout).toContain('people.email -> contact  --rename people.email=contact');
      const json = JSON.parse(orm('check', '--json').stdout) as { renameCandidates: Array<{ flag: string }> };
      expect(json.renameCandidates.map((x) => x.flag).sort()).toEqual(['people.email=contact', 'posts=articles']);

      const r = ok(orm('revision', '--autogenerate', '-m', 'flags', '--rev-id', 'r3', '--rename', 'posts=articles', '--rename', 'people.email=contact'));
      expect(r.stdout).toContain('Detected rename table posts to articles');
      expect(r.stdout).toContain('Detected rename column people.email to contact');
      expect(r.stderr).not.toContain('run again with --rename');
      ok(orm('upgrade', 'head'));
      expect(sorted(await view.query('select id, full_name, contact from people order by id'))).toEqual(USERS);
      expect(sorted(await view.query('select id, user_id, title from articles order by id'))).toEqual(POSTS);
      expect(ok(orm('check')).stdout.trim()).toBe('No changes detected.');
      ok(orm('downgrade', '-1'));
      expect(sorted(await view.query('select id, full_name, email from people order by id'))).toEqual(USERS);
      expect(sorted(await view.query('select id, user_id, title from posts order by id'))).toEqual(POSTS);
      ok(orm('upgrade', 'head'));
    });

    it('a --rename that cannot apply is an error, and nothing is written', () => {
      writeModels(V4);
      const before = readdirSync(versionsDir()).length;
      const r = orm('revision', '--autogenerate', '-m', 'bad', '--rename', 'people.nope=mail');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Error: --rename people.nope=mail: table people of the database has no column nope');
      expect(orm('revision', '--autogenerate', '-m', 'bad', '--rename', 'people.contact=ghost').stderr).toContain('table people of the models has no column ghost');
      expect(orm('revision', '-m', 'x', '--rename', 'a=b').status).toBe(2);
      expect(orm('revision', '--autogenerate', '-m', 'x', '--rename', 'a=b=c').status).toBe(2);
      expect(readdirSync(versionsDir())).toHaveLength(before);
    });

    it('without a terminal, an ambiguous drop + add never waits: drop + add, and a warning naming the flag', async () => {
      writeModels(V4);
      const r = await runWithOpenStdin(project.dir, ['revision', '--autogenerate', '-m', 'ambiguous', '--rev-id', 'r4', '--url', db.url], 30_000);
      expect(r.killed).toBe(false);
      expect(r.status).toBe(0);
      expect(r.ms).toBeLessThan(25_000);
      expect(r.stderr).toContain('warning: column people.contact is dropped and mail added');
      expect(r.stderr).toContain('run again with --rename people.contact=mail');
      expect(r.stderr).not.toContain('[y/N]');
      const text = file('r4');
      expect(text).toContain("op.dropColumn('people', 'contact');");
      expect(text).toContain("op.addColumn('people', 'mail'");
      // --json: no question either, the candidates in the document
      removeRevision('r4');
      const j = await runWithOpenStdin(project.dir, ['revision', '--autogenerate', '-m', 'ambiguous', '--rev-id', 'r4', '--json', '--url', db.url], 30_000);
      expect(j.status).toBe(0);
      expect((JSON.parse(j.stdout) as { renameCandidates: Array<{ flag: string }> }).renameCandidates.map((x) => x.flag)).toEqual(['people.contact=mail']);
      removeRevision('r4');
    });

    itTty('on a terminal in CI (CI=true) nothing is asked either', async () => {
      const r = await runOnTerminal(project.dir, ['revision', '--autogenerate', '-m', 'ci', '--rev-id', 'r5', '--url', db.url], { CI: 'true' }, () => null);
      expect(r.killed).toBe(false);
      expect(r.status).toBe(0);
      expect(r.output).not.toContain('[y/N]');
      expect(r.output).toContain('run again with --rename people.contact=mail');
      removeRevision('r5');
    });

    itTty('on a terminal it asks; answered yes, the column is renamed and its rows kept', async () => {
      let answered = false;
      const r = await runOnTerminal(project.dir, ['revision', '--autogenerate', '-m', 'asked', '--rev-id', 'r6', '--url', db.url], {}, (output) => {
        if (answered || !output.includes('rename people.contact -> mail? [y/N]')) return null;
        answered = true;
        return 'y\r';
      });
      expect(r.killed).toBe(false);
      expect(r.status).toBe(0);
      expect(r.output).toContain('rename people.contact -> mail? [y/N]');
      expect(r.output).toContain('Detected rename column people.contact to mail');
      expect(r.output).not.toContain('run again with --rename');
      expect(file('r6')).toContain("op.alterColumn('people', 'contact', { newName: 'mail' });");
      ok(orm('upgrade', 'head'));
      expect(sorted(await view.query('select id, full_name, mail from people order by id'))).toEqual(USERS);
      ok(orm('downgrade', '-1'));
      expect(sorted(await view.query('select id, full_name, contact from people order by id'))).toEqual(USERS);
    });
  });
}

renamesSuite('sqlite', async () => {
  const tmp = createTempDir('orm-renames-db-');
  const file = join(tmp.dir, 'app.db');
  return { url: `sqlite:${file}`, view: () => sqliteView(file), cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  renamesSuite('postgres', async () => {
    const database = await createPgDatabase('orm_renames');
    return { url: database.url, view: () => pgView(database.url), cleanup: database.drop };
  });
});
