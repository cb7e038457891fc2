import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Connection } from '../../src/dialects/dialect.js';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { toTable } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';
import type { Table } from '../../src/schema/schema.js';
import { createPgDatabase, describePg } from '../helpers/databases.js';

const dialect = createPostgresDialect();

/** A parent and a child using every portable type and every kind of constraint and index. */
function roundTripTables(schema: string | null): Table[] {
  const parent = toTable(
    'rt_parent',
    // Primary-key columns are NOT NULL in PostgreSQL whatever the DDL says: the IR says so too.
    { region: { type: 'varchar(8)', nullable: false }, code: { type: 'integer', nullable: false } },
    { schema, primaryKey: { name: 'rt_parent_pk', columns: ['region', 'code'] } },
  );
  const child = toTable(
    'rt_child',
    {
      id: { type: 'bigint', nullable: false, autoincrement: true },
      small: { type: 'smallint', nullable: false, default: -1 },
      counter: { type: 'integer', default: 0 },
      name: { type: 'varchar(40)', nullable: false, default: "it's", comment: "the child's name" },
      tag: { type: 'varchar' },
      body: { type: 'text', default: 'a\\b' },
      active: { type: 'boolean', nullable: false, default: true },
      born: { type: 'date', default: '2024-01-31' },
      wakes: { type: 'time' },
      created: { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } },
      updated: { type: 'timestamptz', default: { sql: 'now()' } },
      price: { type: 'numeric(10,2)', default: 1.5 },
      exact: { type: 'numeric' },
      ratio: { type: 'real' },
      score: { type: 'double', default: -2.5 },
      meta: { type: 'json', default: '{}' },
      uid: { type: 'uuid', default: { sql: 'gen_random_uuid()' } },
      data: { type: 'blob' },
      tags: { type: { raw: 'text[]' } },
      stamp: { type: { raw: 'timestamp(3) without time zone' } },
      region: { type: 'varchar(8)' },
      code: { type: 'integer' },
    },
    {
      schema,
      // Introspection always names constraints, so the round trip names them all.
      primaryKey: { name: 'rt_child_pk', columns: ['id'] },
      comment: 'every portable type',
      foreignKeys: [
        {
          name: 'rt_child_parent_fk',
          columns: ['region', 'code'],
          refTable: 'rt_parent',
          refSchema: schema,
          refColumns: ['region', 'code'],
          onDelete: 'CASCADE',
          onUpdate: 'RESTRICT',
          deferrable: true,
          initiallyDeferred: true,
        },
      ],
      uniques: [{ name: 'rt_child_name_uq', columns: ['name', 'tag'] }],
      checks: [
        { name: 'rt_child_counter_ck', expression: 'counter >= 0' },
        { name: 'rt_child_small_ck', expression: 'small <> 0 AND counter < 1000' },
      ],
      indexes: [
        { name: 'rt_child_body_ix', columns: [{ expression: 'lower(body)' }, 'id'], where: 'active' },
        { name: 'rt_child_meta_ix', columns: ['meta'], method: 'gin' },
        { name: 'rt_child_uid_ux', columns: ['uid'], unique: true, where: 'counter > 0' },
      ],
    },
  );
  return [child, parent];
}

