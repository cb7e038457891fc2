/**
 * Eight `orm upgrade head` processes started at once against one database with 20 pending
 * revisions (CI jobs, every replica's start-up script): the migration lock makes them take
 * turns, and each re-reads the version table once it holds the lock, so every revision runs
 * exactly once and every process exits 0. On PostgreSQL and on one SQLite file.
 */
import { chainId, expectConsistent, writeChainProject, type ChainDialect } from '../helpers/chain-project.js';
import { killAllCli, startCli } from '../helpers/cli-process.js';
import { createPgDatabase, createSqliteFile, describePg } from '../helpers/databases.js';
import { pgView, sqliteView, type DbView } from '../helpers/e2e-project.js';

const COUNT = 20;
const RUNNERS = 8;

afterAll(killAllCli);

function concurrentRunners(dialect: ChainDialect, setup: () => Promise<{ url: string; db: DbView; cleanup(): Promise<void> }>) {
  let env: Awaited<ReturnType<typeof setup>>;
  let project: { dir: string; cleanup(): void };

  beforeAll(async () => {
    env = await setup();
    // a few slow revisions, so the runners really overlap
    project = writeChainProject({ count: COUNT, dialect, slow: (i) => i % 5 === 0 });
  });
  afterAll(async () => {
    await killAllCli();
    await env.db.close();
    await env.cleanup();
    project.cleanup();
  });

  it(`${RUNNERS} runners at once: all exit 0, each of ${COUNT} revisions runs exactly once`, async () => {
    const runners = Array.from({ length: RUNNERS }, () => startCli(project.dir, ['upgrade', 'head', '--url', env.url], {}, 100_000));
    const exits = await Promise.all(runners.map((r) => r.exit));
    for (const exit of exits) {
      if (exit.status !== 0) throw new Error(`a runner failed (${exit.status ?? exit.signal}):\nstdout: ${exit.stdout}\nstderr: ${exit.stderr}`);
    }
    // Across all runners, each revision was reported as run once.
    const progress = exits.flatMap((e) => e.stdout.split('\n').filter((l) => l.startsWith('Running upgrade')));
    expect(progress).toHaveLength(COUNT);
    for (let i = 1; i <= COUNT; i++) expect(progress.filter((l) => l.includes(`-> ${chainId(i)},`))).toHaveLength(1);
    // The runners that came later found nothing, or the rest, to do.
    expect(exits.filter((e) => /Nothing to do/.test(e.stdout)).length).toBeGreaterThanOrEqual(1);

    expect(await env.db.versionRows()).toEqual([chainId(COUNT)]);
    expect(await expectConsistent(env.db, COUNT)).toBe(COUNT);
    const counts = await env.db.query('select rev, count(*) as n from ran group by rev order by rev');
    expect(counts.map((r) => [String(r.rev), Number(r.n)])).toEqual(Array.from({ length: COUNT }, (_, i) => [chainId(i + 1), 1]));
    // The applied-revision log, where this version writes one: one `up` row per revision.
    if ((await env.db.tables()).includes('orm_version_log')) {
      const log = await env.db.query("select revision from orm_version_log where direction = 'up' order by id");
      expect(log.map((r) => String(r.revision))).toEqual(Array.from({ length: COUNT }, (_, i) => chainId(i + 1)));
    }
  }, 120_000);
}

describe('SQLite: concurrent upgrade head on one file', () => {
  concurrentRunners('sqlite', async () => {
    const file = createSqliteFile();
    return { url: file.url, db: sqliteView(file.file), cleanup: async () => file.cleanup() };
  });
});

describePg('PostgreSQL: concurrent upgrade head on one database', () => {
  concurrentRunners('postgres', async () => {
    const database = await createPgDatabase('orm_concurrency');
    const db = pgView(database.url);
    return { url: database.url, db, cleanup: () => database.drop() };
  });
});
