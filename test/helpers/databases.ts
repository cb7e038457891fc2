/**
 * Real databases for tests. PostgreSQL tests each get a database of their own, dropped
 * afterwards; SQLite tests get a real file in a temporary directory.
 *
 * Without a PostgreSQL server, PostgreSQL suites skip with a loud message, except in CI
 * (CI=true), where they fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.ORM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres();
if (pgProblem !== null) {
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL is required in CI but unreachable at ${PG_ADMIN_URL}: ${pgProblem}`);
  }
  console.warn(
    `\n*** PostgreSQL unreachable at ${PG_ADMIN_URL} (${pgProblem}): PostgreSQL tests are SKIPPED. ***\n` +
      '*** Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ***\n',
  );
}

/** `describe` when PostgreSQL is reachable, `describe.skip` (loudly) otherwise. */
export const describePg: typeof describe = pgProblem === null ? describe : (describe.skip as typeof describe);

/** A fresh PostgreSQL database; `drop()` removes it (terminating leftover sessions). */
export async function createPgDatabase(prefix = 'orm_test'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = PG_ADMIN_URL.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`).replace(/undefined$/, '');
  return {
    url,
    name,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A temporary directory, removed by `cleanup()`. */
export function createTempDir(prefix = 'orm-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A SQLite URL for a new file in a temporary directory. */
export function createSqliteFile(): { url: string; file: string; cleanup(): void } {
  const tmp = createTempDir('orm-sqlite-');
  const file = join(tmp.dir, 'test.db');
  return { url: `sqlite:${file}`, file, cleanup: tmp.cleanup };
}

/**
 * Matches a rejection by its message. better-sqlite3's native addon keeps the error class of the
 * first test file that loaded it in a jest worker, so in later files its errors come from another
 * realm and `rejects.toThrow()` does not see them as errors: match the message instead.
 */
export function rejectionMatching(pattern: RegExp): { message: unknown } {
  return { message: expect.stringMatching(pattern) };
}
