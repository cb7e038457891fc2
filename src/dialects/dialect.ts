import type { Kysely } from 'kysely';
import type { Op } from '../ops/ops.js';
import type { Schema } from '../schema/schema.js';

/** The databases we speak. Only `dialects/index.ts` maps a name to its implementation. */
export type DialectName = 'sqlite' | 'postgres';

/** What a database can do, so that other layers never branch on a dialect's name. */
export interface DialectCapabilities {
  /** DDL can run inside a transaction and roll back. */
  readonly transactionalDdl: boolean;
  /** Native `ALTER COLUMN` for type, nullability and default (false: a table rebuild does it). */
  readonly alterColumn: boolean;
  /** Native `ADD/DROP CONSTRAINT` on an existing table (false: a table rebuild does it). */
  readonly alterConstraints: boolean;
  /** Named schemas (`schema.table`). */
  readonly schemas: boolean;
  /** Table and column comments. */
  readonly comments: boolean;
  /**
   * Named enum types (`CREATE TYPE ... AS ENUM`), compared and migrated on their own. Without
   * them an enum column is a text column with a CHECK, and a change of values alters the column.
   */
  readonly enumTypes?: boolean;
}

/** An open connection to a live database. */
export interface Connection {
  /** A Kysely bound to one physical connection (transactions and session settings stay on it). */
  readonly db: Kysely<any>;
  close(): Promise<void>;
}

/**
 * Work a dialect must do around each revision's transaction. SQLite switches foreign-key
 * enforcement off outside the transaction (it cannot inside one) and checks every key before
 * commit; PostgreSQL needs nothing.
 */
export interface TransactionHooks {
  /** Runs inside the transaction, after the revision's ops, just before COMMIT. */
  beforeCommit(trx: Kysely<any>): Promise<void>;
  /** Runs after COMMIT or ROLLBACK, outside the transaction. */
  after(): Promise<void>;
}

export interface IntrospectOptions {
  /** PostgreSQL schemas to read; null (and the default, no list) is the current schema. */
  readonly schemas?: ReadonlyArray<string | null>;
}

/** Which side of a comparison a schema is: read from the database, or wanted by the models. */
export type SchemaSide = 'live' | 'target';

/**
 * What the live database says about the target schema before any migration runs: how it prints
 * the target's types, defaults and expressions (PostgreSQL materializes them in a rolled-back
 * scratch transaction). Only the normalizer of the dialect that made it reads `printed`.
 */
export interface DatabaseForms {
  /** The schema unqualified names resolve to (PostgreSQL `current_schema()`); null without schemas. */
  readonly defaultSchema: string | null;
  /** Dialect-private keys (built from the target's own text) to the forms the database printed. */
  readonly printed: ReadonlyMap<string, unknown>;
}

export interface NormalizeOptions {
  readonly side: SchemaSide;
  /** From `SchemaNormalizer.readForms`, when a live database was asked. */
  readonly forms?: DatabaseForms | null;
  /** Tables and references in this schema are written without one (overrides `forms`). */
  readonly defaultSchema?: string | null;
}

/**
 * Per-dialect rules that make a live schema and a target schema comparable: types and their
 * synonyms, defaults, expressions, names, all in one canonical form. Both sides go through the
 * same rules, so a database built by our own DDL compares identical to the schema it was built
 * from. The result has exactly the shape of the input (same tables, columns, constraints and
 * indexes, in the same order), so that a differ can pair each normalized object with its original.
 */
export interface SchemaNormalizer {
  normalizeSchema(schema: Schema, options: NormalizeOptions): Schema;
  /**
   * Asks the database how it would print the target's expressions, with a fixed number of
   * statements whatever the schema's size, in a transaction that is rolled back. Given the live
   * schema the target will be compared with, it asks only about what the text rules cannot
   * settle. Dialects whose database keeps expressions as written (SQLite) do not need it.
   */
  readForms?(db: Kysely<any>, target: Schema, live?: Schema): Promise<DatabaseForms>;
}

export interface ConnectOptions {
  /**
   * Receives every statement sent to the database, whether it runs or fails: those the
   * connection's Kysely executes (BEGIN/COMMIT included) and the probe run while connecting.
   * For statement counts (`ORM_QUERY_STATS=1`).
   */
  readonly onQuery?: (sql: string) => void;
  /** Receives every statement that fails, with the database's error (for error messages). */
  readonly onQueryError?: (sql: string, error: unknown) => void;
  /**
   * The open connection does not keep the process alive while no statement runs on it (a
   * connection opened ahead that may end up unused). PostgreSQL only: SQLite holds none.
   */
  readonly allowExitOnIdle?: boolean;
}

/** Options of `Dialect.acquireMigrationLock`. */
export interface MigrationLockOptions {
  /** The version table the lock guards (part of the lock's key where the database allows). */
  readonly versionTable: { readonly table: string; readonly schema: string | null };
  /** How long to wait while another run holds the lock, in milliseconds; 0: fail at once. */
  readonly timeoutMs: number;
  /** Told once, when the lock is held elsewhere and the wait starts: who holds it. */
  readonly onWait?: (holder: string) => void;
  /** Told if the lock is lost while held (PostgreSQL: its connection dropped). */
  readonly onLost?: (message: string) => void;
}

/** A migration lock this process holds. */
export interface MigrationLock {
  /** Gives the lock back (also given back by the database or the OS if the process dies). */
  release(): Promise<void>;
}

export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: DialectCapabilities;
  /**
   * Opens a connection. Unreachable servers, wrong passwords and missing files become a
   * `UserError` with a hint; the password never appears in it.
   */
  connect(url: string, options?: ConnectOptions): Promise<Connection>;
  /** A Kysely that compiles SQL for this dialect and never connects (offline SQL, unit tests). */
  createCompiler(): Kysely<any>;
  /**
   * The SQL statements of an op, with literals inlined, without a database. Throws a
   * `UserError` saying what to do when the op needs the live database (a SQLite rebuild).
   */
  compileOp(op: Op): string[];
  /** Runs one op on a live database, inside the revision's transaction. */
  executeOp(op: Op, trx: Kysely<any>): Promise<void>;
  /** Rules that make live and target schemas comparable (used by the differ). */
  readonly normalizer: SchemaNormalizer;
  /** Reads the live schema with a fixed number of catalog queries. */
  introspect(db: Kysely<any>, options?: IntrospectOptions): Promise<Schema>;
  /** True when the table exists (PostgreSQL: in `schema`, or the current schema when null). */
  hasTable(db: Kysely<any>, table: string, schema: string | null): Promise<boolean>;
  /**
   * The raw column types among `types` the database cannot hold (PostgreSQL looks them up;
   * SQLite accepts any type name, so it has no such method).
   */
  unknownTypes?(db: Kysely<any>, types: readonly string[]): Promise<string[]>;
  /** Called on the connection before each revision's transaction opens. */
  prepareTransaction(db: Kysely<any>): Promise<TransactionHooks>;
  /**
   * Takes the lock that serializes `upgrade`, `downgrade` and `stamp` runs on this database
   * across processes and hosts, waiting up to `options.timeoutMs`. It is held apart from the
   * migration connection (per-revision commits do not release it) and is given back when the
   * process dies. A timeout is a `UserError` naming the holder where the database can say.
   */
  acquireMigrationLock(url: string, options: MigrationLockOptions): Promise<MigrationLock>;
}
