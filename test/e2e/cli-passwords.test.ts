/**
 * A database password never appears in what the CLI prints (stdout, stderr, `--json`
 * documents, `--verbose` cause chains and stacks, offline scripts), in the files it writes
 * (`pull`'s header) or in the applied-revision log, whether the URL comes from `--url`, the
 * config or DATABASE_URL, with special characters in the password.
 *
 * The rule (src/util/redact.ts): the password of every URL is shown as `***`; besides, a
 * password that is not a plain word is masked wherever it appears (a driver message, a
 * revision's error). A plain word (`postgres`) is masked inside URLs only, so that `postgres://`,
 * user names and `(head)` stay readable: for it the tests look for it in URL position.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runCli, runCliAsync, type CliResult } from '../helpers/cli.js';
import { PG_ADMIN_URL, createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';
import { writeProject, type RevisionSpec } from '../helpers/e2e-project.js';
import { startFakePgAuthServer } from '../helpers/fake-pg-auth-server.js';

interface Password {
  readonly name: string;
  /** The password itself. */
  readonly value: string;
  /** As written in the URL's userinfo. */
  readonly written: string;
  /** A plain word: looked for in URL position only. */
  readonly plainWord: boolean;
}

const PASSWORDS: readonly Password[] = [
  { name: 'reserved characters, percent-encoded', value: 'p@ss:w/rd%20x', written: 'p%40ss%3Aw%2Frd%2520x', plainWord: false },
  { name: 'non-ASCII, as typed', value: 'äö', written: 'äö', plainWord: false },
  { name: 'a quote, as typed', value: "'quote", written: "'quote", plainWord: false },
  { name: 'a raw @ and :, as typed', value: 'pa:ss@word1', written: 'pa:ss@word1', plainWord: false },
  { name: 'a common word', value: 'postgres', written: 'postgres', plainWord: true },
];

/** Every spelling a password could be printed in. */
function spellings(p: Password): string[] {
  const whatwg = new URL(`postgres://u:${p.written}@h/db`).password;
  return [...new Set([p.value, p.written, encodeURIComponent(p.value), whatwg])];
}

function expectNoPassword(text: string, p: Password): void {
  for (const s of spellings(p)) {
    if (p.plainWord) {
      expect(text).not.toContain(`:${s}@`);
      expect(text).not.toContain(`password=${s}`);
    } else {
      expect(text).not.toContain(s);
    }
  }
}

function expectClean(r: CliResult, p: Password): void {
  expectNoPassword(r.stdout, p);
  expectNoPassword(r.stderr, p);
}

