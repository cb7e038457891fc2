import type { LogConfig } from 'kysely';
import type { ConnectOptions } from './dialect.js';

/**
 * Kysely's `log` option reporting each statement the database refuses to `onQueryError`, so a
 * failing revision's message can quote the statement. Undefined when nobody listens.
 */
export function queryErrorLog(options: ConnectOptions): LogConfig | undefined {
  const onQueryError = options.onQueryError;
  if (!onQueryError) return undefined;
  return (event) => {
    if (event.level === 'error') onQueryError(event.query.sql, event.error);
  };
}
