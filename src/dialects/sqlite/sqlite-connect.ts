import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { UserError } from '../../util/errors.js';
import type { Connection, ConnectOptions } from '../dialect.js';
import { queryLog } from '../query-log.js';

/** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

const URL_HINT = 'write sqlite:./app.db (relative to the working directory), sqlite:/abs/path/app.db or sqlite::memory:';

/**
 * The file path of a SQLite URL: `sqlite:./app.db`, `sqlite:/abs/app.db`, `sqlite::memory:`,
 * and the `sqlite://` forms (`sqlite:///abs/app.db`, `sqlite://./app.db`, `sqlite://app.db`).
 */
export function sqlitePathFromUrl(url: string): string {
  const match = /^sqlite:(.*)$/is.exec(url.trim());
  if (!match) throw new UserError(`Not a SQLite URL: ${url}`, { hint: URL_HINT });
  let path = match[1]!;
  // `sqlite://` introduces a path the way file URLs do: sqlite:///abs keeps its leading slash.
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '' || path === '/') throw new UserError(`The SQLite URL ${url} names no file`, { hint: URL_HINT });
  return path;
}

/**
 * Opens a SQLite database with foreign keys enforced and a busy timeout, wrapped in a Kysely.
 * `options.onQueryError` hears of every statement SQLite refuses, for error messages;
 * `options.onQuery` of every statement sent, the pragmas run while opening included.
 */
export async function connectSqlite(url: string, options: ConnectOptions = {}): Promise<Connection> {
  const path = sqlitePathFromUrl(url);
  const memory = path === ':memory:';
  const shown = memory ? path : resolve(path);
  let database: Database.Database;
  try {
    if (!memory && !existsSync(dirname(resolve(path)))) {
      throw new UserError(`Cannot open SQLite database ${shown}: the directory ${dirname(shown)} does not exist`, {
        hint: 'create the directory first, or fix the path in the database URL',
      });
    }
    database = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw openError(shown, err);
  }
  try {
    options.onQuery?.(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // better-sqlite3 is built with foreign keys on; say so anyway rather than depend on a build flag.
    options.onQuery?.('PRAGMA foreign_keys = ON');
    database.pragma('foreign_keys = ON');
    // Opening is lazy: reading the schema is what finds out whether the file is a database.
    options.onQuery?.('SELECT count(*) FROM sqlite_schema');
    database.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (err) {
    database.close();
    throw openError(shown, err);
  }
  const db = new Kysely<any>({
    dialect: new SqliteDialect({ database }),
    log: queryLog(options),
  });
  return {
    db,
    async close() {
      await db.destroy();
    },
  };
}

/** A user-facing error for a file that cannot be opened, keeping SQLite's own words. */
function openError(path: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
  const message = sqliteErrorMessage(err);
  const code = (err as { code?: string }).code ?? '';
  let hint = 'check the path in the database URL';
  if (code === 'SQLITE_NOTADB' || /not a database/i.test(message)) {
    hint = 'the file exists but is not a SQLite database: check the path in the database URL';
  } else if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM' || /permission/i.test(message)) {
    hint = isDirectory(path)
      ? 'the path is a directory: name a file inside it'
      : 'check that the file and its directory can be read and written by this user';
  }
  return new UserError(`Cannot open SQLite database ${path}: ${message}`, { hint, cause: err });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The message of an error thrown by better-sqlite3. Not `instanceof Error` based: its native
 * addon is loaded once per process and makes its errors in the realm that loaded it first,
 * which is not the current one under jest's per-file module contexts.
 */
export function sqliteErrorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}