/** `--json` output parses and holds no password. */
function expectCleanJson(r: CliResult, p: Password): Record<string, unknown> {
  expectClean(r, p);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const pgTarget = new URL(PG_ADMIN_URL);
const PG_USER = decodeURIComponent(pgTarget.username) || 'postgres';
const PG_HOST = pgTarget.host;

function pgUrl(p: Password, database: string, host = PG_HOST, user = PG_USER): string {
  return `postgres://${user}:${p.written}@${host}/${database}`;
}

const CREATE_T: RevisionSpec = { id: 'aaaa00000001', down: null, message: 'create t', upgrade: "  op.createTable('t', { id: { type: 'integer', primaryKey: true } });", downgrade: "  op.dropTable('t');" };

/** Every text cell of every table of a SQLite file. */
function sqliteCells(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("select name from sqlite_schema where type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    return tables.map((t) => JSON.stringify(db.prepare(`select * from "${t}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

describe('passwords: SQLite projects and offline scripts', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  afterAll(() => dirs.forEach((d) => d.cleanup()));

  describe.each(PASSWORDS)('password with $name', (p) => {
    const DATABASE_URL = pgUrl(p, 'app', '127.0.0.1:1', 'bob');

    it('a failing revision whose error quotes DATABASE_URL (and its stack, with --verbose; --json)', () => {
      // the config's SQLite URL wins; DATABASE_URL is still known to the process
      const project = writeProject(
        [
          CREATE_T,
          { id: 'aaaa00000002', down: 'aaaa00000001', message: 'boom', upgrade: "  throw new Error(`cannot copy from ${process.env.DATABASE_URL}`);" },
        ],
        { url: 'sqlite:./app.db' },
      );
      dirs.push(project);
      for (const extra of [[], ['--verbose'], ['--json'], ['--json', '--verbose']]) {
        const r = runCli(project.dir, ['upgrade', 'head', ...extra], { DATABASE_URL });
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/Revision aaaa00000002 \(boom\) failed during upgrade: cannot copy from postgres:\/\/bob:\*\*\*@127\.0\.0\.1:1\/app/);
        if (extra.includes('--verbose')) expect(r.stderr).toMatch(/^\s+at /m);
        if (extra.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ error: { message: expect.stringContaining('bob:***@') } });
        expectClean(r, p);
      }
      // the log rows of the revision that did run hold no password either
      expectNoPassword(sqliteCells(join(project.dir, 'app.db')), p);
    });

    if (!p.plainWord && [...p.value].length >= 4) {
      it('a revision whose error holds the bare password', () => {
        const project = writeProject(
          [{ id: 'aaaa00000001', down: null, message: 'leaky', upgrade: '  throw new Error(`the password is ${decodeURIComponent(new URL(process.env.DATABASE_URL!).password)}!`);' }],
          { url: 'sqlite:./app.db' },
        );
        dirs.push(project);
        for (const extra of [[], ['--verbose'], ['--json']]) {
          const r = runCli(project.dir, ['upgrade', 'head', ...extra], { DATABASE_URL });
          expect(r.status).toBe(1);
          expect(r.stderr).toContain('the password is ***!');
          expectClean(r, p);
        }
      });
    }

    it('offline scripts (--sql) with the URL from --url, human and --json', () => {
      const project = writeProject([CREATE_T]);
      dirs.push(project);
      const url = pgUrl(p, 'app', 'db.example.com:5432', 'bob');
      for (const args of [
        ['upgrade', 'head', '--sql'],
        ['upgrade', 'head', '--sql', '--json'],
        ['downgrade', 'aaaa00000001:base', '--sql', '--verbose'],
        ['stamp', 'head', '--sql'],
        ['stamp', 'head', '--sql', '--json'],
      ]) {
        const r = runCli(project.dir, [...args, '--url', url]);
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/orm_version/);
        expectClean(r, p);
      }
    });

    it('a config whose URL cannot be reached, and a config that throws with its URL in the message', () => {
      const project = writeProject([CREATE_T], { url: pgUrl(p, 'app', '127.0.0.1:1', 'bob') });
      dirs.push(project);
      for (const extra of [[], ['--verbose'], ['--json']]) {
        const r = runCli(project.dir, ['current', ...extra]);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
        expectClean(r, p);
      }
      // never loaded, so its password was never registered: URL masking alone must catch it
      const throwing = createTempDir('orm-pw-config-');
      dirs.push(throwing);
      writeFileSync(
        join(throwing.dir, 'orm.config.ts'),
        `const url = ${JSON.stringify(pgUrl(p, 'app', 'db.example.com', 'bob'))};\nthrow new Error('cannot use ' + url);\n`,
      );
      for (const extra of [[], ['--verbose'], ['--json', '--verbose']]) {
        const r = runCli(throwing.dir, ['heads', ...extra]);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain('cannot use postgres://bob:***@db.example.com/app');
        expectClean(r, p);
      }
    });

    it('the argument parser echoing a URL', () => {
      const r = runCli(process.cwd(), [pgUrl(p, 'app', 'h', 'bob')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/unknown command 'postgres:\/\/bob:\*\*\*@h\/app'/);
      expectClean(r, p);
    });

    it('an unreachable server, the URL from --url, DATABASE_URL and a ?password= parameter', async () => {
      const project = writeProject([CREATE_T]);
      dirs.push(project);
      const url = pgUrl(p, 'app', '127.0.0.1:1', 'bob');
      const runs = [
        runCli(project.dir, ['upgrade', 'head', '--url', url, '--verbose']),
        runCli(project.dir, ['upgrade', 'head', '--json'], { DATABASE_URL: url }),
        runCli(project.dir, ['current', '--verbose', '--url', `postgres://bob@127.0.0.1:1/app?password=${encodeURIComponent(p.value)}`]),
      ];
      for (const r of runs) {
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
        expectClean(r, p);
      }
    });

    it('a wrong password (the fake server refuses it): --url, DATABASE_URL, config, PGPASSWORD', async () => {
      const server = await startFakePgAuthServer();
      try {
        const url = pgUrl(p, 'app', `127.0.0.1:${server.port}`, 'bob');
        const plain = writeProject([CREATE_T]);
        const configured = writeProject([CREATE_T], { url });
        dirs.push(plain, configured);
        const runs = [
          await runCliAsync(plain.dir, ['current', '--url', url, '--verbose']),
          await runCliAsync(plain.dir, ['upgrade', 'head', '--json', '--verbose'], { DATABASE_URL: url }),
          await runCliAsync(configured.dir, ['history', '--indicate-current', '--verbose']),
          await runCliAsync(plain.dir, ['current', '--verbose', '--url', `postgres://bob@127.0.0.1:${server.port}/app`], { PGPASSWORD: p.value }),
        ];
        // each run sent the right password: the URL was well-formed and the test means something
        expect(server.passwordsSeen).toEqual(runs.map(() => p.value));
        for (const r of runs) {
          expect(r.status).toBe(1);
          expect(r.stderr).toMatch(/password authentication failed for user "bob"/);
          expectClean(r, p);
        }
      } finally {
        await server.close();
      }
    });
  });
});

