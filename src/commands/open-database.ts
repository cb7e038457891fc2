import type { ResolvedConfig } from '../config/config.js';
import { requireUrl } from '../config/load-config.js';
import type { Connection, Dialect, DialectName } from '../dialects/dialect.js';
import { dialectNameFromUrl, loadDialect } from '../dialects/index.js';
import type { VersionTableName } from '../runtime/version-table.js';

/** A live database as the commands use it. */
export interface OpenDatabase {
  readonly dialect: Dialect;
  readonly connection: Connection;
  readonly versionTable: VersionTableName;
  /** The last statement the database refused, for error messages. */
  readonly failedStatement: { sql: string | null };
  /** How many SQL statements were sent so far (connecting included). */
  readonly stats: { statements: number };
  close(): Promise<void>;
}

/** The environment variable that makes `close()` report the statement count on stderr. */
export const QUERY_STATS_ENV = 'ORM_QUERY_STATS';

/**
 * Connects to the configured database; the dialect's driver is loaded only now. Every statement
 * sent is counted; with `ORM_QUERY_STATS=1` in the environment, closing prints the count on
 * stderr (`orm: 7 SQL statements on postgres`), for benchmarks and for checking that a command's
 * statement count does not grow with the schema.
 */
export async function openDatabase(config: ResolvedConfig): Promise<OpenDatabase> {
  const url = requireUrl(config);
  const dialect = await loadDialect(dialectNameFromUrl(url));
  const failedStatement: { sql: string | null } = { sql: null };
  const stats = { statements: 0 };
  const connection = await dialect.connect(url, {
    onQuery: () => {
      stats.statements += 1;
    },
    onQueryError: (sql) => {
      failedStatement.sql = sql;
    },
  });
  let closed = false;
  return {
    dialect,
    connection,
    versionTable: { table: config.versionTable, schema: config.versionTableSchema },
    failedStatement,
    stats,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await connection.close();
      } finally {
        if (process.env[QUERY_STATS_ENV] === '1') {
          const n = stats.statements;
          process.stderr.write(`orm: ${n} SQL statement${n === 1 ? '' : 's'} on ${dialect.name}\n`);
        }
      }
    },
  };
}

/**
 * Starts loading the configured database's driver (Kysely and pg or better-sqlite3: a few hundred
 * modules) without waiting for it, so that it loads while the command waits for something else,
 * e.g. esbuild compiling the models. Opens no connection; a missing or bad URL is left for
 * `openDatabase` to report.
 */
export function preloadDatabaseDriver(config: ResolvedConfig): void {
  let name: DialectName;
  try {
    name = dialectNameFromUrl(requireUrl(config));
  } catch {
    return;
  }
  loadDialect(name).catch(() => undefined);
}

/** Runs `work` with an open database, closing it afterwards whatever happens. */
export async function withDatabase<T>(config: ResolvedConfig, work: (db: OpenDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
