import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Connection, ConnectOptions } from '../dialect.js';
import { parsePostgresTarget, postgresConnectionError } from './postgres-connection-error.js';
import { queryLog } from '../query-log.js';

/** How long to wait for the server before calling it unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The `application_name` our sessions show in `pg_stat_activity` (and so in the message naming
 * who holds the migration lock), unless the URL or `PGAPPNAME` sets one.
 */
export const APPLICATION_NAME = 'orm';

/**
 * Opens a PostgreSQL connection from a `postgres://` or `postgresql://` URL. Query parameters
 * node-postgres understands (`sslmode`, `application_name`, `options`...) pass through.
 *
 * The pool holds at most one connection, so a revision's transaction, its advisory lock and
 * any `SET` a migration runs all stay on the same session. It connects at once (`select 1`):
 * an unreachable server, a wrong password or a missing database surfaces here, as a
 * `UserError` that never contains the password, instead of at the first migration.
 * `options.onQueryError` hears of every statement the server refuses, for error messages;
 * `options.onQuery` of every statement sent, the `select 1` included.
 */
export async function connectPostgres(url: string, options: ConnectOptions = {}): Promise<Connection> {
  const target = parsePostgresTarget(url);
  let pool: pg.Pool;
  try {
    pool = await openPool(url, options);
  } catch (err) {
    throw postgresConnectionError(err, target);
  }
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool }),
    log: queryLog(options),
  });
  return {
    db,
    // Destroying the Kysely ends the pool it was given, but only if a query ever went through
    // it (Kysely starts its driver lazily): otherwise the pool is ended here, or its idle
    // connection would keep the process alive for the pool's idle timeout (10 s).
    close: async () => {
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

/** A one-connection pool whose connection has answered `select 1`. */
async function openPool(url: string, { onQuery, allowExitOnIdle = false }: ConnectOptions): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    fallback_application_name: APPLICATION_NAME,
    allowExitOnIdle,
  });
  // An idle connection dropped by the server emits 'error' on the pool; unhandled, that event
  // would crash the process. The next query fails with a proper error instead.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      onQuery?.('select 1');
      await client.query('select 1');
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return pool;
}
