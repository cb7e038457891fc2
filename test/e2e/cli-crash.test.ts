/**
 * Crash safety: `orm upgrade head` killed with SIGKILL (no handler runs, nothing is cleaned up)
 * at several points of a 20-revision upgrade, inside a revision and between revisions, leaves
 * the database at a revision boundary: the version row and the schema agree. The lock the
 * killed process held (a PostgreSQL session lock, a SQLite file lock whose files stay behind)
 * does not block the next run, which finishes the job. On SQLite and PostgreSQL.
 */
import { existsSync } from 'node:fs';
import { sqliteLockFiles } from '../../src/dialects/sqlite/sqlite-migration-lock.js';
import { chainId, expectConsistent, writeChainProject, type ChainDialect } from '../helpers/chain-project.js';
import { killAllCli, sleep, startCli } from '../helpers/cli-process.js';
import { createPgDatabase, createSqliteFile, describePg } from '../helpers/databases.js';
import { pgView, sqliteView, type DbView } from '../helpers/e2e-project.js';

const COUNT = 20;
/** The revision that announces it is inside its transaction, then stalls (with ORM_TEST_STALL=1). */
const STALL_AT = 10;

afterAll(killAllCli);

function crashes(dialect: ChainDialect, setup: () => Promise<{ url: string; db: DbView; lockFiles: string[]; journal?: string; cleanup(): Promise<void> }>) {
  let env: Awaited<ReturnType<typeof setup>>;
  let project: { dir: string; cleanup(): void };
  const upgrade = (extraEnv: NodeJS.ProcessEnv = {}) => startCli(project.dir, ['upgrade', 'head', '--url', env.url, '--lock-timeout', '5'], extraEnv);

  beforeAll(async () => {
    env = await setup();
    project = writeChainProject({ count: COUNT, dialect, slow: (i) => i % 3 === 0, stallAt: STALL_AT });
  });
  afterAll(async () => {
    await killAllCli();
    await env.db.close();
    await env.cleanup();
    project.cleanup();
  });

  it('killed inside a revision (its table created, a statement running): still at the previous revision', async () => {
    const run = upgrade({ ORM_TEST_STALL: '1' });
    await run.waitFor(new RegExp(`inside ${chainId(STALL_AT)}`));
    await sleep(150); // well into the stalling statement
    run.kill();
    const exit = await run.exit;
    expect(exit.signal).toBe('SIGKILL');
    // SQLite: killed with its transaction half-written (a hot journal, rolled back on next open)
    if (env.journal) expect(existsSync(env.journal)).toBe(true);
    expect(await expectConsistent(env.db, COUNT)).toBe(STALL_AT - 1);
    // what the killed process left: SQLite's lock files stay, and must block nobody
    for (const file of env.lockFiles) expect(existsSync(file)).toBe(true);
  });

  it('killed as a revision has just committed (on its progress line): at a boundary', async () => {
    const run = upgrade();
    await run.waitFor(new RegExp(`-> ${chainId(14)}, `));
    run.kill();
    await run.exit;
    const k = await expectConsistent(env.db, COUNT);
    expect(k).toBeGreaterThanOrEqual(14);
    expect(k).toBeLessThan(COUNT);
  });

  it('killed at arbitrary moments: always at a boundary', async () => {
    // Downgrade a little first so there is work left, then kill at a few moments.
    const down = startCli(project.dir, ['downgrade', chainId(11), '--url', env.url]);
    expect((await down.exit).status).toBe(0);
    expect(await expectConsistent(env.db, COUNT)).toBe(11);
    // by time, counted from the first committed revision of the run (start-up time varies)
    for (const delay of [40, 230]) {
      const run = upgrade();
      await run.waitFor(/Running upgrade/);
      await sleep(delay);
      run.kill();
      await run.exit;
      const k = await expectConsistent(env.db, COUNT);
      expect(k).toBeGreaterThan(11);
    }
  });

  it('the next upgrade head finishes the job and exits 0', async () => {
    const run = upgrade();
    const exit = await run.exit;
    if (exit.status !== 0) throw new Error(`rerun failed:\n${exit.stdout}\n${exit.stderr}`);
    expect(await env.db.versionRows()).toEqual([chainId(COUNT)]);
    expect(await expectConsistent(env.db, COUNT)).toBe(COUNT);
  }, 60_000);
}

describe('SQLite: SIGKILL during upgrade head', () => {
  crashes('sqlite', async () => {
    const file = createSqliteFile();
    const lock = sqliteLockFiles(file.url)!;
    return { url: file.url, db: sqliteView(file.file), lockFiles: [lock.lock, lock.holder], journal: `${file.file}-journal`, cleanup: async () => file.cleanup() };
  });
});

describePg('PostgreSQL: SIGKILL during upgrade head', () => {
  crashes('postgres', async () => {
    const database = await createPgDatabase('orm_crash');
    return { url: database.url, db: pgView(database.url), lockFiles: [], cleanup: () => database.drop() };
  });
});
