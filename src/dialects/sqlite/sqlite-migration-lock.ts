import { randomBytes } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../../util/errors.js';
import type { MigrationLock, MigrationLockOptions } from '../dialect.js';
import { sqliteErrorMessage, sqlitePathFromUrl } from './sqlite-connect.js';

/** The files of a database's migration lock. */
export interface SqliteLockFiles {
  /** An empty SQLite database whose write lock is the migration lock. Never deleted. */
  readonly lock: string;
  /** Who holds the lock (pid, host, since): written by the holder, for messages only. */
  readonly holder: string;
}

/** What the holder writes about itself. */
interface HolderInfo {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly token: string;
}

const NO_LOCK: MigrationLock = { release: async () => undefined };

/** Polling of a held lock: first retry soon, then every quarter second at most. */
const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 250;

/**
 * The lock files of a SQLite URL, beside the database (`app.db.orm-lock`, `app.db.orm-lock.json`),
 * the symlinks resolved so every path to one database finds one lock; null for `:memory:`.
 */
export function sqliteLockFiles(url: string): SqliteLockFiles | null {
  const path = sqlitePathFromUrl(url);
  if (path === ':memory:') return null;
  let real = resolve(path);
  try {
    real = realpathSync(real);
  } catch {
    // not created yet: the database is created at this path
  }
  return { lock: `${real}.orm-lock`, holder: `${real}.orm-lock.json` };
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): HolderInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<HolderInfo>;
    if (typeof info.pid !== 'number' || typeof info.host !== 'string' || typeof info.since !== 'string') return null;
    return info as HolderInfo;
  } catch {
    return null;
  }
}

/** `process 4242 on host ci-7 (since 2025-01-01T10:00:00.000Z)`, from the holder's file. */
function describeHolder(files: SqliteLockFiles): { text: string; pid: number | null } {
  const info = readHolder(files.holder);
  if (!info) return { text: 'another process (it has not written its details yet)', pid: null };
  const text = `process ${info.pid} on host ${info.host} (since ${info.since})`;
  if (info.host === hostname() && !processAlive(info.pid)) {
    // The OS released that process's lock when it died: whoever holds it now has not written yet.
    return { text: `another process (${files.holder} still names ${text}, which is no longer running)`, pid: null };
  }
  return { text, pid: info.host === hostname() ? info.pid : null };
}

function timeoutError(database: string, timeoutMs: number, files: SqliteLockFiles): UserError {
  const holder = describeHolder(files);
  const stuck = holder.pid === null ? '' : `; if process ${holder.pid} is stuck, stop it (the lock is released when it exits)`;
  return new UserError(`Timed out after ${timeoutMs / 1000} s waiting for the migration lock of ${database}: it is held by ${holder.text}`, {
    hint: `another orm upgrade, downgrade or stamp is running on this database: wait for it to finish, or raise --lock-timeout${stuck}`,
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The SQLite migration lock: the write lock (`BEGIN IMMEDIATE`) of a small SQLite file beside
 * the database, held on a connection of its own for the whole run. SQLite takes it with the
 * operating system's file locks (POSIX `fcntl`), which the kernel drops when the process exits
 * however it exits, SIGKILL included: a lock file left behind by a killed run is an empty file
 * that blocks nobody, with no pid to check and no staleness to guess (pid reuse, containers and
 * other hosts sharing the volume make such guesses unsafe). The file itself is never deleted:
 * deleting a lock file another process has open would let two processes lock two different files.
 *
 * Once it holds the lock, the holder writes its pid, host and start time to `<db>.orm-lock.json`
 * (atomically, by rename), only to name it in other runners' messages. `:memory:` needs no lock:
 * no other process can see that database.
 */
export async function acquireSqliteMigrationLock(url: string, options: MigrationLockOptions): Promise<MigrationLock> {
  const files = sqliteLockFiles(url);
  if (!files) return NO_LOCK;
  const database = files.lock.slice(0, -'.orm-lock'.length);
  let lockDb: Database.Database;
  try {
    lockDb = new Database(files.lock, { timeout: 0 });
  } catch (err) {
    throw new UserError(`Cannot open the migration lock file ${files.lock}: ${sqliteErrorMessage(err)}`, {
      hint: "the database's directory must be writable (SQLite writes its journal there too)",
      cause: err,
    });
  }
  const tryLock = (): boolean => {
    try {
      lockDb.exec('BEGIN IMMEDIATE');
      return true;
    } catch (err) {
      if (isBusy(err)) return false;
      throw new UserError(`Cannot take the migration lock ${files.lock}: ${sqliteErrorMessage(err)}`, { cause: err });
    }
  };
  try {
    if (!tryLock()) {
      if (options.timeoutMs <= 0) throw timeoutError(database, 0, files);
      options.onWait?.(describeHolder(files).text);
      const deadline = Date.now() + options.timeoutMs;
      let delay = FIRST_RETRY_MS;
      while (!tryLock()) {
        const left = deadline - Date.now();
        if (left <= 0) throw timeoutError(database, options.timeoutMs, files);
        // jitter, so waiting runners do not retry in step
        await sleep(Math.min(left, delay + Math.random() * delay));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  } catch (err) {
    lockDb.close();
    throw err;
  }

  const me: HolderInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  try {
    const tmp = `${files.holder}.${process.pid}.${me.token}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(me)}\n`);
    renameSync(tmp, files.holder);
  } catch {
    // the holder file only improves messages; the lock is held either way
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        if (readHolder(files.holder)?.token === me.token) unlinkSync(files.holder);
      } catch {
        // already gone
      }
      try {
        lockDb.exec('ROLLBACK');
      } finally {
        lockDb.close();
      }
    },
  };
}
