/**
 * The dialects' migration locks, called directly: exclusion, timeout messages naming the holder,
 * a waiter going ahead as soon as the lock is released, one lock per version table, `:memory:`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import pg from 'pg';
import type { MigrationLock, MigrationLockOptions } from '../../src/dialects/dialect.js';
import { acquirePostgresMigrationLock } from '../../src/dialects/postgres/postgres-migration-lock.js';
import { acquireSqliteMigrationLock, sqliteLockFiles } from '../../src/dialects/sqlite/sqlite-migration-lock.js';
import { createPgDatabase, createSqliteFile, describePg } from '../helpers/databases.js';

const VERSION_TABLE = { table: 'orm_version', schema: null };
const options = (timeoutMs: number, extra: Partial<MigrationLockOptions> = {}): MigrationLockOptions => ({ versionTable: VERSION_TABLE, timeoutMs, ...extra });

type Acquire = (url: string, options: MigrationLockOptions) => Promise<MigrationLock>;

/** The behaviour both locks share. */
function sharedBehaviour(acquire: Acquire, url: () => string, holder: RegExp) {
  it('excludes a second taker; the timeout names the holder; release lets the next one in', async () => {
    const a = await acquire(url(), options(1000));
    try {
      await expect(acquire(url(), options(200))).rejects.toThrow(/Timed out after 0.2 s waiting for the migration lock/);
      await expect(acquire(url(), options(0))).rejects.toThrow(holder);
    } finally {
      await a.release();
    }
    const b = await acquire(url(), options(0));
    await b.release();
    await b.release(); // twice is harmless
  });

  it('a waiter is told who holds the lock and goes ahead as soon as it is released', async () => {
    const a = await acquire(url(), options(1000));
    const waits: string[] = [];
    const started = Date.now();
    setTimeout(() => void a.release(), 300);
    const b = await acquire(url(), options(10_000, { onWait: (h) => waits.push(h) }));
    const waited = Date.now() - started;
    await b.release();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatch(holder);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3000);
  });
}

describe('SQLite migration lock', () => {
  let file: ReturnType<typeof createSqliteFile>;
  beforeEach(() => {
    file = createSqliteFile();
  });
  afterEach(() => file.cleanup());

  sharedBehaviour(acquireSqliteMigrationLock, () => file.url, new RegExp(`process ${process.pid} on host `));

  it('is a lock file beside the database; the holder file says who holds it and goes with the lock', async () => {
    const files = sqliteLockFiles(file.url)!;
    expect(files.lock).toBe(`${file.file}.orm-lock`);
    const a = await acquireSqliteMigrationLock(file.url, options(0));
    const info = JSON.parse(readFileSync(files.holder, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: hostname() });
    await a.release();
    expect(existsSync(files.holder)).toBe(false);
    expect(existsSync(files.lock)).toBe(true); // never deleted: see sqlite-migration-lock.ts
  });

  it('the same database through another path (relative, sqlite:// form) is the same lock', async () => {
    const a = await acquireSqliteMigrationLock(file.url, options(0));
    try {
      const other = `sqlite://${file.file.replace(/^\//, '/./')}`;
      await expect(acquireSqliteMigrationLock(other, options(0))).rejects.toThrow(/Timed out/);
    } finally {
      await a.release();
    }
  });

  it(':memory: takes no lock (no other process can see it)', async () => {
    const a = await acquireSqliteMigrationLock('sqlite::memory:', options(0));
    const b = await acquireSqliteMigrationLock('sqlite::memory:', options(0));
    await a.release();
    await b.release();
  });
});

describePg('PostgreSQL migration lock', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  beforeAll(async () => {
    database = await createPgDatabase('orm_lock_int');
  });
  afterAll(() => database.drop());

  sharedBehaviour(acquirePostgresMigrationLock, () => database.url, /PostgreSQL backend pid \d+ \(application "orm", user \w+, client [\d.:]+\), session started/);

  it('one lock per version table', async () => {
    const a = await acquirePostgresMigrationLock(database.url, options(0));
    try {
      const other = await acquirePostgresMigrationLock(database.url, { versionTable: { table: 'other_version', schema: null }, timeoutMs: 0 });
      await other.release();
      await expect(acquirePostgresMigrationLock(database.url, { versionTable: { table: 'orm_version', schema: 'public' }, timeoutMs: 0 })).rejects.toThrow(/Timed out/);
    } finally {
      await a.release();
    }
  });

  it('the URL or PGAPPNAME names the session; a lost lock session is reported', async () => {
    const lost: string[] = [];
    const url = `${database.url}?application_name=lock-holder-a`;
    const a = await acquirePostgresMigrationLock(url, options(0, { onLost: (m) => lost.push(m) }));
    await expect(acquirePostgresMigrationLock(database.url, options(0))).rejects.toThrow(/application "lock-holder-a"/);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'lock-holder-a'");
    } finally {
      await admin.end();
    }
    for (let i = 0; i < 50 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lost[0]).toMatch(/connection holding the migration lock was lost/);
    // the server released it with the session
    const b = await acquirePostgresMigrationLock(database.url, options(0));
    await b.release();
    await a.release();
  });
});
