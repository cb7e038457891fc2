// Not a test file: fast-check arbitraries of ops, in the exact form `createOperations` records them.
import fc from 'fast-check';
import type { ConstraintType, Op } from '../../src/ops/ops.js';
import type { ColumnType } from '../../src/schema/column-type.js';
import type { CheckConstraint, Column, ForeignKey, ForeignKeyAction, Index, PrimaryKey, ServerDefault, Table, UniqueConstraint } from '../../src/schema/schema.js';

/** One character that tends to break quoting: quotes, escapes, controls, separators, surrogates, emoji. */
const tricky = fc.oneof(
  fc.constantFrom("'", '"', '\\', '\n', '\r', '\t', '\0', ' ', '$', '{', '}', '`', '*/', '\u2028', '\u202e', '\u00a0', '\ufeff', '😀', 'é', '\u0301'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

export const textArb = fc.string({ unit: tricky, maxLength: 10 });
const nonEmptyText = textArb.filter((s) => s !== '');

/** A name `createOperations` accepts: not blank; never integer-like (object literals reorder those keys). */
export const nameArb = fc
  .oneof(textArb, fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'class', 'id', '1e3', '01', 'a b', '$x', 'ünï'))
  .filter((s) => s.trim() !== '' && !/^(0|[1-9]\d*)$/.test(s));

const schemaArb = fc.option(nameArb, { nil: null });
const numberArb = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity));

export const typeArb: fc.Arbitrary<ColumnType> = fc.oneof(
  fc.constantFrom(...(['integer', 'bigint', 'smallint', 'varchar', 'text', 'boolean', 'date', 'time', 'numeric', 'real', 'double', 'json', 'uuid', 'blob'] as const)).map(
    (kind) => ({ kind }) as ColumnType,
  ),
  fc.record({ kind: fc.constant('varchar' as const), length: fc.oneof(fc.nat(100_000), numberArb) }),
  fc.record(
    { kind: fc.constant('numeric' as const), precision: fc.oneof(fc.nat(100), numberArb), scale: fc.oneof(fc.nat(100), numberArb) },
    { requiredKeys: ['kind'] },
  ),
  fc.record({ kind: fc.constant('timestamp' as const), withTimeZone: fc.boolean() }),
  fc.record({ kind: fc.constant('raw' as const), sql: textArb }),
  fc.record(
    { kind: fc.constant('enum' as const), name: nameArb, schema: nameArb, values: fc.uniqueArray(textArb, { maxLength: 3 }) },
    { requiredKeys: ['kind', 'name', 'values'] },
  ),
);

export const defaultArb: fc.Arbitrary<ServerDefault | null> = fc.oneof(
  fc.constant(null),
  fc.record({ kind: fc.constant('literal' as const), value: fc.oneof(textArb, numberArb, fc.boolean()) }),
  fc.record({ kind: fc.constant('sql' as const), sql: textArb }),
);

const columnFields = {
  type: typeArb,
  nullable: fc.boolean(),
  default: defaultArb,
  autoincrement: fc.boolean(),
  comment: fc.option(textArb, { nil: null }),
};

export const columnArb = (name: fc.Arbitrary<string> = nameArb): fc.Arbitrary<Column> => fc.record({ name, ...columnFields });

const actionArb = fc.option(fc.constantFrom<ForeignKeyAction>('NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'), { nil: null });

function foreignKeyArb(columns: fc.Arbitrary<string[]>): fc.Arbitrary<ForeignKey> {
  return columns.chain((cols) =>
    fc.record({
      name: fc.option(nameArb, { nil: null }),
      columns: fc.constant(cols),
      refTable: nameArb,
      refSchema: schemaArb,
      refColumns: fc.array(nameArb, { minLength: cols.length, maxLength: cols.length }),
      onDelete: actionArb,
      onUpdate: actionArb,
      deferrable: fc.boolean(),
      initiallyDeferred: fc.boolean(),
    }),
  );
}

const indexElementsArb = (names: fc.Arbitrary<string>) =>
  fc.array(fc.oneof(names, fc.record({ expression: textArb })), { minLength: 1, maxLength: 3 });

function indexArb(names: fc.Arbitrary<string>): fc.Arbitrary<Index> {
  return fc.record({
    name: nameArb,
    columns: indexElementsArb(names),
    unique: fc.boolean(),
    where: fc.option(nonEmptyText, { nil: null }),
    method: fc.option(nonEmptyText, { nil: null }),
  });
}