describePg('PostgreSQL introspection', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let conn: Connection;
  const run = (...ops: Op[]) =>
    conn.db.transaction().execute(async (trx) => {
      for (const op of ops) await dialect.executeOp(op, trx);
    });

  beforeAll(async () => {
    database = await createPgDatabase('orm_pg_intro');
    conn = await dialect.connect(database.url);
  });
  afterAll(async () => {
    await conn?.close();
    await database?.drop();
  });

  it('createTable(T) then introspect gives back T, in the current schema and in another', async () => {
    const current = roundTripTables(null);
    await run(...[...current].reverse().map((table): Op => ({ kind: 'createTable', table })));
    expect((await dialect.introspect(conn.db)).tables).toEqual(current);

    await run({ kind: 'execute', sql: 'CREATE SCHEMA rt' });
    const other = roundTripTables('rt');
    await run(...[...other].reverse().map((table): Op => ({ kind: 'createTable', table })));
    expect((await dialect.introspect(conn.db, { schemas: ['rt'] })).tables).toEqual(other);
    // Both schemas at once, tables ordered by name.
    const both = await dialect.introspect(conn.db, { schemas: ['public', 'rt'] });
    expect(both.tables.map((t) => `${t.schema ?? '-'}.${t.name}`)).toEqual(['-.rt_child', 'rt.rt_child', '-.rt_parent', 'rt.rt_parent']);
  });

  it('reads what the IR has no words for without losing it', async () => {
    await run(
      { kind: 'execute', sql: 'CREATE SCHEMA odd' },
      {
        kind: 'execute',
        sql: `CREATE TABLE odd.legacy (
          id serial PRIMARY KEY,
          raw_json json,
          fixed char(3),
          twice integer GENERATED ALWAYS AS (id * 2) STORED,
          always_id bigint GENERATED ALWAYS AS IDENTITY,
          neg numeric(5,-2)
        );
        CREATE VIEW odd.legacy_view AS SELECT id FROM odd.legacy;
        CREATE TABLE odd.events (at date NOT NULL, n int) PARTITION BY RANGE (at);
        CREATE TABLE odd.events_2024 PARTITION OF odd.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE INDEX events_n ON odd.events (n);`,
      },
    );
    const { tables } = await dialect.introspect(conn.db, { schemas: ['odd'] });
    // The partitioned table is read, its partition and the view are not.
    expect(tables.map((t) => t.name)).toEqual(['events', 'legacy']);
    expect(tables[0]?.indexes).toEqual([{ name: 'events_n', columns: ['n'], unique: false, where: null, method: null }]);
    const cols = Object.fromEntries(tables[1]!.columns.map((c) => [c.name, c]));
    expect(cols.id).toMatchObject({ type: { kind: 'integer' }, autoincrement: true, default: null, nullable: false });
    expect(cols.raw_json?.type).toEqual({ kind: 'raw', sql: 'json' });
    expect(cols.fixed?.type).toEqual({ kind: 'raw', sql: 'character(3)' });
    expect(cols.twice?.type).toEqual({ kind: 'raw', sql: 'integer GENERATED ALWAYS AS ((id * 2)) STORED' });
    expect(cols.always_id).toMatchObject({ type: { kind: 'bigint' }, autoincrement: true });
    expect(cols.neg?.type).toEqual({ kind: 'numeric', precision: 5, scale: -2 });

    // The raw types read back are valid DDL: the table can be recreated from its own IR.
    const copy: Table = { ...tables[1]!, name: 'legacy_copy', primaryKey: null };
    await run({ kind: 'createTable', table: copy });
    const again = (await dialect.introspect(conn.db, { schemas: ['odd'] })).tables.find((t) => t.name === 'legacy_copy');
    // serial comes back as identity: both are autoincrement.
    expect(again?.columns).toEqual(copy.columns);
  });

  it('reads index ordering, operator classes and collations, and column collations, and recreates them', async () => {
    await run(
      { kind: 'execute', sql: 'CREATE SCHEMA opts' },
      {
        kind: 'execute',
        sql: `CREATE TABLE opts.items (
          id int PRIMARY KEY,
          sku varchar(20) COLLATE "C" NOT NULL,
          name text NOT NULL,
          "createdAt" timestamptz,
          doc jsonb,
          total numeric GENERATED ALWAYS AS (id * 2) STORED
        );
        CREATE INDEX items_order ON opts.items (id, "createdAt" DESC, name NULLS FIRST, sku DESC NULLS LAST);
        CREATE INDEX items_prefix ON opts.items (lower(name) text_pattern_ops, name COLLATE "C");
        CREATE INDEX items_doc ON opts.items USING gin (doc jsonb_path_ops);
        CREATE INDEX items_plain ON opts.items (name ASC NULLS LAST, sku COLLATE "C");`,
      },
    );
    const [table] = (await dialect.introspect(conn.db, { schemas: ['opts'] })).tables;
    const e = (expression: string) => ({ expression });
    expect(table!.indexes.map((i) => [i.name, i.columns])).toEqual([
      ['items_doc', [e('doc jsonb_path_ops')]],
      ['items_order', ['id', e('"createdAt" DESC'), e('name NULLS FIRST'), e('sku DESC NULLS LAST')]],
      // the defaults (ASC NULLS LAST, the column's own collation) are no options
      ['items_plain', ['name', 'sku']],
      ['items_prefix', [e('lower(name) text_pattern_ops'), e('name COLLATE "C"')]],
    ]);
    const sku = table!.columns.find((c) => c.name === 'sku');
    expect(sku?.type).toEqual({ kind: 'raw', sql: 'character varying(20) COLLATE "C"' });

    // What was read is valid DDL that gives the same again.
    await run({ kind: 'execute', sql: 'CREATE SCHEMA opts_copy' }, { kind: 'createTable', table: { ...table!, schema: 'opts_copy' } });
    const [copy] = (await dialect.introspect(conn.db, { schemas: ['opts_copy'] })).tables;
    expect(copy).toEqual({ ...table!, schema: 'opts_copy' });
  });

  it('serial and identity columns are autoincrement, a default drawing from a shared sequence is a default', async () => {
    await run(
      { kind: 'execute', sql: 'CREATE SCHEMA seqs' },
      {
        kind: 'execute',
        sql: `CREATE SEQUENCE seqs.ticket_no START 1000;
        CREATE TABLE seqs.tickets (
          id uuid PRIMARY KEY,
          position serial,
          receipt bigint GENERATED ALWAYS AS IDENTITY,
          number bigint NOT NULL DEFAULT nextval('seqs.ticket_no')
        );`,
      },
    );
    const [table] = (await dialect.introspect(conn.db, { schemas: ['seqs'] })).tables;
    const cols = Object.fromEntries(table!.columns.map((c) => [c.name, c]));
    expect(cols.position).toMatchObject({ type: { kind: 'integer' }, autoincrement: true, default: null, nullable: false });
    expect(cols.receipt).toMatchObject({ type: { kind: 'bigint' }, autoincrement: true, default: null });
    expect(cols.number).toMatchObject({
      type: { kind: 'bigint' },
      autoincrement: false,
      default: { kind: 'sql', sql: "nextval('seqs.ticket_no'::regclass)" },
    });
  });

  it('an empty schema reads as no tables', async () => {
    await run({ kind: 'execute', sql: 'CREATE SCHEMA empty_one' });
    expect(await dialect.introspect(conn.db, { schemas: ['empty_one'] })).toEqual({ tables: [] });
  });

  it('issues the same, fixed number of queries for 3 tables and for 60', async () => {
    const create = async (schema: string, n: number) => {
      await run({ kind: 'execute', sql: `CREATE SCHEMA ${schema}` });
      const ops: Op[] = [];
      for (let i = 0; i < n; i++) {
        ops.push({
          kind: 'createTable',
          table: toTable(
            `t${i}`,
            { id: { type: 'integer', primaryKey: true }, ref: { type: 'integer' }, v: { type: 'text', comment: 'v' } },
            {
              schema,
              foreignKeys: i > 0 ? [{ columns: ['ref'], refTable: `t${i - 1}`, refSchema: schema, refColumns: ['id'] }] : [],
              checks: ['ref > 0'],
              uniques: [['v']],
              indexes: [{ name: `${schema}_t${i}_ref`, columns: ['ref'] }],
            },
          ),
        });
      }
      await run(...ops);
    };
    await create('few', 3);
    await create('lots', 60);

    let queries = 0;
    const counted = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') queries++;
      },
    });
    try {
      const count = async (schema: string) => {
        queries = 0;
        const schemaIr = await dialect.introspect(counted, { schemas: [schema] });
        return { queries, tables: schemaIr.tables.length, fks: schemaIr.tables.flatMap((t) => t.foreignKeys).length };
      };
      // four catalog queries (tables, constraints, indexes, enum types), and the two statements
      // turning JIT off and on again around them
      expect(await count('few')).toEqual({ queries: 6, tables: 3, fks: 2 });
      expect(await count('lots')).toEqual({ queries: 6, tables: 60, fks: 59 });
      await sql`select 1`.execute(counted); // the counter itself works
      expect(queries).toBe(7);
    } finally {
      await counted.destroy();
    }
  });
});