describePg('passwords: a real PostgreSQL server (trust authentication accepts any password)', () => {
  describe.each(PASSWORDS)('password with $name', (p) => {
    let database: Awaited<ReturnType<typeof createPgDatabase>>;
    beforeAll(async () => {
      database = await createPgDatabase('orm_pw');
    });
    afterAll(async () => {
      await database?.drop();
    });
    const MODELS = `import { defineMetadata, defineTable, integer } from 'orm';\nexport const t = defineTable('t', { id: integer().primaryKey() });\nexport const metadata = defineMetadata({ tables: { t } });\n`;

    it('upgrade, current, history, check, pull, a failing revision, downgrade; the log rows', async () => {
      const url = pgUrl(p, database.name);
      const project = writeProject([
        CREATE_T,
        { id: 'aaaa00000002', down: 'aaaa00000001', message: 'fails', upgrade: "  op.execute('select * from no_such_table');" },
      ]);
      try {
        const modelsDir = join(project.dir, 'src');
        mkdirSync(modelsDir, { recursive: true });
        writeFileSync(join(modelsDir, 'models.ts'), MODELS);
        // the URL from --url for half the passwords, from DATABASE_URL for the others (the config: below)
        const sources = [
          { how: '--url', args: ['--url', url], env: {} },
          { how: 'DATABASE_URL', args: [] as string[], env: { DATABASE_URL: url } },
        ].filter((_, i) => i === PASSWORDS.indexOf(p) % 2);
        for (const { args, env } of sources) {
          const orm = (...a: string[]) => runCli(project.dir, [...a, ...args], env);
          const up = orm('upgrade', 'aaaa00000001', '--verbose');
          expect(up.status).toBe(0);
          expect(up.stdout).toMatch(/Running upgrade <base> -> aaaa00000001/);
          expectClean(up, p);

          const current = orm('current', '--verbose');
          expect(current.status).toBe(0);
          expect(current.stdout).toContain(`Current revision(s) for postgres://${PG_USER}:***@${PG_HOST}/${database.name}:`);
          expect(current.stdout).toContain('Rev: aaaa00000001\n');
          expectClean(current, p);
          const doc = expectCleanJson(orm('current', '--json'), p);
          expect(doc.database).toBe(`postgres://${PG_USER}:***@${PG_HOST}/${database.name}`);

          expectClean(orm('history', '--verbose', '--indicate-current'), p);
          // refused (the database is below the head), with the URL's database in the message path
          const check = orm('check', '--json', '--verbose');
          expect(check.status).toBe(1);
          expect(expectCleanJson(check, p)).toMatchObject({ error: { message: expect.stringMatching(/not at every head/) } });

          const pulled = orm('pull', '--out', 'pulled.ts', '--force');
          expect(pulled.status).toBe(0);
          expectClean(pulled, p);
          const header = readFileSync(join(project.dir, 'pulled.ts'), 'utf8');
          expect(header).toContain(`postgres://${PG_USER}:***@${PG_HOST}/${database.name}`);
          expectNoPassword(header, p);

          for (const extra of [['--verbose'], ['--json', '--verbose']]) {
            const failed = orm('upgrade', 'head', ...extra);
            expect(failed.status).toBe(1);
            expect(failed.stderr).toMatch(/Revision aaaa00000002 \(fails\) failed during upgrade/);
            expect(failed.stderr).toMatch(/no_such_table/);
            expectClean(failed, p);
          }
          const down = orm('downgrade', 'base', '--json');
          expect(down.status).toBe(0);
          expectCleanJson(down, p);
        }

        // every cell of the applied-revision log (if there is one) and the version table
        const client = new pg.Client({ connectionString: PG_ADMIN_URL.replace(/\/[^/?]*(\?.*)?$/, `/${database.name}$1`).replace(/undefined$/, '') });
        await client.connect();
        try {
          const tables = (await client.query("select tablename from pg_tables where schemaname = 'public'")).rows.map((r) => String(r.tablename));
          expect(tables).toContain('orm_version');
          for (const table of tables) expectNoPassword(JSON.stringify((await client.query(`select * from "${table}"`)).rows), p);
        } finally {
          await client.end();
        }
      } finally {
        project.cleanup();
      }
    });

    it('a missing database, from the config', () => {
      const project = writeProject([CREATE_T], { url: pgUrl(p, 'orm_pw_no_such_database') });
      try {
        for (const extra of [[], ['--verbose'], ['--json']]) {
          const r = runCli(project.dir, ['upgrade', 'head', ...extra]);
          expect(r.status).toBe(1);
          expect(r.stderr).toMatch(/database "orm_pw_no_such_database" does not exist/);
          expectClean(r, p);
        }
      } finally {
        project.cleanup();
      }
    });
  });
});

