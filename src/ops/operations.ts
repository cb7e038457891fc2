import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import { parseColumnType, type ColumnTypeInput } from '../schema/column-type.js';
import type { IndexElement } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import {
  toColumn,
  toForeignKey,
  toServerDefault,
  toTable,
  type ColumnInput,
  type DefaultInput,
  type ForeignKeyInput,
  type TableOptions,
} from './column-input.js';
import type { ConstraintType, Op } from './ops.js';

export interface SchemaOption {
  readonly schema?: string | null;
}

export interface AlterColumnChanges extends SchemaOption {
  readonly newName?: string;
  readonly type?: ColumnTypeInput;
  readonly nullable?: boolean;
  /** A new default; `null` drops it. */
  readonly default?: DefaultInput | null;
  /** A new comment; `null` drops it. */
  readonly comment?: string | null;
  /** PostgreSQL: `USING` expression converting the old values to the new type. */
  readonly using?: string;
}

export interface CreateIndexOptions extends SchemaOption {
  readonly unique?: boolean;
  /** Partial index predicate (without `WHERE`). */
  readonly where?: string;
  /** PostgreSQL index method, e.g. `gin`. */
  readonly method?: string;
}

/**
 * What `upgrade(op)` and `downgrade(op)` receive. Each call records one operation; they run in
 * call order inside the revision's transaction. Awaiting a call is optional: it resolves once
 * that operation has run (await it before reading data through `op.db`).
 */
export interface Operations {
  /** `'sqlite'` or `'postgres'`: for the rare revision that must differ per database. */
  readonly dialect: string;
  /** True when printing SQL (`--sql`): `op.db` is not available then. */
  readonly offline: boolean;
  /** The Kysely instance of the running transaction, for data migrations. */
  readonly db: Kysely<any>;

  createTable(name: string, columns: Readonly<Record<string, ColumnInput>>, options?: TableOptions): Promise<void>;
  dropTable(name: string, options?: SchemaOption): Promise<void>;
  renameTable(name: string, newName: string, options?: SchemaOption): Promise<void>;
  addColumn(table: string, name: string, column: ColumnInput, options?: SchemaOption): Promise<void>;
  dropColumn(table: string, name: string, options?: SchemaOption): Promise<void>;
  alterColumn(table: string, column: string, changes: AlterColumnChanges): Promise<void>;
  createIndex(name: string, table: string, columns: readonly IndexElement[], options?: CreateIndexOptions): Promise<void>;
  dropIndex(name: string, options?: SchemaOption & { readonly table?: string }): Promise<void>;
  createUniqueConstraint(name: string, table: string, columns: readonly string[], options?: SchemaOption): Promise<void>;
  createForeignKey(name: string, table: string, foreignKey: Omit<ForeignKeyInput, 'name'>, options?: SchemaOption): Promise<void>;
  createCheckConstraint(name: string, table: string, expression: string, options?: SchemaOption): Promise<void>;
  createPrimaryKey(name: string, table: string, columns: readonly string[], options?: SchemaOption): Promise<void>;
  dropConstraint(name: string, table: string, options?: SchemaOption & { readonly type?: ConstraintType }): Promise<void>;
  /**
   * Renames a constraint of `table`, or an index with `type: 'index'` (PostgreSQL: catalog only;
   * SQLite: the table is rebuilt, rows kept).
   */
  renameConstraint(name: string, table: string, newName: string, options?: SchemaOption & { readonly type?: ConstraintType | 'index' }): Promise<void>;
  /** Sets a table's comment (`null` removes it); ignored where the database has no comments (SQLite). */
  setTableComment(table: string, comment: string | null, options?: SchemaOption): Promise<void>;
  execute(sql: string): Promise<void>;
  bulkInsert(table: string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, options?: SchemaOption): Promise<void>;
  /** Creates an enum type (PostgreSQL; nothing on SQLite, where enum columns carry their values). */
  createEnum(name: string, values: readonly string[], options?: SchemaOption): Promise<void>;
  /** Drops an enum type; no column may use it any more. */
  dropEnum(name: string, options?: SchemaOption): Promise<void>;
  /**
   * Adds a value, at the end or `before`/`after` an existing one. PostgreSQL lets the upgrade use
   * the value only after it is committed: put the call in `op.autocommitBlock(() => ...)` when a
   * later statement of the revision uses it (autogenerate does).
   */
  addEnumValue(name: string, value: string, options?: AddEnumValueOptions): Promise<void>;
  /** Renames a value; the rows holding it follow. */
  renameEnumValue(name: string, from: string, to: string, options?: SchemaOption): Promise<void>;
  /**
   * Gives an enum exactly these values, in this order (removing or reordering values): the type
   * is recreated and every column using it converted, keeping its rows and default. Fails if a
   * row holds a value that goes away: update such rows first.
   */
  replaceEnumValues(name: string, values: readonly string[], options?: SchemaOption): Promise<void>;
  /**
   * Runs the ops `work` records outside the revision's transaction, for statements a transaction
   * refuses (PostgreSQL `CREATE INDEX CONCURRENTLY`, an enum value added by `ALTER TYPE ... ADD
   * VALUE` and used later in the same revision): what ran before is committed, the block's ops
   * run one by one in autocommit, then a new transaction opens for the rest of the revision.
   * The version row still changes only at the end, after everything succeeded. The block's ops
   * are not rolled back if something fails later: write them so they can run again (`IF NOT
   * EXISTS`). With `--sql` the script gets `COMMIT;` before the block and `BEGIN;` after it.
   * Like Alembic's `autocommit_block()`.
   */
  autocommitBlock(work: () => Promise<void> | void): Promise<void>;
}

