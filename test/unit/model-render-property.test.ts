/**
 * Property: for random schemas (awkward names, every type, defaults, keys, references across
 * schemas and cycles, names following the convention, explicit or absent), the module
 * renderModels writes loads back to the same schema. Fixed seed; each run goes through esbuild.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModels } from '../../src/model/load-models.js';
import { conventionName, DEFAULT_NAMING_CONVENTION, expressionLabel, type NamingContext } from '../../src/model/naming-convention.js';
import { renderModels } from '../../src/render/render-models.js';
import type { ColumnType } from '../../src/schema/column-type.js';
import type { Column, ForeignKeyAction, Schema, ServerDefault, Table } from '../../src/schema/schema.js';
import { shortHash } from '../../src/util/short-hash.js';

const TABLES = ['users', 'posts', 'order', 'text', 'odd.name', 'a b', '__proto__', 'index', 'metadata', 't', 'T', 'ünï'];
const COLUMNS = ['id', 'a', 'b', 'user id', "it's", '__proto__', 'constructor', 'class', 'é', 'x.y', 'q"q', 'na\nme', 'toString', '$x'];
const TEXT = ['', 'plain', "it's", 'a "b"', 'back\\slash', 'new\nline', 'tab\t', '`tick`', '${x}', 'é😀', '\u2028', '\ud800'];
const SQL = ['now()', 'CURRENT_TIMESTAMP', "lower('x')", '`q` + 1', '${a}', 'a\n+ b', 'a \\ b'];
const RAW = ['tsvector', 'text[]', 'varchar(3) collate "C"', 'inet'];
const ACTIONS: Array<ForeignKeyAction | null> = [null, 'CASCADE', 'SET NULL', 'RESTRICT', 'SET DEFAULT'];

const typeArb: fc.Arbitrary<ColumnType> = fc.oneof(
  fc.constantFrom(...(['integer', 'bigint', 'smallint', 'text', 'boolean', 'date', 'time', 'real', 'double', 'json', 'uuid', 'blob'] as const)).map((kind) => ({ kind }) as ColumnType),
  fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }).map((length): ColumnType => (length === undefined ? { kind: 'varchar' } : { kind: 'varchar', length })),
  fc.constantFrom<ColumnType>({ kind: 'numeric' }, { kind: 'numeric', precision: 8 }, { kind: 'numeric', precision: 10, scale: 2 }),
  fc.boolean().map((withTimeZone): ColumnType => ({ kind: 'timestamp', withTimeZone })),
  fc.constantFrom(...RAW).map((sql): ColumnType => ({ kind: 'raw', sql })),
);
const defaultArb: fc.Arbitrary<ServerDefault | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom<string | number | boolean>(...TEXT, 0, -1, 2.5, -0, 1e21, true, false).map((value): ServerDefault => ({ kind: 'literal', value })),
  fc.constantFrom(...SQL).map((sql): ServerDefault => ({ kind: 'sql', sql })),
);
const commentArb = fc.option(fc.constantFrom(...TEXT), { nil: null });
const columnArb = (name: string): fc.Arbitrary<Column> =>
  fc.record({ name: fc.constant(name), type: typeArb, nullable: fc.boolean(), default: defaultArb, autoincrement: fc.constant(false), comment: commentArb });
const headArb = fc.record({
  name: fc.constantFrom(...TABLES),
  schema: fc.constantFrom(null, 's1', 'odd.schema'),
  columns: fc.uniqueArray(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 4 }).chain((names) => fc.tuple(...names.map(columnArb))),
});
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Head = ValueOf<typeof headArb>;
type NameMode = 'convention' | 'null' | 'explicit';
const modeArb = fc.constantFrom<NameMode>('convention', 'null', 'explicit');
const modeNoNull = fc.constantFrom<NameMode>('convention', 'explicit');

function tableArb(head: Head, all: ReadonlyArray<Head>) {
  const names = head.columns.map((c) => c.name);
  const cols = (max = 3) => fc.shuffledSubarray(names, { minLength: 1, maxLength: Math.min(max, names.length) });
  const fkArb = fc.nat(all.length - 1).chain((i) => {
    const target = all[i]!;
    const k = Math.min(names.length, target.columns.length, 2);
    return fc.record({
      columns: fc.shuffledSubarray(names, { minLength: k, maxLength: k }),
      refTable: fc.constant(target.name), refSchema: fc.constant(target.schema),
      refColumns: fc.shuffledSubarray(target.columns.map((c) => c.name), { minLength: k, maxLength: k }),
      onDelete: fc.constantFrom(...ACTIONS), onUpdate: fc.constantFrom(...ACTIONS), deferrable: fc.boolean(), initiallyDeferred: fc.boolean(),
      mode: modeArb,
    });
  });
  return fc.record({
    pk: fc.option(fc.record({ columns: cols(2), mode: modeArb, autoincrement: fc.boolean() }), { nil: null }),
    uniques: fc.array(fc.record({ columns: cols(), mode: modeArb }), { maxLength: 2 }),
    foreignKeys: fc.array(fkArb, { maxLength: 2 }),
    checks: fc.array(fc.record({ expression: fc.constantFrom('a > 0', "x <> ''", 'b is not null'), mode: modeArb }), { maxLength: 2 }),
    indexes: fc.array(fc.record({
      columns: fc.array(fc.oneof(fc.constantFrom(...names), fc.constantFrom(...SQL).map((expression) => ({ expression }))), { minLength: 1, maxLength: 3 }),
      unique: fc.boolean(), where: fc.option(fc.constantFrom(...SQL, ...TEXT.filter((t) => t !== '')), { nil: null }),
      method: fc.constantFrom(null, 'gin', 'brin'), mode: modeNoNull,
    }), { maxLength: 2 }),
    comment: commentArb,
  });
}

/** Builds the table, naming each object as its mode says (explicit names made unique by a counter). */
function assemble(head: Head, parts: ValueOf<ReturnType<typeof tableArb>>, counter: { n: number }): Table {
  const name = (mode: NameMode, context: NamingContext): string | null =>
    mode === 'null' ? null : mode === 'explicit' ? `${context.kind} "${head.name}" ${counter.n++}` : conventionName(DEFAULT_NAMING_CONVENTION, context);
  const table = head.name;
  const pk = parts.pk;
  const integerPk = pk && pk.columns.length === 1 && ['integer', 'bigint', 'smallint'].includes(head.columns.find((c) => c.name === pk.columns[0])!.type.kind);
  return {
    name: table, schema: head.schema,
    columns: head.columns.map((c) => ({ ...c, autoincrement: !!(integerPk && pk.autoincrement && c.name === pk.columns[0]) })),
    primaryKey: pk && { name: name(pk.mode, { kind: 'pk', table, columns: pk.columns }), columns: pk.columns },
    uniques: parts.uniques.map((u) => ({ name: name(u.mode, { kind: 'uq', table, columns: u.columns }), columns: u.columns })),
    foreignKeys: parts.foreignKeys.map(({ mode, ...fk }) => ({ ...fk, name: name(mode, { kind: 'fk', table, columns: fk.columns, referredTable: fk.refTable, referredColumns: fk.refColumns }) })),
    checks: parts.checks.map((c) => ({ name: name(c.mode, { kind: 'ck', table, columns: [], constraintName: shortHash(c.expression) }), expression: c.expression })),
    indexes: parts.indexes.map(({ mode, ...ix }) => ({
      ...ix, name: name(mode, { kind: 'ix', table, columns: ix.columns.map((e) => (typeof e === 'string' ? e : expressionLabel(e.expression))) })!,
    })),
    comment: parts.comment,
  };
}

