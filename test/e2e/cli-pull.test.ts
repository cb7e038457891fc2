/**
 * `orm pull` round trip on realistic schemas written as plain SQL (test/e2e/pull-schemas/),
 * loaded with psql / sqlite3 into a database X:
 *
 *   orm pull X  ->  src/models.ts  ->  orm revision --autogenerate + upgrade head on an empty Y
 *
 * then (1) X and Y hold the same schema: `compareSchemas` finds nothing either way, and, so
 * that no normalization can hide a loss, the raw introspected names and a catalog-level
 * fingerprint (types, nullability, defaults, keys, actions, deferral, index options...) are
 * equal too; (2) `orm stamp head` on X, then `orm check` against X reports no changes;
 * (3) the pulled models module type-checks against the package and loads back to X's schema.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import ts from 'typescript';
import { loadDialect } from '../../src/dialects/index.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { compareSchemas } from '../../src/diff/index.js';
import { loadModels } from '../../src/model/load-models.js';
import type { Schema, Table } from '../../src/schema/schema.js';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';

const SCHEMAS = join(ROOT, 'test', 'e2e', 'pull-schemas');
const VERSION_TABLE = 'orm_version';

/** One database the test builds, reads and drops. */
interface TestDatabase {
  readonly url: string;
  /** Runs a plain SQL file (or SQL text) as a user would (psql -v ON_ERROR_STOP=1 -f / sqlite3 -bail). */
  load(fileOrSql: string): void;
  /** The raw catalog facts about every object the tool manages, sorted, without the version table. */
  fingerprint(schemas: readonly string[]): Promise<unknown>;
  drop(): Promise<void>;
}

interface PullCase {
  readonly name: string;
  readonly file: string;
  /** PostgreSQL schemas besides the default one (`--schema`). */
  readonly schemas?: readonly string[];
  /** What the tool does not manage (schemas, sequences), made by hand in the empty database first. */
  readonly prepare?: string;
  /** Tables the SQL makes, as `schema.table` or `table` (the version table aside). */
  readonly tables: readonly string[];
  /** Text the pulled module must hold: the features it had to carry. */
  readonly rendered: readonly string[];
}

