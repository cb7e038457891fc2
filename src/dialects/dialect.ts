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
  /** PostgreSQL schemas to read (default: the current schema). */
  readonly schemas?: readonly string[];
}

export interface ConnectOptions {
  /** Receives every statement that fails, with the database's error (for error messages). */
  readonly onQueryError?: (sql: string, error: unknown) => void;
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
  /** Reads the live schema with a fixed number of catalog queries. */
  introspect(db: Kysely<any>, options?: IntrospectOptions): Promise<Schema>;
  /** True when the table exists (PostgreSQL: in `schema`, or the current schema when null). */
  hasTable(db: Kysely<any>, table: string, schema: string | null): Promise<boolean>;
  /** Called on the connection before each revision's transaction opens. */
  prepareTransaction(db: Kysely<any>): Promise<TransactionHooks>;
}
