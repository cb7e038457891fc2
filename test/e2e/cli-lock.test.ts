/**
 * The migration lock, as a user meets it: a run that finds the lock held waits and then finds
 * nothing left to do; `--lock-timeout` ends the wait with exit 1 and a message naming the holder;
 * stamp takes the lock too, `--sql` takes none; a SQLite lock left by a dead process blocks
 * nobody. On SQLite and PostgreSQL.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import pg from 'pg';
import { postgresLockKey } from '../../src/dialects/postgres/postgres-migration-lock.js';
import { sqliteLockFiles } from '../../src/dialects/sqlite/sqlite-migration-lock.js';
import { runCli } from '../helpers/cli.js';
import { killAllCli, startCli } from '../helpers/cli-process.js';
import { createPgDatabase, createSqliteFile, describePg } from '../helpers/databases.js';
import { pgView, sqliteView, writeProject, type DbView, type RevisionSpec } from '../helpers/e2e-project.js';

const REV1 = 'a1a1a1a1a1a1';
const REV2 = 'b2b2b2b2b2b2';

/** Two revisions; the second holds its transaction (and so the lock) for ORM_TEST_HOLD_MS. */
const REVISIONS: RevisionSpec[] = [
  { id: REV1, down: null, message: 'first', upgrade: "  op.createTable('first', { id: { type: 'integer', primaryKey: true } });", downgrade: "  op.dropTable('first');" },
  {
    id: REV2,
    down: REV1,
    message: 'second',
    upgrade: [
      "  await op.createTable('second', { id: { type: 'integer', primaryKey: true } });",
      "  console.log('holding the lock');",
      '  await new Promise((resolve) => setTimeout(resolve, Number(process.env.ORM_TEST_HOLD_MS ?? 0)));',
    ].join('\n'),
    downgrade: "  op.dropTable('second');",
  },
];

afterAll(killAllCli);

interface LockEnv {
  readonly url: string;
  readonly db: DbView;
  /** How the waiting runner's messages name a holder that is the orm process `pid`. */
  holderPattern(pid: number): RegExp;
  cleanup(): Promise<void>;
}

function lockSuite(setup: () => Promise<LockEnv>, extra: (get: () => { env: LockEnv; dir: string }) => void) {
  let env: LockEnv;
  let project: { dir: string; cleanup(): void };
  const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', env.url]);
  const holder = (holdMs: number) => startCli(project.dir, ['upgrade', 'head', '--url', env.url], { ORM_TEST_HOLD_MS: String(holdMs) });

  beforeAll(async () => {
    env = await setup();
    project = writeProject(REVISIONS);
  });
  beforeEach(() => {
    expect(orm('downgrade', 'base').status).toBe(0);
  });
  afterAll(async () => {
    await killAllCli();
    await env.db.close();
    await env.cleanup();
    project.cleanup();
  });

  it('a second run waits for the lock, then reads the version table again and finds nothing to do', async () => {
    const first = holder(2000);
    await first.waitFor(/holding the lock/);
    const second = startCli(project.dir, ['upgrade', 'head', '--url', env.url]);
    await second.waitFor(/Waiting up to 600 s for the migration lock/);
    const [a, b] = await Promise.all([first.exit, second.exit]);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(env.holderPattern(first.pid));
    expect(b.stdout).toContain('Nothing to do');
    expect(b.stdout).not.toContain('Running upgrade');
    expect(await env.db.versionRows()).toEqual([REV2]);
  }, 30_000);

  it('--lock-timeout ends the wait with exit 1 and names the holder; stamp waits too, --sql does not', async () => {
    const first = holder(6000);
    await first.waitFor(/holding the lock/);

    const started = Date.now();
    const timedOut = orm('upgrade', 'head', '--lock-timeout', '1');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(timedOut.status).toBe(1);
    expect(timedOut.stderr).toMatch(/Error: Timed out after 1 s waiting for the migration lock of .*: it is held by /);
    expect(timedOut.stderr).toMatch(env.holderPattern(first.pid));
    expect(timedOut.stderr).toMatch(/Hint: another orm upgrade, downgrade or stamp is running on this database/);
    expect(timedOut.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const stamped = orm('stamp', 'head', '--lock-timeout', '0.5');
    expect(stamped.status).toBe(1);
    expect(stamped.stderr).toMatch(/Timed out after 0.5 s waiting for the migration lock/);

    const down = orm('downgrade', 'base', '--lock-timeout', '0');
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/Timed out after 0 s waiting for the migration lock/);

    const offline = orm('upgrade', 'head', '--sql');
    expect(offline.status).toBe(0);
    expect(offline.stdout).toContain('second');

    expect((await first.exit).status).toBe(0);
    expect(await env.db.versionRows()).toEqual([REV2]);
  }, 30_000);

  it('--lock-timeout takes a number of seconds', () => {
    const r = orm('upgrade', 'head', '--lock-timeout', 'soon');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--lock-timeout/);
  });

  extra(() => ({ env, dir: project.dir }));
}

