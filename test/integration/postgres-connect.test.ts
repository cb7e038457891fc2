import { sql } from 'kysely';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { UserError } from '../../src/util/errors.js';
import { createPgDatabase, describePg } from '../helpers/databases.js';
import { startFakePgAuthServer } from '../helpers/fake-pg-auth-server.js';

const dialect = createPostgresDialect();
const PASSWORD = 'p@ss:w/rd%';
const ENCODED = encodeURIComponent(PASSWORD);

/** Connects, expecting a UserError; checks that no form of the password is in it. */
async function connectError(url: string): Promise<UserError> {
  let caught: unknown;
  try {
    const conn = await dialect.connect(url);
    await conn.close();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UserError);
  const err = caught as UserError;
  const text = `${err.message}\n${err.hint}\n${(err.cause as Error | undefined)?.message ?? ''}`;
  for (const form of [PASSWORD, ENCODED, 'p@ss', 'w/rd', 'ss%3Aw']) expect(text).not.toContain(form);
  return err;
}

describe('PostgreSQL connect errors without a server', () => {
  it('an unreachable port names host:port, hints at starting the server, hides the password', async () => {
    const err = await connectError(`postgres://bob:${ENCODED}@127.0.0.1:1/app`);
    expect(err.message).toBe('Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused)');
    expect(err.hint).toMatch(/start the PostgreSQL server/);
  });

  it('an unknown host', async () => {
    const err = await connectError(`postgresql://bob:${ENCODED}@no-such-host.invalid:5432/app`);
    expect(err.message).toMatch(/^Cannot reach PostgreSQL at no-such-host\.invalid:5432 \(host no-such-host\.invalid not found\)$/);
  });

  it('a wrong password (refused by a server speaking the wire protocol) says so, password as ***', async () => {
    // The local PostgreSQL trusts every connection (pg_hba.conf: trust), so a real server can
    // never refuse a password here; this stand-in answers the cleartext password exchange
    // with SQLSTATE 28P01 exactly as PostgreSQL does.
    const server = await startFakePgAuthServer();
    try {
      const err = await connectError(`postgres://bob:${ENCODED}@127.0.0.1:${server.port}/app`);
      expect(server.passwordsSeen).toEqual([PASSWORD]);
      expect(err.message).toBe(`PostgreSQL password authentication failed for user "bob" at 127.0.0.1:${server.port}`);
      expect(err.hint).toBe(`check the user name and password in the database URL (postgres://bob:***@127.0.0.1:${server.port}/app)`);
    } finally {
      await server.close();
    }
  });

  it('an unparsable URL is refused without echoing it', async () => {
    const err = await connectError(`postgres://bob:${PASSWORD}@@127.0.0.1:notaport/app`);
    expect(err.message).toBe('Invalid PostgreSQL URL');
  });
});

describePg('PostgreSQL connect on the real server', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  beforeAll(async () => {
    database = await createPgDatabase('orm_pg_conn');
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** The test database's URL with a password inserted (trust auth ignores it). */
  const withPassword = (url: string) => url.replace(/^(postgres(?:ql)?:\/\/[^:@/]+)@/, `$1:${ENCODED}@`);

  it('a database that does not exist: hint createdb NAME, password hidden', async () => {
    const url = withPassword(database.url).replace(/\/[^/?]+(\?|$)/, '/orm_no_such_db$1');
    expect(url).toContain(ENCODED);
    const err = await connectError(url);
    expect(err.message).toMatch(/^PostgreSQL database "orm_no_such_db" does not exist at 127\.0\.0\.1:5432$/);
    expect(err.hint).toMatch(/^create it first: createdb .* orm_no_such_db$/);
  });

  it('connects with postgres:// and postgresql://, query parameters passed through', async () => {
    for (const url of [database.url, `${database.url.replace(/^postgres:/, 'postgresql:')}?sslmode=disable&application_name=orm_test`]) {
      const conn = await dialect.connect(url);
      try {
        const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(conn.db);
        expect(rows).toEqual([{ db: database.name }]);
      } finally {
        await conn.close();
      }
    }
  });

  it('keeps one session: settings and temporary tables survive between queries', async () => {
    const conn = await dialect.connect(database.url);
    try {
      await sql`set search_path to pg_catalog`.execute(conn.db);
      await sql`create temporary table scratch (a int)`.execute(conn.db);
      const pid = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn.db);
      const again = await sql<{ pid: number; path: string }>`select pg_backend_pid() as pid, current_setting('search_path') as path`.execute(conn.db);
      expect(again.rows[0]).toEqual({ pid: pid.rows[0]!.pid, path: 'pg_catalog' });
      await conn.db.transaction().execute(async (trx) => {
        await sql`insert into scratch values (1)`.execute(trx);
      });
      expect((await sql<{ n: number }>`select count(*)::int as n from scratch`.execute(conn.db)).rows).toEqual([{ n: 1 }]);
    } finally {
      await conn.close();
    }
  });
});