export interface AddEnumValueOptions extends SchemaOption {
  /** Place the new value before this one. */
  readonly before?: string;
  /** Place the new value after this one. */
  readonly after?: string;
}

/** Where the recorded ops go: the runtime runs them one after another (or prints their SQL). */
export interface OpSink {
  readonly dialect: string;
  readonly offline: boolean;
  /** Runs one op; called in order, each after the previous one has finished. */
  run(op: Op): Promise<void>;
  /** The transaction's Kysely instance; throws in offline mode. */
  db(): Kysely<any>;
  /**
   * Commits the transaction so far, runs `work` with every op in autocommit (and `db()` outside
   * any transaction), then opens a new transaction. Already outside one, just runs `work`.
   * Without it, `op.autocommitBlock` is refused.
   */
  outsideTransaction?(work: () => Promise<void>): Promise<void>;
}

/** A queue of recorded ops; `drain()` resolves when all ran, or rejects with the first failure. */
export interface OperationsRecorder {
  readonly op: Operations;
  drain(): Promise<void>;
}

function schemaOf(options?: SchemaOption): string | null {
  return options?.schema ?? null;
}

function requireName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.trim() === '') throw new UserError(`${what} needs a name`);
  return name;
}

/** Enum labels: strings, each once. */
function enumValues(values: unknown, what: string): string[] {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    throw new UserError(`${what} needs the values as an array of strings`, { hint: "e.g. ['pending', 'paid', 'shipped']" });
  }
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) throw new UserError(`${what} lists the value ${JSON.stringify(twice)} twice`);
  return [...(values as string[])];
}

function enumLabel(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new UserError(`${what} needs the value as a string`);
  return value;
}

/** Ops waiting to run, one after another; once one fails, the rest are skipped. */
interface OpQueue {
  /** Runs `task` after everything queued before it. */
  push(task: () => Promise<void>): Promise<void>;
  /** Records a failure found before anything could be queued (a bad argument). */
  fail(error: unknown): Promise<void>;
  /** Resolves when all ran, or rejects with the first failure. */
  drain(): Promise<void>;
}

function createQueue(): OpQueue {
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  return {
    push(task) {
      const result = chain.then(() => {
        if (failure) throw failure.error;
        return task();
      });
      chain = result.catch((error: unknown) => {
        failure ??= { error };
      });
      // The caller may not await: mark the promise handled so a failure is reported once, by drain().
      result.catch(() => undefined);
      return result;
    },
    fail(error) {
      failure ??= { error };
      const rejected = Promise.reject(error);
      rejected.catch(() => undefined);
      return rejected;
    },
    async drain() {
      await chain;
      if (failure) throw failure.error;
    },
  };
}