describe('SQLite: the migration lock', () => {
  let file: ReturnType<typeof createSqliteFile>;
  lockSuite(
    async () => {
      file = createSqliteFile();
      return {
        url: file.url,
        db: sqliteView(file.file),
        holderPattern: (pid) => new RegExp(`held by process ${pid} on host ${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(since \\d{4}-`),
        cleanup: async () => file.cleanup(),
      };
    },
    (get) => {
      it('lock files left by a process that died block nobody; a finished run removes its holder file', () => {
        const { env, dir } = get();
        const files = sqliteLockFiles(env.url)!;
        // what a SIGKILLed run leaves: the lock file and its holder file, naming a pid now gone
        writeFileSync(files.lock, '');
        writeFileSync(files.holder, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2020-01-01T00:00:00.000Z', token: 'dead' }));
        const r = runCli(dir, ['upgrade', 'head', '--url', env.url, '--lock-timeout', '0']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(existsSync(files.lock)).toBe(true);
        expect(existsSync(files.holder)).toBe(false);
      });
    },
  );
});

describePg('PostgreSQL: the migration lock', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  lockSuite(
    async () => {
      database = await createPgDatabase('orm_lock');
      return {
        url: database.url,
        db: pgView(database.url),
        // the backend pid is the server's, not the orm process's: the session is named by its application
        holderPattern: () => /held by PostgreSQL backend pid \d+ \(application "orm", user \w+, client (127\.0\.0\.1|::1):\d+\), session started \d{4}-/,
        cleanup: () => database.drop(),
      };
    },
    (get) => {
      it('a lock held by some other session (a deploy script) is named by its pid and application_name', async () => {
        const { env } = get();
        const other = new pg.Client({ connectionString: env.url, application_name: 'deploy-script' });
        await other.connect();
        try {
          const where = await other.query<{ db: string; schema: string; pid: number }>('select current_database() as db, current_schema() as schema, pg_backend_pid() as pid');
          const { db, schema, pid } = where.rows[0]!;
          await other.query('select pg_advisory_lock($1::bigint)', [postgresLockKey(db, schema, 'orm_version').toString()]);
          const r = runCli(get().dir, ['upgrade', 'head', '--url', env.url, '--lock-timeout', '1']);
          expect(r.status).toBe(1);
          expect(r.stderr).toContain(`held by PostgreSQL backend pid ${pid} (application "deploy-script"`);
          expect(r.stderr).toContain(`SELECT pg_terminate_backend(${pid})`);
          // another version table is another lock
          const elsewhere = runCli(get().dir, ['stamp', 'head', '--url', env.url, '--lock-timeout', '0', '-c', writeOtherConfig(get().dir)]);
          expect(elsewhere.stderr).toBe('');
          expect(elsewhere.status).toBe(0);
        } finally {
          await other.end();
        }
        // released: the next run goes ahead
        expect(runCli(get().dir, ['upgrade', 'head', '--url', env.url, '--lock-timeout', '5']).status).toBe(0);
        await env.db.exec('drop table if exists other_version, other_version_log');
      });
    },
  );
});

/** A config like the project's, with another version table. */
function writeOtherConfig(dir: string): string {
  const file = `${dir}/other.config.json`;
  writeFileSync(file, JSON.stringify({ migrations: './migrations', versionTable: 'other_version' }));
  return file;
}
