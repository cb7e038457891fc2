import type { ResolvedConfig } from '../config/config.js';
import { requireUrl } from '../config/load-config.js';
import type { Connection, Dialect } from '../dialects/dialect.js';
import { dialectNameFromUrl, loadDialect } from '../dialects/index.js';
import type { VersionTableName } from '../runtime/version-table.js';

/** A live database as the commands use it. */
export interface OpenDatabase {
  readonly dialect: Dialect;
  readonly connection: Connection;
  readonly versionTable: VersionTableName;
  /** The last statement the database refused, for error messages. */
  readonly failedStatement: { sql: string | null };
  close(): Promise<void>;
}

/** Connects to the configured database; the dialect's driver is loaded only now. */
export async function openDatabase(config: ResolvedConfig): Promise<OpenDatabase> {
  const url = requireUrl(config);
  const dialect = await loadDialect(dialectNameFromUrl(url));
  const failedStatement: { sql: string | null } = { sql: null };
  const connection = await dialect.connect(url, {
    onQueryError: (sql) => {
      failedStatement.sql = sql;
    },
  });
  return {
    dialect,
    connection,
    versionTable: { table: config.versionTable, schema: config.versionTableSchema },
    failedStatement,
    close: () => connection.close(),
  };
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
