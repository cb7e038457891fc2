// Not a test file: op lists and helpers shared by reverse.test.ts and the render-*.test.ts files.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { createOperations } from '../../src/ops/operations.js';
import type { Op } from '../../src/ops/ops.js';
import { reverseOps } from '../../src/ops/reverse.js';
import { renderOps } from '../../src/render/render-ops.js';
import type { ColumnType } from '../../src/schema/column-type.js';
import type { Column, Index, Table } from '../../src/schema/schema.js';
import { renderRevisionTemplate } from '../../src/revisions/revision-template.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPLATE = readFileSync(join(REPO, 'migrations-template/generic/migrations/script.ts.tmpl'), 'utf8');

/** A column in the form `op.addColumn` records it (every field present). */
export function col(name: string, type: ColumnType, more: Partial<Column> = {}): Column {
  return { name, type, nullable: true, default: null, autoincrement: false, comment: null, ...more };
}

/** A table in the form `op.createTable` records it. */
export function table(name: string, columns: Column[], more: Partial<Table> = {}): Table {
  return { name, schema: null, columns, primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [], comment: null, ...more };
}

export function index(name: string, columns: Index['columns'], more: Partial<Index> = {}): Index {
  return { name, columns, unique: false, where: null, method: null, ...more };
}

const INT: ColumnType = { kind: 'integer' };

export const USERS = table(
  'users',
  [
    col('id', INT, { nullable: false, autoincrement: true }),
    col('email', { kind: 'varchar', length: 255 }, { nullable: false }),
    col('name', { kind: 'text' }, { default: { kind: 'literal', value: 'anonymous' }, comment: 'shown to others' }),
    col('created_at', { kind: 'timestamp', withTimeZone: true }, { nullable: false, default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } }),
    col('active', { kind: 'boolean' }, { nullable: false, default: { kind: 'literal', value: true } }),
    col('score', { kind: 'numeric', precision: 10, scale: 2 }, { default: { kind: 'literal', value: 0 } }),
    col('search', { kind: 'raw', sql: 'tsvector' }),
  ],
  {
    primaryKey: { name: null, columns: ['id'] },
    uniques: [{ name: 'uq_users_email', columns: ['email'] }],
    indexes: [index('ix_users_created_at', ['created_at'])],
  },
);

export const ORDERS = table(
  'orders',
  [
    col('user_id', INT, { nullable: false }),
    col('line', { kind: 'smallint' }, { nullable: false }),
    col('total', { kind: 'numeric', precision: 12 }, { nullable: false, default: { kind: 'literal', value: -1.5 } }),
    col('status', { kind: 'varchar', length: 20 }, { nullable: false, default: { kind: 'sql', sql: "'new'::character varying" } }),
    col('tags', { kind: 'json' }),
  ],
  {
    schema: 'shop',
    primaryKey: { name: null, columns: ['user_id', 'line'] },
    foreignKeys: [
      {
        name: 'fk_orders_user_id_users',
        columns: ['user_id'],
        refTable: 'users',
        refSchema: 'public',
        refColumns: ['id'],
        onDelete: 'CASCADE',
        onUpdate: 'SET NULL',
        deferrable: true,
        initiallyDeferred: true,
      },
    ],
    uniques: [{ name: null, columns: ['user_id', 'status'] }],
    checks: [
      { name: null, expression: 'line > 0' },
      { name: 'ck_orders_total', expression: 'total >= 0 OR status = \'refund\'' },
    ],
    indexes: [
      index('ix_orders_tags', [{ expression: "(tags->>'kind')" }], { method: 'gin', where: "status <> 'void'" }),
      index('uq_orders_user_line', ['user_id', 'line'], { unique: true }),
    ],
    comment: 'One row per order line',
  },
);

