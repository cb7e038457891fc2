import type { Dialect } from '../dialects/dialect.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from '../util/lock-timeout.js';
import type { Logger } from '../util/logger.js';
import type { VersionTableName } from './version-table.js';

export interface MigrationLockSettings {
  readonly versionTable: VersionTableName;
  /** Seconds to wait while another run holds the lock; 0 fails at once. Default 600. */
  readonly timeoutSeconds?: number;
  readonly logger: Logger;
}

/**
 * Runs `work` holding the database's migration lock (`Dialect.acquireMigrationLock`), so that
 * runners started together (CI jobs, every replica's start-up) take turns. `work` must read the
 * version table itself, after the lock is taken: a runner that waited then finds the revisions
 * its predecessor applied and has nothing left to do.
 */
export async function withMigrationLock<T>(dialect: Dialect, url: string, settings: MigrationLockSettings, work: () => Promise<T>): Promise<T> {
  const seconds = settings.timeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
  const lock = await dialect.acquireMigrationLock(url, {
    versionTable: settings.versionTable,
    timeoutMs: Math.round(seconds * 1000),
    onWait: (holder) => settings.logger.info(`Waiting up to ${seconds} s for the migration lock, held by ${holder}`),
    onLost: (message) => settings.logger.warn(message),
  });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