/** Names the database would refuse twice: relations per schema, constraints per table. */
function namesUnique(schema: Schema): boolean {
  const relations = new Set<string>();
  const add = (set: Set<string>, key: string) => (set.has(key) ? false : (set.add(key), true));
  for (const t of schema.tables) if (!add(relations, `${t.schema}\0${t.name}`)) return false;
  for (const t of schema.tables) {
    const own = new Set<string>();
    for (const [n, rel] of [[t.primaryKey?.name, true], ...t.uniques.map((u) => [u.name, true]), ...t.foreignKeys.map((f) => [f.name, false]), ...t.checks.map((c) => [c.name, false])] as Array<[string | null | undefined, boolean]>) {
      if (n == null) continue;
      if (!add(own, n) || (rel && !add(relations, `${t.schema}\0${n}`))) return false;
    }
    for (const ix of t.indexes) if (!add(relations, `${t.schema}\0${ix.name}`)) return false;
  }
  return true;
}

const schemaArb: fc.Arbitrary<Schema> = fc
  .uniqueArray(headArb, { minLength: 1, maxLength: 4, selector: (h) => `${h.schema}\0${h.name}` })
  .chain((heads) => fc.tuple(...heads.map((h) => tableArb(h, heads))).map((parts) => {
    const counter = { n: 0 };
    const tables = heads.map((h, i) => assemble(h, parts[i]!, counter));
    return { tables: tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : (a.schema ?? '') < (b.schema ?? '') ? -1 : 1)) };
  }))
  .filter(namesUnique);

describe('renderModels round trip (property)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orm-models-prop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  it('toSchema(load(renderModels(S))) equals S', async () => {
    await fc.assert(
      fc.asyncProperty(schemaArb, async (schema) => {
        const file = join(dir, `m${n++}.ts`);
        writeFileSync(file, renderModels(schema));
        expect(await loadModels(file)).toEqual(schema);
      }),
      { seed: 20261121, numRuns: Number(process.env.ORM_MODEL_RUNS ?? 40) },
    );
  });
});