export const MEMBERSHIPS = table(
  'memberships',
  [
    col('group_id', { kind: 'bigint' }, { nullable: false }),
    col('user_id', INT, { nullable: false }),
    col('since', { kind: 'date' }),
    col('at', { kind: 'time' }),
    col('ratio', { kind: 'real' }),
    col('weight', { kind: 'double' }),
    col('token', { kind: 'uuid' }),
    col('avatar', { kind: 'blob' }),
    col('legacy', { kind: 'timestamp', withTimeZone: false }),
    col('code', { kind: 'varchar' }),
    col('amount', { kind: 'numeric' }),
  ],
  {
    // named, and not in column order: written as the table option
    primaryKey: { name: 'pk_memberships', columns: ['user_id', 'group_id'] },
    foreignKeys: [{ name: null, columns: ['user_id'], refTable: 'users', refSchema: null, refColumns: ['id'], onDelete: null, onUpdate: null, deferrable: false, initiallyDeferred: false }],
  },
);

/** Scenario: creating tables of every shape. */
export const CREATE_TABLES: Op[] = [
  { kind: 'createTable', table: USERS },
  { kind: 'createTable', table: ORDERS },
  { kind: 'createTable', table: MEMBERSHIPS },
  { kind: 'createTable', table: table('tiny', [col('id', INT)]) },
];

const NICKNAME = col('nickname', { kind: 'varchar', length: 40 }, { nullable: false, default: { kind: 'literal', value: '' }, comment: 'optional' });
const AGE = col('age', { kind: 'integer' }, { default: { kind: 'literal', value: 0 } });

/** Scenario: columns and tables altered (every op carries what reversing it needs). */
export const ALTER_COLUMNS: Op[] = [
  { kind: 'renameTable', table: 'people', newName: 'users', schema: null },
  { kind: 'addColumn', table: 'users', schema: null, column: NICKNAME },
  { kind: 'addColumn', table: 'accounts', schema: 'billing', column: col('id', INT, { nullable: false, autoincrement: true }) },
  { kind: 'dropColumn', table: 'users', schema: null, column: 'age', existing: AGE },
  { kind: 'alterColumn', table: 'users', schema: null, column: 'fullname', newName: 'full_name' },
  {
    kind: 'alterColumn',
    table: 'users',
    schema: 'public',
    column: 'score',
    type: { kind: 'bigint' },
    using: 'score::bigint',
    existing: col('score', { kind: 'numeric', precision: 10, scale: 2 }),
  },
  {
    kind: 'alterColumn',
    table: 'users',
    schema: null,
    column: 'email',
    nullable: false,
    default: { kind: 'sql', sql: "lower('X')" },
    comment: 'login',
    existing: col('email', { kind: 'varchar', length: 255 }),
  },
  {
    kind: 'alterColumn',
    table: 'users',
    schema: null,
    column: 'name',
    newName: 'display_name',
    type: { kind: 'raw', sql: 'citext' },
    default: null,
    comment: null,
    existing: col('name', { kind: 'text' }, { default: { kind: 'literal', value: 'anonymous' }, comment: 'shown to others' }),
  },
  { kind: 'setTableComment', table: 'users', schema: null, comment: 'People who log in', existing: null },
  { kind: 'setTableComment', table: 'orders', schema: 'shop', comment: null, existing: 'One row per order line' },
];