function expectOk(r: CliResult): CliResult {
  if (r.status !== 0) throw new Error(`orm exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The pulled module, compiled strictly by the TypeScript API with `orm` mapped to src/index.ts. */
function typeCheck(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    skipLibCheck: true,
    paths: { orm: [join(ROOT, 'src/index.ts')] },
  });
  // Only the module's own diagnostics: `noUnusedLocals` is for it (it imports what it uses), not the package.
  return ts.getPreEmitDiagnostics(program).filter((d) => !d.file || d.file.fileName === file).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

/** The tool's own tables: the version table, and what it keeps beside it (`orm_version_log`). */
const isToolTable = (name: string) => name === VERSION_TABLE || name.startsWith(`${VERSION_TABLE}_`);
const withoutVersionTable = (schema: Schema): Schema => ({ ...schema, tables: schema.tables.filter((t) => !isToolTable(t.name)) });
const qualified = (t: { name: string; schema?: string | null }) => (t.schema ? `${t.schema}.${t.name}` : t.name);

/** Every name introspection reports, as raw as it reads them: tables, columns, constraints, indexes. */
function names(schema: Schema): Record<string, unknown> {
  const byTable = (f: (t: Table) => unknown) => Object.fromEntries(schema.tables.map((t) => [qualified(t), f(t)]));
  return {
    tables: schema.tables.map(qualified).sort(),
    columns: byTable((t) => t.columns.map((c) => c.name)),
    primaryKeys: byTable((t) => (t.primaryKey ? [t.primaryKey.name ?? null, ...t.primaryKey.columns] : null)),
    foreignKeys: byTable((t) => t.foreignKeys.map((f) => `${f.name ?? '(unnamed)'}: ${f.columns.join(',')}`).sort()),
    uniques: byTable((t) => t.uniques.map((u) => `${u.name ?? '(unnamed)'}: ${u.columns.join(',')}`).sort()),
    checks: byTable((t) => t.checks.map((c) => c.name ?? '(unnamed)').sort()),
    indexes: byTable((t) => t.indexes.map((i) => i.name).sort()),
  };
}

async function introspect(dialect: Dialect, url: string, schemas: readonly string[]): Promise<Schema> {
  const connection = await dialect.connect(url);
  try {
    const options = dialect.capabilities.schemas ? { schemas: [null, ...schemas] } : {};
    return withoutVersionTable(await dialect.introspect(connection.db, options));
  } finally {
    await connection.close();
  }
}

function pullSuite(dialectName: 'postgres' | 'sqlite', c: PullCase, create: () => Promise<TestDatabase>): void {
  describe(`${dialectName} ${c.name}: pull, autogenerate into an empty database, compare`, () => {
    let project: ReturnType<typeof createTempDir>;
    let x: TestDatabase;
    let y: TestDatabase;
    let dialect: Dialect;
    const schemas = c.schemas ?? [];
    const orm = (db: TestDatabase, ...args: string[]) => runCli(project.dir, [...args, '--url', db.url]);
    const modelsFile = () => join(project.dir, 'src', 'models.ts');

    beforeAll(async () => {
      project = createTempDir('orm-pull-');
      dialect = await loadDialect(dialectName);
      x = await create();
      y = await create();
      expectOk(runCli(project.dir, ['init', '--template', 'json']));
      writeFileSync(join(project.dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
      x.load(join(SCHEMAS, c.file));
    });
    afterAll(async () => {
      await x?.drop();
      await y?.drop();
      project?.cleanup();
    });

    it('pull writes the models module', () => {
      const r = expectOk(orm(x, 'pull', '--out', 'src/models.ts', ...schemas.flatMap((s) => ['--schema', s])));
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`Writing src/models.ts (${c.tables.length} tables) ... done`);
      const source = readFileSync(modelsFile(), 'utf8');
      for (const text of c.rendered) expect(source).toContain(text);
      // pulling again refuses to overwrite, unless forced
      expect(orm(x, 'pull', '--out', 'src/models.ts').status).toBe(1);
    });

    it('the pulled module type-checks against the package, and loads back to the live schema', async () => {
      expect(typeCheck(modelsFile())).toEqual([]);
      const live = await introspect(dialect, x.url, schemas);
      expect(live.tables.map(qualified).sort()).toEqual([...c.tables].sort());
      const loaded = await loadModels(modelsFile());
      expect(names(loaded)).toEqual(names(live));
      expect(compareSchemas(live, loaded, { dialect })).toEqual([]);
    });

    it('revision --autogenerate against an empty database, then upgrade head', async () => {
      if (c.prepare) y.load(c.prepare);
      const r = expectOk(orm(y, 'revision', '--autogenerate', '-m', 'init', '--rev-id', 'aaaa00000001'));
      for (const t of c.tables) expect(r.stdout).toContain(`Detected add table ${t}\n`);
      expectOk(orm(y, 'upgrade', 'head'));
      expect(orm(y, 'check').stdout.trim()).toBe('No changes detected.');
    });

    it('the two databases hold the same schema: no ops either way, same names, same catalog', async () => {
      const [live, built] = await Promise.all([introspect(dialect, x.url, schemas), introspect(dialect, y.url, schemas)]);
      expect(compareSchemas(live, built, { dialect })).toEqual([]);
      expect(compareSchemas(built, live, { dialect })).toEqual([]);
      expect(names(built)).toEqual(names(live));
      expect(await y.fingerprint(schemas)).toEqual(await x.fingerprint(schemas));
    });

    it('stamp head on the original database, then check reports no changes', () => {
      expectOk(orm(x, 'stamp', 'head'));
      const r = orm(x, 'check');
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('No changes detected.');
      expect(r.status).toBe(0);
    });

    it('the generated revision downgrades the copy back to empty', async () => {
      expectOk(orm(y, 'downgrade', 'base'));
      const left = await introspect(dialect, y.url, schemas);
      expect(left.tables).toEqual([]);
      expect(left.enums ?? []).toEqual([]);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** The catalog facts of the given schemas (and the current one), straight from pg_catalog. */
async function postgresFingerprint(url: string, schemas: readonly string[]): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const inSchemas = `(n.nspname = current_schema() or n.nspname = any($1::text[])) and c.relname not like '${VERSION_TABLE}%'`;
    const q = async (text: string) => (await client.query(text, [schemas])).rows;
    const columns = await q(`
      select n.nspname || '.' || c.relname as table, a.attname as column,
        format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
        -- identity (ALWAYS or BY DEFAULT) and serial are one thing to the tool, autoincrement:
        -- the IR cannot tell them apart, so neither does this; a shared sequence's nextval is a default
        (a.attidentity <> '' or s.serial) as autoincrement,
        case when a.attidentity = '' and not s.serial then pg_get_expr(d.adbin, d.adrelid) end as default,
        a.attgenerated as generated, co.collname as collation, col_description(c.oid, a.attnum) as comment
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      cross join lateral (select coalesce(pg_get_expr(d.adbin, d.adrelid), '') like 'nextval(%'
        and pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) is not null as serial) s
      left join pg_collation co on co.oid = a.attcollation and a.attcollation <> (select typcollation from pg_type where oid = a.atttypid)
      where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and ${inSchemas}
      order by 1, a.attnum`);
    const tables = await q(`
      select n.nspname || '.' || c.relname as table, obj_description(c.oid, 'pg_class') as comment, c.relkind as kind
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and ${inSchemas} order by 1`);
    const constraints = await q(`
      select n.nspname || '.' || c.relname as table, k.conname as name, k.contype as type,
        array(select a.attname::text from unnest(k.conkey) with ordinality u(num, ord)
              join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.ord) as columns,
        rn.nspname || '.' || rc.relname as ref_table,
        array(select a.attname::text from unnest(k.confkey) with ordinality u(num, ord)
              join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num order by u.ord) as ref_columns,
        k.confupdtype as on_update, k.confdeltype as on_delete, k.confmatchtype as match,
        k.condeferrable as deferrable, k.condeferred as deferred, k.convalidated as validated
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      left join pg_class rc on rc.oid = k.confrelid left join pg_namespace rn on rn.oid = rc.relnamespace
      where ${inSchemas} order by 1, 2`);
    const indexes = await q(`
      select n.nspname || '.' || c.relname as table, ic.relname as name, am.amname as method,
        i.indisunique as unique, i.indisprimary as primary, i.indnkeyatts as keys, i.indnatts as columns,
        i.indoption::int2[] as options, i.indpred is not null as partial,
        array(select case when i.indkey[k] = 0 then '(expression)' else a.attname::text end
              from generate_series(0, i.indnatts - 1) k
              left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k] order by k) as elements,
        array(select opc.opcname::text || case when opc.opcdefault then '' else ' (not default)' end
              from unnest(i.indclass::oid[]) with ordinality u(oid, ord) join pg_opclass opc on opc.oid = u.oid order by u.ord) as opclasses,
        array(select coalesce(co.collname::text, '-') from unnest(i.indcollation::oid[]) with ordinality u(oid, ord)
              left join pg_collation co on co.oid = u.oid order by u.ord) as collations
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_am am on am.oid = ic.relam
      where ${inSchemas} order by 1, 2`);
    // A constant default compares by its value: `0.0` and `'0'::double precision` are one
    // default (ours writes '0.0', which PostgreSQL folds); expressions compare as printed.
    for (const row of columns) {
      if (row.default !== null && CONSTANT_DEFAULT.test(row.default)) {
        row.default = `= ${(await client.query(`select (${row.default})::${row.type}::text as v`)).rows[0].v}`;
      }
    }
    const enums = await q(`
      select n.nspname || '.' || t.typname as type, array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as labels
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where t.typtype = 'e' and (n.nspname = current_schema() or n.nspname = any($1::text[])) order by 1`);
    return { tables, columns, constraints, indexes, enums };
  } finally {
    await client.end();
  }
}

/** A default that is a constant (a literal, possibly cast), which `select` can evaluate. */
const CONSTANT_DEFAULT = /^(?:'(?:[^']|'')*'(?:::[\w ."[\]]+)?|-?\d[\d.e+-]*(?:::[\w ."[\]]+)?|true|false)$/i;

async function postgresDatabase(): Promise<TestDatabase> {
  const database = await createPgDatabase('orm_pull');
  return {
    url: database.url,
    load(fileOrSql: string) {
      const args = fileOrSql.endsWith('.sql') ? ['-f', fileOrSql] : ['-c', fileOrSql];
      const env = { ...process.env, PGOPTIONS: '-c client_min_messages=warning' };
      const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database.url, ...args], { encoding: 'utf8', env });
      if (r.status !== 0) throw new Error(`psql failed on ${fileOrSql}:\n${r.stderr}`);
    },
    fingerprint: (schemas) => postgresFingerprint(database.url, schemas),
    drop: database.drop,
  };
}

const POSTGRES_CASES: PullCase[] = [
  {
    name: 'e-commerce schema (with an audit schema)',
    file: 'postgres-shop.sql',
    schemas: ['audit'],
    prepare: 'CREATE SCHEMA audit;',
    tables: [
      'customers', 'addresses', 'categories', 'products', 'orders', 'order_items', 'payments', 'shipments',
      'shipment_items', 'audit.orders', 'audit.order_events',
    ],
    rendered: [
      "schema: 'audit'",
      "receipt_no: raw('bigserial')",
      'shipmentStatus.column()',
      'sql`placed_at DESC`',
      "sql`lower(name) text_pattern_ops`",
      "raw('character varying(64) COLLATE \"C\"')",
      "default(sql`gen_random_uuid()`)",
      ".using('gin')",
      "comment: 'People who can place orders'",
      "deferrable: true, initiallyDeferred: true",
      "primaryKey: [t.order_id, t.line_no]",
      "numeric(10, 2)",
    ],
  },
  {
    name: 'multi-tenant SaaS schema',
    file: 'postgres-saas.sql',
    prepare: 'CREATE SEQUENCE support_ticket_number_seq START 1000;',
    tables: ['tenants', 'users', 'projects', 'memberships', 'api_keys', 'usage_events', 'support_tickets', 'AuditLog'],
    rendered: [
      ".using('hash')",
      ".using('brin')",
      'primaryKey: [t.tenant_id, t.id]',
      "raw('interval')",
      "position: raw('serial')",
      "default(sql`nextval('support_ticket_number_seq'::regclass)`)",
      'sql`"createdAt" DESC`',
    ],
  },
];

describePg('pull round trip on PostgreSQL', () => {
  for (const c of POSTGRES_CASES) pullSuite('postgres', c, postgresDatabase);
});

// ---------------------------------------------------------------------------------------------
// SQLite

/** The catalog facts of a SQLite file: pragmas, plus the AUTOINCREMENT keyword of the table text. */
function sqliteFingerprint(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const all = (text: string) => db.prepare(text).all();
    const tables = `select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like '${VERSION_TABLE}%'`;
    const rowidAliases = new Set(
      (all(`select t.name || '.' || c.name as col from (${tables}) t join pragma_table_info(t.name) c
             where c.pk = 1 and upper(c.type) = 'INTEGER' and (select count(*) from pragma_table_info(t.name) p where p.pk > 0) = 1`) as Array<{ col: string }>).map((r) => r.col),
    );
    type ColumnRow = { table: string; name: string; type: string; notnull: number; dflt_value: string | null };
    type ForeignKeyRow = { owner: string; table: string; from: string; to: string | null; seq: number };
    return {
      tables: all(`select name, sql like '%autoincrement%' as "autoincrement",
                     sql like '%without rowid%' as without_rowid from sqlite_schema where name in (${tables}) order by name`),
      columns: (all(`select t.name as "table", c.* from (${tables}) t join pragma_table_xinfo(t.name) c order by t.name, c.cid`) as ColumnRow[]).map(
        (c) => ({
          ...c,
          // The declared type's spelling (`numeric(10, 2)`, `NUMERIC(10,2)`) gives the same affinity.
          type: c.type.toUpperCase().replace(/\s+/g, ''),
          // An INTEGER PRIMARY KEY (the rowid) is never NULL, whether NOT NULL is written or not.
          notnull: rowidAliases.has(`${c.table}.${c.name}`) ? 1 : c.notnull,
          // A constant default compares by value (`1` and `TRUE`, `false` and `FALSE`).
          dflt_value: c.dflt_value !== null && CONSTANT_DEFAULT.test(c.dflt_value)
            ? `= ${JSON.stringify(Object.values(db.prepare(`select ${c.dflt_value}`).get() as object)[0])}`
            : c.dflt_value,
        }),
      ),
      foreignKeys: (all(`select t.name as owner, f.* from (${tables}) t join pragma_foreign_key_list(t.name) f
                         order by t.name, f."table", f."from", f.seq`) as ForeignKeyRow[]).map((f) => ({
        ...f,
        id: undefined,
        // `REFERENCES products` means its primary key: compared as the column it stands for.
        to: f.to ?? (db.prepare('select name from pragma_table_info(?) where pk = ?').get(f.table, f.seq + 1) as { name: string }).name,
      })),
      indexes: all(`select t.name as "table", l.name, l."unique", l.origin, l.partial,
                      (select json_group_array(json_array(x.name, x."desc", x.coll, x.key)) from pragma_index_xinfo(l.name) x) as elements
                    from (${tables}) t join pragma_index_list(t.name) l order by t.name, l.name`),
    };
  } finally {
    db.close();
  }
}

async function sqliteDatabase(): Promise<TestDatabase> {
  const tmp = createTempDir('orm-pull-db-');
  const file = join(tmp.dir, 'app.db');
  return {
    url: `sqlite:${file}`,
    load(fileOrSql: string) {
      const input = fileOrSql.endsWith('.sql') ? readFileSync(fileOrSql, 'utf8') : fileOrSql;
      const r = spawnSync('sqlite3', ['-bail', file], { input, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`sqlite3 failed on ${fileOrSql}:\n${r.stderr}`);
    },
    fingerprint: async () => sqliteFingerprint(file),
    drop: async () => tmp.cleanup(),
  };
}

const SQLITE_CASES: PullCase[] = [
  {
    name: 'shop schema (view and trigger left alone)',
    file: 'sqlite-shop.sql',
    tables: ['customers', 'categories', 'products', 'coupons', 'orders', 'order_items', 'reviews', 'app settings'],
    rendered: ['.autoincrement()', "sql`datetime('now')`", ".where('in_stock = 1')", 'primaryKey: [t.order_id, t.product_id]'],
  },
  {
    name: 'notes schema',
    file: 'sqlite-notes.sql',
    tables: ['users', 'notebooks', 'notes', 'tags', 'note_tags'],
    rendered: ["default('Untitled')", 'primaryKey: [t.note_id, t.tag_id]'],
  },
];

describe('pull round trip on SQLite', () => {
  for (const c of SQLITE_CASES) pullSuite('sqlite', c, sqliteDatabase);
});