/**
 * Builds the `op` object given to a revision. Ops run strictly in call order; once one fails,
 * the rest are skipped and `drain()` rejects with that failure.
 *
 * An `autocommitBlock` is one entry of that order: it starts once the ops before it ran, and
 * the ops its `work` records (followed across awaits with an AsyncLocalStorage, so whether the
 * caller awaits the block or not makes no difference) form a queue of their own that must finish
 * before anything recorded after the block runs.
 */
export function createOperations(sink: OpSink): OperationsRecorder {
  const main = createQueue();
  const blocks = new AsyncLocalStorage<OpQueue>();
  const queue = () => blocks.getStore() ?? main;

  const enqueue = (build: () => Op): Promise<void> => {
    const q = queue();
    let op: Op;
    try {
      op = build();
    } catch (error) {
      return q.fail(error);
    }
    return q.push(() => sink.run(op));
  };

  const autocommitBlock = (work: () => Promise<void> | void): Promise<void> => {
    const q = queue();
    if (typeof work !== 'function') {
      return q.fail(new UserError('op.autocommitBlock needs a function', { hint: 'op.autocommitBlock(async () => { await op.execute(...); })' }));
    }
    const outside = sink.outsideTransaction?.bind(sink);
    if (!outside) return q.fail(new UserError('op.autocommitBlock is not available here: nothing runs these ops in a transaction'));
    return q.push(() =>
      outside(async () => {
        const inner = createQueue();
        try {
          await blocks.run(inner, work);
        } catch (error) {
          // Let the block's queued ops settle first: none may run after it, inside the next transaction.
          await inner.drain().catch(() => undefined);
          throw error;
        }
        await inner.drain();
      }),
    );
  };

  const op: Operations = {
    dialect: sink.dialect,
    offline: sink.offline,
    get db() {
      return sink.db();
    },
    createTable: (name, columns, options) => enqueue(() => ({ kind: 'createTable', table: toTable(requireName(name, 'createTable'), columns, options) })),
    dropTable: (name, options) => enqueue(() => ({ kind: 'dropTable', table: requireName(name, 'dropTable'), schema: schemaOf(options) })),
    renameTable: (name, newName, options) =>
      enqueue(() => ({ kind: 'renameTable', table: requireName(name, 'renameTable'), newName: requireName(newName, 'renameTable'), schema: schemaOf(options) })),
    addColumn: (table, name, column, options) =>
      enqueue(() => ({ kind: 'addColumn', table, schema: schemaOf(options), column: toColumn(requireName(name, 'addColumn'), column, table) })),
    dropColumn: (table, name, options) => enqueue(() => ({ kind: 'dropColumn', table, schema: schemaOf(options), column: requireName(name, 'dropColumn') })),
    alterColumn: (table, column, changes) =>
      enqueue(() => {
        const keys = ['newName', 'type', 'nullable', 'default', 'comment'] as const;
        if (!keys.some((k) => changes[k] !== undefined)) {
          throw new UserError(`alterColumn(${table}.${column}) changes nothing`, { hint: `give one of ${keys.join(', ')}` });
        }
        return {
          kind: 'alterColumn',
          table,
          schema: schemaOf(changes),
          column,
          ...(changes.newName !== undefined && { newName: changes.newName }),
          ...(changes.type !== undefined && { type: parseColumnType(changes.type, `${table}.${column}`) }),
          ...(changes.nullable !== undefined && { nullable: changes.nullable }),
          ...(changes.default !== undefined && { default: toServerDefault(changes.default) }),
          ...(changes.comment !== undefined && { comment: changes.comment }),
          ...(changes.using !== undefined && { using: changes.using }),
        };
      }),
    createIndex: (name, table, columns, options) =>
      enqueue(() => ({
        kind: 'createIndex',
        table,
        schema: schemaOf(options),
        index: { name: requireName(name, 'createIndex'), columns: [...columns], unique: options?.unique ?? false, where: options?.where ?? null, method: options?.method ?? null },
      })),
    dropIndex: (name, options) => enqueue(() => ({ kind: 'dropIndex', name: requireName(name, 'dropIndex'), table: options?.table ?? null, schema: schemaOf(options) })),
    createUniqueConstraint: (name, table, columns, options) =>
      enqueue(() => ({ kind: 'createUniqueConstraint', table, schema: schemaOf(options), constraint: { name: requireName(name, 'createUniqueConstraint'), columns: [...columns] } })),
    createForeignKey: (name, table, fk, options) =>
      enqueue(() => ({
        kind: 'createForeignKey',
        table,
        schema: schemaOf(options),
        foreignKey: { ...toForeignKey({ ...fk, name }, table), name: requireName(name, 'createForeignKey') },
      })),
    createCheckConstraint: (name, table, expression, options) =>
      enqueue(() => ({ kind: 'createCheckConstraint', table, schema: schemaOf(options), check: { name: requireName(name, 'createCheckConstraint'), expression } })),
    createPrimaryKey: (name, table, columns, options) =>
      enqueue(() => ({ kind: 'createPrimaryKey', table, schema: schemaOf(options), primaryKey: { name: requireName(name, 'createPrimaryKey'), columns: [...columns] } })),
    dropConstraint: (name, table, options) =>
      enqueue(() => ({ kind: 'dropConstraint', name: requireName(name, 'dropConstraint'), table, schema: schemaOf(options), ...(options?.type && { type: options.type }) })),
    renameConstraint: (name, table, newName, options) =>
      enqueue(() => ({
        kind: 'renameConstraint',
        name: requireName(name, 'renameConstraint'),
        table,
        newName: requireName(newName, 'renameConstraint'),
        schema: schemaOf(options),
        ...(options?.type && { type: options.type }),
      })),
    setTableComment: (table, comment, options) => enqueue(() => ({ kind: 'setTableComment', table, schema: schemaOf(options), comment })),
    execute: (sql) =>
      enqueue(() => {
        if (typeof sql !== 'string' || sql.trim() === '') throw new UserError('op.execute needs an SQL string');
        return { kind: 'execute', sql };
      }),
    bulkInsert: (table, rows, options) => enqueue(() => ({ kind: 'bulkInsert', table, schema: schemaOf(options), rows: [...rows] })),
    createEnum: (name, values, options) =>
      enqueue(() => ({ kind: 'createEnum', name: requireName(name, 'createEnum'), schema: schemaOf(options), values: enumValues(values, `createEnum(${name})`) })),
    dropEnum: (name, options) => enqueue(() => ({ kind: 'dropEnum', name: requireName(name, 'dropEnum'), schema: schemaOf(options) })),
    addEnumValue: (name, value, options) =>
      enqueue(() => {
        if (options?.before !== undefined && options.after !== undefined) {
          throw new UserError(`addEnumValue(${name}, ${JSON.stringify(value)}) gives both before and after`, { hint: 'give one of them' });
        }
        return {
          kind: 'addEnumValue',
          name: requireName(name, 'addEnumValue'),
          schema: schemaOf(options),
          value: enumLabel(value, `addEnumValue(${name})`),
          ...(options?.before !== undefined && { before: enumLabel(options.before, `addEnumValue(${name}) before`) }),
          ...(options?.after !== undefined && { after: enumLabel(options.after, `addEnumValue(${name}) after`) }),
        };
      }),
    renameEnumValue: (name, from, to, options) =>
      enqueue(() => ({
        kind: 'renameEnumValue',
        name: requireName(name, 'renameEnumValue'),
        schema: schemaOf(options),
        from: enumLabel(from, `renameEnumValue(${name}) from`),
        to: enumLabel(to, `renameEnumValue(${name}) to`),
      })),
    replaceEnumValues: (name, values, options) =>
      enqueue(() => ({
        kind: 'replaceEnumValues',
        name: requireName(name, 'replaceEnumValues'),
        schema: schemaOf(options),
        values: enumValues(values, `replaceEnumValues(${name})`),
      })),
    autocommitBlock,
  };

  return { op, drain: () => main.drain() };
}
