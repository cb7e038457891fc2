import { UserError } from '../util/errors.js';
import { redactUrl } from '../util/redact.js';
import type { Dialect, DialectName } from './dialect.js';

export type { Dialect, DialectName } from './dialect.js';

/** Supported URL schemes and the dialect each one means. */
const SCHEMES: Readonly<Record<string, DialectName>> = {
  sqlite: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
};

/** The dialect a URL names, read from its scheme alone (no connection, no driver loaded). */
export function dialectNameFromUrl(url: string): DialectName {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const name = scheme ? SCHEMES[scheme] : undefined;
  if (!name) {
    throw new UserError(`Unknown database URL scheme in ${redactUrl(url)}`, {
      hint: 'use sqlite:./app.db, sqlite::memory: or postgres://user:pass@host:5432/db',
    });
  }
  return name;
}

/**
 * Loads a dialect's implementation. The import is dynamic so that commands which never touch a
 * database (`--help`, `heads`, `history`) never load pg, better-sqlite3 or kysely.
 */
export async function loadDialect(name: DialectName): Promise<Dialect> {
  switch (name) {
    case 'sqlite':
      return (await import('./sqlite/sqlite-dialect.js')).createSqliteDialect();
    case 'postgres':
      return (await import('./postgres/postgres-dialect.js')).createPostgresDialect();
  }
}
