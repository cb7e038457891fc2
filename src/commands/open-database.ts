import type { ResolvedConfig } from '../config/config.js';
import { requireUrl } from '../config/load-config.js';
import type { Connection, Dialect, DialectName, IntrospectOptions } from '../dialects/dialect.js';
import { dialectNameFromUrl, loadDialect } from '../dialects/index.js';
import type { VersionTableName } from '../runtime/version-table.js';
import type { Schema } from '../schema/schema.js';

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
 * statement count does not grow with the schema. A database `whileConnecting` opened ahead for
 * the same configuration is handed over instead of a new connection.
 */
export async function openDatabase(config: ResolvedConfig): Promise<OpenDatabase> {
  const url = requireUrl(config);
  if (opening !== null && opening.key === openingKey(config, url)) {
    const { database } = opening;
    opening = null;
    return (await database).db;
  }
  return (await connect(config, url, false)).db;
}

/** An open database, and a way to close it without reporting anything (it went unused). */
interface Connected {
  readonly db: OpenDatabase;
  discard(): Promise<void>;
}

async function connect(config: ResolvedConfig, url: string, readLiveSchema: boolean): Promise<Connected> {
  // Opened ahead, it may never be taken over (the command fails first): it must not keep the process alive.
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
    allowExitOnIdle: readLiveSchema,
  });
  let closed = false;
  return {
    db: {
      dialect: readLiveSchema ? withLiveSchemaRead(dialect, connection) : dialect,
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
    },
    async discard() {
      if (closed) return;
      closed = true;
      await connection.close();
    },
  };
}

/**
 * Starts reading the live schema (the default schema, as autogenerate reads it when the models
 * name no other) on the new connection at once, and gives the dialect to the command with an
 * `introspect` that hands that read over to its first call on this connection with the same
 * options. Any other call, and every later one, reads the database again.
 */
function withLiveSchemaRead(dialect: Dialect, connection: Connection): Dialect {
  const options: IntrospectOptions = dialect.capabilities.schemas ? { schemas: [null] } : {};
  const key = JSON.stringify(options);
  let early: Promise<Schema> | null = dialect.introspect(connection.db, options);
  // Whoever takes the read over gets its failure; nobody else hears of it.
  early.catch(() => undefined);
  return {
    ...dialect,
    introspect(db, given = {}) {
      const taken = early !== null && db === connection.db && JSON.stringify(given) === key ? early : null;
      early = null;
      return taken ?? dialect.introspect(db, given);
    },
  };
}

/** The database `whileConnecting` is opening, for the next `openDatabase` of the same configuration. */
let opening: { readonly key: string; readonly database: Promise<Connected> } | null = null;

const openingKey = (config: ResolvedConfig, url: string) => JSON.stringify([url, config.versionTable, config.versionTableSchema]);

/**
 * Runs `load` (loading the models: esbuild compiling them, then their module) while the
 * database is made ready in the background, for the command's next `openDatabase`: its driver
 * loaded, and on PostgreSQL the connection opened and the live schema read, the server working
 * while this process is busy with the models (1,000 tables: about a fifth of `orm check`).
 * If `load` fails, its error is the one reported: the connection is closed unused, and nothing
 * is written to the database either way (reading the catalog is all it does). A connection
 * nobody takes over (the command failed between the two) does not keep the process alive. Nothing is opened
 * ahead for SQLite: opening a missing file would create it, and reading it costs this process
 * the same whenever it happens. A missing or bad URL is left for `openDatabase` to report.
 */
export async function whileConnecting<T>(config: ResolvedConfig, load: () => Promise<T>): Promise<T> {
  let url: string;
  let name: DialectName;
  try {
    url = requireUrl(config);
    name = dialectNameFromUrl(url);
  } catch {
    return load();
  }
  if (name !== 'postgres') {
    loadDialect(name).catch(() => undefined);
    return load();
  }
  // One opened ahead earlier and never taken over goes now.
  if (opening !== null) void opening.database.then((c) => c.discard()).catch(() => undefined);
  const database = connect(config, url, true);
  // Reported by the openDatabase that takes it over (as its own connection error would be).
  database.catch(() => undefined);
  const entry = { key: openingKey(config, url), database };
  opening = entry;
  try {
    return await load();
  } catch (err) {
    if (opening === entry) opening = null;
    void database.then((c) => c.discard()).catch(() => undefined);
    throw err;
  }
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