export const tableArb: fc.Arbitrary<Table> = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 4 }).chain((names) => {
  const some = fc.subarray(names, { minLength: 1 });
  const named = fc.option(nameArb, { nil: null });
  return fc.record({
    name: nameArb,
    schema: schemaArb,
    columns: fc.tuple(...names.map((n) => columnArb(fc.constant(n)))),
    primaryKey: fc.option(fc.record<PrimaryKey>({ name: named, columns: fc.shuffledSubarray(names, { minLength: 1 }) }), { nil: null }),
    foreignKeys: fc.array(foreignKeyArb(some), { maxLength: 2 }),
    uniques: fc.array(fc.record<UniqueConstraint>({ name: named, columns: some }), { maxLength: 2 }),
    checks: fc.array(fc.record<CheckConstraint>({ name: named, expression: textArb }), { maxLength: 2 }),
    indexes: fc.array(indexArb(fc.constantFrom(...names)), { maxLength: 2 }),
    comment: fc.option(textArb, { nil: null }),
  });
});

const target = { table: nameArb, schema: schemaArb };
const names = fc.array(nameArb, { minLength: 1, maxLength: 3 });
const fullForeignKey = foreignKeyArb(names).map((fk) => ({ ...fk, name: fk.name ?? 'fk' }));

const rowValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  textArb,
  numberArb,
  fc.bigInt(),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 4 }),
  fc.constant(undefined),
);

// Enum types: labels are any text, each once.
const enumTarget = { name: nameArb, schema: schemaArb };
const enumValuesArb = fc.uniqueArray(textArb, { maxLength: 4 });
const enumPlace = fc.oneof(fc.constant({}), textArb.map((before) => ({ before })), textArb.map((after) => ({ after })));
const enumOps = {
  create: fc.record({ kind: fc.constant('createEnum' as const), ...enumTarget, values: enumValuesArb }),
  add: fc.tuple(fc.record({ kind: fc.constant('addEnumValue' as const), ...enumTarget, value: textArb }), enumPlace).map(([op, place]): Op => ({ ...op, ...place })),
  rename: fc.record({ kind: fc.constant('renameEnumValue' as const), ...enumTarget, from: textArb, to: textArb }),
};

const alterChanges = fc
  .record(
    { newName: nameArb, type: typeArb, nullable: fc.boolean(), default: defaultArb, comment: fc.option(textArb, { nil: null }), using: textArb },
    { requiredKeys: [] },
  )
  .filter((c) => ['newName', 'type', 'nullable', 'default', 'comment'].some((k) => k in c));