/** Scenario: indexes and constraints created and dropped. */
export const CONSTRAINTS: Op[] = [
  { kind: 'createIndex', table: 'users', schema: null, index: index('ix_users_email', ['email']) },
  {
    kind: 'createIndex',
    table: 'orders',
    schema: 'shop',
    index: index('ix_orders_lower_status_partial', [{ expression: 'lower(status)' }, 'user_id'], { unique: true, where: 'total > 100', method: 'btree' }),
  },
  { kind: 'dropIndex', name: 'ix_users_old', table: 'users', schema: null, existing: index('ix_users_old', ['name', 'email']) },
  { kind: 'createUniqueConstraint', table: 'users', schema: null, constraint: { name: 'uq_users_name', columns: ['name'] } },
  {
    kind: 'createForeignKey',
    table: 'orders',
    schema: 'shop',
    foreignKey: {
      name: 'fk_orders_user',
      columns: ['user_id'],
      refTable: 'users',
      refSchema: 'public',
      refColumns: ['id'],
      onDelete: 'RESTRICT',
      onUpdate: 'NO ACTION',
      deferrable: true,
      initiallyDeferred: false,
    },
  },
  {
    kind: 'createForeignKey',
    table: 'memberships',
    schema: null,
    foreignKey: { name: 'fk_memberships_group', columns: ['group_id', 'kind'], refTable: 'groups', refSchema: null, refColumns: ['id', 'kind'], onDelete: null, onUpdate: null, deferrable: false, initiallyDeferred: false },
  },
  { kind: 'createCheckConstraint', table: 'users', schema: null, check: { name: 'ck_users_email', expression: "email LIKE '%@%'" } },
  { kind: 'createPrimaryKey', table: 'memberships', schema: null, primaryKey: { name: 'pk_memberships', columns: ['user_id', 'group_id'] } },
  { kind: 'dropConstraint', table: 'users', schema: null, name: 'uq_users_login', type: 'unique', existing: { name: 'uq_users_login', columns: ['login'] } },
  {
    kind: 'dropConstraint',
    table: 'orders',
    schema: 'shop',
    name: 'fk_orders_coupon',
    type: 'foreignKey',
    existing: { name: 'fk_orders_coupon', columns: ['coupon_id'], refTable: 'coupons', refSchema: null, refColumns: ['id'], onDelete: 'SET DEFAULT', onUpdate: null, deferrable: false, initiallyDeferred: false },
  },
  { kind: 'dropConstraint', table: 'users', schema: null, name: 'ck_users_age', type: 'check', existing: { name: 'ck_users_age', expression: 'age >= 0' } },
  { kind: 'dropConstraint', table: 'users', schema: null, name: 'pk_users', type: 'primaryKey', existing: { name: 'pk_users', columns: ['id'] } },
];

/** Scenario: tables dropped (the downgrade recreates them from `existing`). */
export const DROP_TABLES: Op[] = [
  { kind: 'dropTable', table: 'orders', schema: 'shop', existing: ORDERS },
  { kind: 'dropTable', table: 'users', schema: null, existing: USERS },
];

const WEIRD_TEXT = "it's \"quoted\" \\ back\\slash\nnew line\ttab\r\0nul \u0007bell ${not} `tick` */ é 日本 😀 \u202Ertl\u202C \u200B\u00A0\u2028\u2029 \uD800 lone";

/** Scenario: names and text that need quoting and escaping. */
export const ESCAPING: Op[] = [
  {
    kind: 'createTable',
    table: table(
      'user data',
      [
        col('first name', { kind: 'text' }, { nullable: false, default: { kind: 'literal', value: WEIRD_TEXT } }),
        col('__proto__', { kind: 'integer' }),
        col('class', { kind: 'integer' }),
        col('constructor', { kind: 'varchar', length: 10 }),
        col('$ok_name1', { kind: 'integer' }),
        col('ünïcode', { kind: 'integer' }),
        col("it's", { kind: 'raw', sql: 'character varying(10) COLLATE "C"' }),
        col('1e3', { kind: 'integer' }),
        col('odd_types', { kind: 'varchar', length: 1.5 }),
        col('raw_padded', { kind: 'raw', sql: ' text ' }),
        col('num_scale_only', { kind: 'numeric', scale: 2 }),
        col('neg_zero', { kind: 'real' }, { default: { kind: 'literal', value: -0 } }),
        col('not_a_number', { kind: 'double' }, { default: { kind: 'literal', value: Number.NaN } }),
        col('huge', { kind: 'double' }, { default: { kind: 'literal', value: Number.NEGATIVE_INFINITY } }),
      ],
      { schema: 'we"ird', comment: WEIRD_TEXT, checks: [{ name: 'ck \'q\'', expression: "\"first name\" <> ''" }] },
    ),
  },
  { kind: 'setTableComment', table: 'user data', schema: 'we"ird', comment: 'line one\nline two', existing: WEIRD_TEXT },
  {
    kind: 'alterColumn',
    table: 'user data',
    schema: 'we"ird',
    column: 'first name',
    newName: 'first\nname',
    comment: '\'single\' and "double"',
    existing: col('first name', { kind: 'text' }, { nullable: false }),
  },
];

