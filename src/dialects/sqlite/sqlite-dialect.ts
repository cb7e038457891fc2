import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { Op } from '../../ops/ops.js';
import type { Dialect } from '../dialect.js';
import { sqliteHasTable } from './sqlite-catalog.js';
import { compileSqliteOp } from './sqlite-compile-op.js';
import { connectSqlite } from './sqlite-connect.js';
import { executeSqliteOp } from './sqlite-execute-op.js';
import { introspectSqlite } from './sqlite-introspector.js';
import { sqliteNormalizer } from './sqlite-normalizer.js';
import { acquireSqliteMigrationLock } from './sqlite-migration-lock.js';
import { prepareSqliteTransaction } from './sqlite-transaction-hooks.js';

/** A Kysely that compiles SQLite SQL and never connects (offline SQL, unit tests). */
export function createSqliteCompiler(): Kysely<any> {
  return new Kysely<any>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

/**
 * The SQLite dialect. DDL is transactional; what SQLite cannot ALTER (column type,
 * nullability, default, constraints) is done by an automatic table rebuild, which is why
 * `alterColumn` and `alterConstraints` are false: other layers learn that a rebuild happens.
 */
export function createSqliteDialect(): Dialect {
  // One compiler per dialect instance, made on first use: no module-level state.
  let compiler: Kysely<any> | null = null;
  const getCompiler = () => (compiler ??= createSqliteCompiler());
  return {
    name: 'sqlite',
    capabilities: {
      transactionalDdl: true,
      alterColumn: false,
      alterConstraints: false,
      schemas: false,
      comments: false,
    },
    connect: connectSqlite,
    createCompiler: createSqliteCompiler,
    compileOp: (op: Op) => compileSqliteOp(getCompiler(), op),
    executeOp: (op: Op, trx: Kysely<any>) => executeSqliteOp(getCompiler(), op, trx),
    normalizer: sqliteNormalizer,
    introspect: (db: Kysely<any>) => introspectSqlite(db),
    hasTable: (db: Kysely<any>, table: string) => sqliteHasTable(db, table),
    prepareTransaction: prepareSqliteTransaction,
    acquireMigrationLock: acquireSqliteMigrationLock,
  };
}
