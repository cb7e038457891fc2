import type { ResolvedConfig } from '../config/config.js';
import { requireUrl } from '../config/load-config.js';
import { withMigrationLock } from '../runtime/migration-lock.js';
import type { Logger } from '../util/logger.js';
import { withDatabase, type OpenDatabase } from './open-database.js';

/**
 * Like `withDatabase`, holding the migration lock while `work` runs (upgrade, downgrade and
 * stamp). `work` reads the version table itself, so what it plans comes after the lock.
 */
export async function withLockedDatabase<T>(
  config: ResolvedConfig,
  lock: { readonly timeoutSeconds?: number; readonly logger: Logger },
  work: (db: OpenDatabase) => Promise<T>,
): Promise<T> {
  return withDatabase(config, (db) =>
    withMigrationLock(db.dialect, requireUrl(config), { versionTable: db.versionTable, timeoutSeconds: lock.timeoutSeconds, logger: lock.logger }, () => work(db)),
  );
}
