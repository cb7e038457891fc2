import type { Kysely } from 'kysely';
import type { Op } from '../../ops/ops.js';
import type { Dialect, DialectCapabilities, TransactionHooks } from '../dialect.js';
import { compilePostgresOp } from './compile-postgres-op.js';
import { connectPostgres } from './connect-postgres.js';
import { executePostgresOp } from './execute-postgres-op.js';
import { createPostgresCompiler } from './postgres-compiler.js';
import { acquirePostgresMigrationLock } from './postgres-migration-lock.js';
import { introspectPostgres, postgresHasTable } from './postgres-introspector.js';
import { normalizePostgresSchema } from './postgres-normalizer.js';
import { readPostgresForms } from './read-postgres-forms.js';
import { postgresUnknownTypes } from './postgres-unknown-types.js';

const CAPABILITIES: DialectCapabilities = {
  transactionalDdl: true,
  alterColumn: true,
  alterConstraints: true,
  schemas: true,
  comments: true,
  enumTypes: true,
};

/** PostgreSQL needs no work around a revision's transaction: DDL is transactional. */
const NO_HOOKS: TransactionHooks = {
  beforeCommit: async () => undefined,
  after: async () => undefined,
};

/**
 * The PostgreSQL dialect. Each call makes a fresh instance (its own compile-only Kysely), so
 * two migrations in one process share nothing.
 */
export function createPostgresDialect(): Dialect {
  let compiler: Kysely<any> | undefined;
  // Built on first use: commands that never compile SQL do not pay for it.
  const getCompiler = () => (compiler ??= createPostgresCompiler());
  return {
    name: 'postgres',
    capabilities: CAPABILITIES,
    connect: connectPostgres,
    createCompiler: createPostgresCompiler,
    compileOp: (op: Op) => compilePostgresOp(op, getCompiler()),
    executeOp: (op: Op, trx: Kysely<any>) => executePostgresOp(op, trx, getCompiler()),
    normalizer: { normalizeSchema: normalizePostgresSchema, readForms: readPostgresForms },
    introspect: introspectPostgres,
    hasTable: postgresHasTable,
    unknownTypes: postgresUnknownTypes,
    prepareTransaction: async () => NO_HOOKS,
    acquireMigrationLock: acquirePostgresMigrationLock,
  };
}