/** Scenario: data migrations (not reversible). */
export const DATA: Op[] = [
  { kind: 'execute', sql: 'UPDATE users SET active = true' },
  {
    kind: 'execute',
    sql: "CREATE VIEW active_users AS\n  SELECT id, email\n  FROM users\n  WHERE active AND email NOT LIKE '%@example.com'\n  ORDER BY id;",
  },
  {
    kind: 'bulkInsert',
    table: 'users',
    schema: null,
    rows: [
      { id: 1, email: 'a@example.com', active: true, score: 1.25, name: null },
      { id: 2, email: "o'neil@example.com", active: false, score: -0, name: 'Zoë\n' },
    ],
  },
  {
    kind: 'bulkInsert',
    table: 'events',
    schema: 'audit',
    rows: [
      {
        at: new Date('2024-02-29T12:34:56.789Z'),
        payload: { nested: [1, 'two', { three: 3 }], 'key with space': null },
        big: 12345678901234567890n,
        bytes: new Uint8Array([0, 1, 255]),
        nothing: undefined,
      },
    ],
  },
];

/** The golden scenarios: name, ops, and whether the downgrade is their reverse. */
export const SCENARIOS: ReadonlyArray<{ name: string; ops: Op[]; reversible: boolean }> = [
  { name: 'empty', ops: [], reversible: true },
  { name: 'create-tables', ops: CREATE_TABLES, reversible: true },
  { name: 'alter-columns', ops: ALTER_COLUMNS, reversible: true },
  { name: 'constraints-indexes', ops: CONSTRAINTS, reversible: true },
  { name: 'drop-tables', ops: DROP_TABLES, reversible: true },
  { name: 'escaping', ops: ESCAPING, reversible: true },
  { name: 'data', ops: DATA, reversible: false },
];

/** A complete revision file with the given bodies (fixed id and date, so it can be golden). */
export function revisionSource(name: string, upgradeBody: string, downgradeBody?: string): string {
  return renderRevisionTemplate(TEMPLATE, {
    revision: `golden_${name.replace(/\W/g, '_')}`,
    downRevisions: ['0000base'],
    message: `golden: ${name}`,
    createDate: '2025-01-01 00:00:00',
    upgradeBody,
    ...(downgradeBody !== undefined && { downgradeBody }),
  });
}

/** The revision file a scenario renders to: upgrade, and the downgrade when the ops reverse. */
export function scenarioSource(name: string, ops: readonly Op[], reversible: boolean): string {
  return revisionSource(name, renderOps(ops), reversible ? renderOps(reverseOps(ops)) : undefined);
}

/** An op as `createOperations` records it: without the `existing` object (it is not rendered). */
export function recordable(op: Op): Op {
  if (!('existing' in op)) return op;
  const { existing: _existing, ...rest } = op;
  return rest as Op;
}

/**
 * Runs a revision file's `upgrade` or `downgrade` against a recording `op` and returns the ops it
 * recorded: the file is transpiled (types erased) and evaluated, as the runtime loader would.
 */
export async function recordRevision(source: string, which: 'upgrade' | 'downgrade'): Promise<Op[]> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, unknown> = {};
  // the revision imports types only, so the transpiled file never calls require
  new Function('exports', 'require', js)(exports, () => {
    throw new Error('a rendered revision must not import anything at run time');
  });
  const ran: Op[] = [];
  const { op, drain } = createOperations({
    dialect: 'postgres',
    offline: true,
    db: () => {
      throw new Error('no database in this test');
    },
    run: async (o) => {
      ran.push(o);
    },
    // `op.autocommitBlock` (enum values added): its ops are recorded in order like any other.
    outsideTransaction: (work) => work(),
  });
  await (exports[which] as (o: typeof op) => Promise<void>)(op);
  await drain();
  return ran;
}