/** Any op, as `createOperations` records it. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  tableArb.map((table): Op => ({ kind: 'createTable', table })),
  fc.record({ kind: fc.constant('dropTable' as const), ...target }),
  fc.record({ kind: fc.constant('renameTable' as const), ...target, newName: nameArb }),
  fc.record({ kind: fc.constant('addColumn' as const), ...target, column: columnArb() }),
  fc.record({ kind: fc.constant('dropColumn' as const), ...target, column: nameArb }),
  fc.tuple(fc.record({ kind: fc.constant('alterColumn' as const), ...target, column: nameArb }), alterChanges).map(([op, changes]): Op => ({ ...op, ...changes })),
  fc.record({ kind: fc.constant('createIndex' as const), ...target, index: indexArb(nameArb) }),
  fc.record({ kind: fc.constant('dropIndex' as const), name: nameArb, table: fc.option(nameArb, { nil: null }), schema: schemaArb }),
  fc.record({ kind: fc.constant('createUniqueConstraint' as const), ...target, constraint: fc.record({ name: nameArb, columns: names }) }),
  fc.record({ kind: fc.constant('createForeignKey' as const), ...target, foreignKey: fullForeignKey }),
  fc.record({ kind: fc.constant('createCheckConstraint' as const), ...target, check: fc.record({ name: nameArb, expression: textArb }) }),
  fc.record({ kind: fc.constant('createPrimaryKey' as const), ...target, primaryKey: fc.record({ name: nameArb, columns: names }) }),
  fc.record(
    {
      kind: fc.constant('dropConstraint' as const),
      name: nameArb,
      ...target,
      type: fc.constantFrom<ConstraintType>('primaryKey', 'foreignKey', 'unique', 'check'),
    },
    { requiredKeys: ['kind', 'name', 'table', 'schema'] },
  ),
  fc.record({ kind: fc.constant('setTableComment' as const), ...target, comment: fc.option(textArb, { nil: null }) }),
  fc.record({ kind: fc.constant('execute' as const), sql: textArb.filter((s) => s.trim() !== '') }),
  fc.record({ kind: fc.constant('bulkInsert' as const), ...target, rows: fc.array(fc.dictionary(textArb, rowValue, { maxKeys: 3 }), { maxLength: 3 }) }),
  enumOps.create,
  fc.record({ kind: fc.constant('dropEnum' as const), ...enumTarget }),
  enumOps.add,
  enumOps.rename,
  fc.record({ kind: fc.constant('replaceEnumValues' as const), ...enumTarget, values: enumValuesArb }),
);

/** Reversible ops carrying consistent `existing` objects (what autogenerate produces). */
export const reversibleOpArb: fc.Arbitrary<Op> = fc.oneof(
  tableArb.map((table): Op => ({ kind: 'createTable', table })),
  tableArb.map((t): Op => ({ kind: 'dropTable', table: t.name, schema: t.schema ?? null, existing: t })),
  fc.record({ kind: fc.constant('renameTable' as const), ...target, newName: nameArb }),
  fc.record({ kind: fc.constant('addColumn' as const), ...target, column: columnArb() }),
  fc.record({ ...target, existing: columnArb() }).map((o): Op => ({ kind: 'dropColumn', ...o, column: o.existing.name })),
  fc
    .tuple(fc.record({ ...target, existing: columnArb() }), alterChanges)
    .map(([o, { using: _using, ...changes }]): Op => ({ kind: 'alterColumn', ...o, column: o.existing.name, ...changes })),
  fc.record({ ...target, column: nameArb, newName: nameArb }).map((o): Op => ({ kind: 'alterColumn', ...o })),
  fc.record({ kind: fc.constant('createIndex' as const), ...target, index: indexArb(nameArb) }),
  fc.record({ ...target, existing: indexArb(nameArb) }).map((o): Op => ({ kind: 'dropIndex', ...o, name: o.existing.name })),
  fc.record({ kind: fc.constant('createUniqueConstraint' as const), ...target, constraint: fc.record({ name: nameArb, columns: names }) }),
  fc.record({ kind: fc.constant('createForeignKey' as const), ...target, foreignKey: fullForeignKey }),
  fc.record({ kind: fc.constant('createCheckConstraint' as const), ...target, check: fc.record({ name: nameArb, expression: textArb }) }),
  fc.record({ kind: fc.constant('createPrimaryKey' as const), ...target, primaryKey: fc.record({ name: nameArb, columns: names }) }),
  fc.record({ ...target, existing: fc.record({ name: nameArb, columns: names }), type: fc.constantFrom<ConstraintType>('unique', 'primaryKey') }).map(
    (o): Op => ({ kind: 'dropConstraint', ...o, name: o.existing.name }),
  ),
  fc.record({ ...target, existing: fc.record({ name: nameArb, expression: textArb }) }).map((o): Op => ({ kind: 'dropConstraint', ...o, name: o.existing.name, type: 'check' })),
  fc.record({ ...target, existing: fullForeignKey }).map((o): Op => ({ kind: 'dropConstraint', ...o, name: o.existing.name, type: 'foreignKey' })),
  fc.record({ kind: fc.constant('setTableComment' as const), ...target, comment: fc.option(textArb, { nil: null }), existing: fc.option(textArb, { nil: null }) }),
  enumOps.create,
  fc.record({ kind: fc.constant('dropEnum' as const), ...enumTarget, existing: enumValuesArb }),
  // addEnumValue reverses to replaceEnumValues (PostgreSQL cannot drop a value): not an involution, see enum-ops.test.ts
  enumOps.rename,
  fc.record({ kind: fc.constant('replaceEnumValues' as const), ...enumTarget, values: enumValuesArb, existing: enumValuesArb }),
);

export const opsArb = fc.array(opArb, { maxLength: 6 });
export const reversibleOpsArb = fc.array(reversibleOpArb, { maxLength: 6 });
