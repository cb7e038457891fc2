import type { LogConfig } from 'kysely';
import type { ConnectOptions } from './dialect.js';

/**
 * Kysely's `log` option feeding the listeners of `ConnectOptions`: `onQuery` hears of every
 * statement sent (run or refused, BEGIN/COMMIT included), for statement counts;
 * `onQueryError` of each statement the database refuses, so a failing revision's message can
 * quote it. Undefined when nobody listens (Kysely then skips its logging wrapper).
 */
export function queryLog(options: ConnectOptions): LogConfig | undefined {
  const { onQuery, onQueryError } = options;
  if (!onQuery && !onQueryError) return undefined;
  return (event) => {
    onQuery?.(event.query.sql);
    if (event.level === 'error') onQueryError?.(event.query.sql, event.error);
  };
}
