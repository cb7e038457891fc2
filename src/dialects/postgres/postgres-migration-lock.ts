import { createHash } from 'node:crypto';
import pg from 'pg';
import { UserError, errorMessage } from '../../util/errors.js';
import type { MigrationLock, MigrationLockOptions } from '../dialect.js';
import { APPLICATION_NAME, CONNECT_TIMEOUT_MS } from './connect-postgres.js';
import { parsePostgresTarget, postgresConnectionError } from './postgres-connection-error.js';

/** SQLSTATE of `lock_timeout` expiring (lock_not_available). */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The advisory-lock key of a version table: the first 8 bytes of a SHA-256 of the database,
 * schema and table names, as a signed bigint. Two projects with their own version tables in one
 * database do not block each other; every runner of one project computes the same key.
 */
export function postgresLockKey(database: string, schema: string, table: string): bigint {
  const digest = createHash('sha256').update(`orm migration lock\0${database}\0${schema}\0${table}`).digest();
  return digest.readBigInt64BE(0);
}

interface HolderRow {
  readonly pid: number;
  readonly application_name: string | null;
  readonly usename: string | null;
  readonly client_addr: string | null;
  readonly client_hostname: string | null;
  readonly client_port: number | null;
  readonly backend_start: Date | null;
  readonly state: string | null;
  readonly state_change: Date | null;
}

/**
 * The session holding the advisory lock `key` in the current database, from `pg_locks` joined
 * with `pg_stat_activity`. A session-level `pg_advisory_lock(bigint)` shows in `pg_locks` as
 * classid = the high 32 bits, objid = the low 32 bits, objsubid = 1.
 */
async function readHolder(client: pg.Client, key: string): Promise<HolderRow | null> {
  const { rows } = await client.query<HolderRow>(
    `select l.pid, a.application_name, a.usename, host(a.client_addr) as client_addr, a.client_hostname, a.client_port,
            a.backend_start, a.state, a.state_change
       from pg_locks l left join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid::bigint = (($1::bigint >> 32) & 4294967295)
        and l.objid::bigint = ($1::bigint & 4294967295)
      limit 1`,
    [key],
  );
  return rows[0] ?? null;
}

const when = (d: Date | null) => (d ? d.toISOString() : 'unknown');

/** `PostgreSQL backend pid 4242 (application "orm", user app, client 10.0.0.7:51234), ...`. */
export function describeHolder(row: HolderRow | null): string {
  if (!row) return 'a session that has just ended';
  // Without pg_read_all_stats, another user's session shows no state, client or times.
  const hidden = row.state === null && row.backend_start === null;
  const client = row.client_addr
    ? `client ${row.client_hostname ?? row.client_addr}${row.client_port && row.client_port > 0 ? `:${row.client_port}` : ''}`
    : hidden
      ? 'client not visible to this user: pg_read_all_stats shows it'
      : 'client on the local socket';
  const parts = [
    row.application_name ? `application "${row.application_name}"` : 'no application_name',
    row.usename ? `user ${row.usename}` : null,
    client,
  ].filter((p): p is string => p !== null);
  if (hidden) return `PostgreSQL backend pid ${row.pid} (${parts.join(', ')})`;
  const state = row.state ? `, ${row.state} since ${when(row.state_change)}` : '';
  return `PostgreSQL backend pid ${row.pid} (${parts.join(', ')}), session started ${when(row.backend_start)}${state}`;
}

/** Runs `set` statements the server may not know (older versions): an unknown one is skipped. */
async function trySet(client: pg.Client, statement: string): Promise<void> {
  try {
    await client.query(statement);
  } catch {
    // e.g. idle_session_timeout before PostgreSQL 14
  }
}

function timeoutError(tableLabel: string, timeoutMs: number, holder: string, pid: number | null): UserError {
  const seconds = timeoutMs / 1000;
  const stuck = pid === null ? '' : `; if that session is stuck, end it with SELECT pg_terminate_backend(${pid})`;
  return new UserError(`Timed out after ${seconds} s waiting for the migration lock of ${tableLabel}: it is held by ${holder}`, {
    hint: `another orm upgrade, downgrade or stamp is running on this database: wait for it to finish, or raise --lock-timeout${stuck}`,
  });
}

/**
 * The PostgreSQL migration lock: a session-level `pg_advisory_lock` taken on a connection of its
 * own, apart from the migration connection, so the per-revision commits never release it. The
 * server releases it when that session ends, so a killed process never leaves it behind.
 *
 * Waiting is done by the server (`lock_timeout` on a blocking `pg_advisory_lock`): runners queue
 * in order and the next one starts as soon as the lock is free. The connection's own
 * `statement_timeout` and `idle_session_timeout` are switched off: the first would cut the wait
 * short, the second would end the idle session, and the lock with it, during a long migration.
 */
export async function acquirePostgresMigrationLock(url: string, options: MigrationLockOptions): Promise<MigrationLock> {
  const target = parsePostgresTarget(url);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    fallback_application_name: APPLICATION_NAME,
    keepAlive: true,
  });
  let released = false;
  // An 'error' event with no listener would crash the process; a dropped lock session is reported.
  client.on('error', (err) => {
    if (!released) options.onLost?.(`the connection holding the migration lock was lost (${errorMessage(err)}): another run may start meanwhile`);
  });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw postgresConnectionError(err, target);
  }
  try {
    await client.query('set statement_timeout = 0');
    await trySet(client, 'set idle_session_timeout = 0');
    const { rows } = await client.query<{ db: string; schema: string | null }>('select current_database() as db, current_schema() as schema');
    const schema = options.versionTable.schema ?? rows[0]?.schema ?? 'public';
    const tableLabel = `${schema}.${options.versionTable.table} in database ${rows[0]?.db}`;
    const key = postgresLockKey(rows[0]!.db, schema, options.versionTable.table).toString();

    const first = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [key]);
    if (!first.rows[0]?.locked) {
      const holder = await readHolder(client, key);
      if (options.timeoutMs <= 0) throw timeoutError(tableLabel, 0, describeHolder(holder), holder?.pid ?? null);
      options.onWait?.(describeHolder(holder));
      await client.query(`set lock_timeout = ${Math.max(1, Math.round(options.timeoutMs))}`);
      try {
        await client.query('select pg_advisory_lock($1::bigint)', [key]);
      } catch (err) {
        if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw err;
        const now = await readHolder(client, key);
        throw timeoutError(tableLabel, options.timeoutMs, describeHolder(now), now?.pid ?? null);
      }
      await client.query('set lock_timeout = 0');
    }
    return {
      async release() {
        if (released) return;
        released = true;
        // Ending the session releases the lock anyway; the unlock makes it immediate and explicit.
        await client.query('select pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  } catch (err) {
    released = true;
    await client.end().catch(() => undefined);
    if (err instanceof UserError) throw err;
    throw new UserError(`Could not take the migration lock: ${errorMessage(err)}`, {
      hint: 'the lock is a session-level pg_advisory_lock; check that this user may call pg_try_advisory_lock',
      cause: err,
    });
  }
}
