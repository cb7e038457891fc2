#!/usr/bin/env node
// Times autogenerate on a big schema, running the built CLI as a user would: a database of N
// tables (default 1,000; about 15 columns of varied types each, some with defaults, a primary
// key, two indexes, a unique constraint, a foreign key to another table) loaded from plain SQL,
// a models module describing exactly that schema, stamped at its only (empty) revision. Then:
//   - `orm check` in sync (exit 0);
//   - after a small model change (one added column, one new index): `orm check` (exit 1) and
//     `orm revision --autogenerate -m change`;
// on PostgreSQL and on a SQLite file, plus `orm check` on 100 tables to show that the number
// of SQL statements does not grow with the table count. Prints wall time (median and best of RUNS),
// CPU time (user+sys of the command), peak RSS (`/usr/bin/time -f %M`) and SQL statements
// (ORM_QUERY_STATS=1); asserts nothing.
// With Alembic installed (Debian: apt-get install python3-alembic python3-psycopg2), also
// times its check on the same PostgreSQL database (bench/alembic/) and prints the ratio.
//
//   npm run build && node bench/autogenerate-bench.mjs [N]      (RUNS=5 by default)
//
// ORM_BENCH_KEEP=1 keeps the temporary projects and databases (and says where they are), to
// profile a command by hand: `node --cpu-prof bin/orm check --url ...` in the project folder.
//
// PostgreSQL: ORM_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to
// create and drop scratch databases; without a server, the PostgreSQL rows are skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'orm');
const N = Number(process.argv[2] ?? 1000);
/** The smaller schema, for statement counts (none when N is that small already). */
const SMALL = N > 100 ? 100 : null;
const RUNS = Math.max(1, Number(process.env.RUNS ?? 5));
const ADMIN_URL = process.env.ORM_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASELINE = 'b0a5e11e0000';
const KEEP = process.env.ORM_BENCH_KEEP === '1';

// ---------------------------------------------------------------------------------------------
// The schema: one spec, written out as PostgreSQL DDL, SQLite DDL, orm models and SQLAlchemy.
// ---------------------------------------------------------------------------------------------

/** Optional columns: each table has 13 of these 16, a different 13 from table to table. */
const PALETTE = [
  { name: 'description', dsl: 'text()', pg: 'text', lite: 'TEXT', sa: 'Text' },
  { name: 'status', dsl: "text().notNull().default('active')", pg: "text NOT NULL DEFAULT 'active'", lite: "TEXT NOT NULL DEFAULT 'active'", sa: "Text, nullable=False, server_default=text(\"'active'\")" },
  { name: 'quantity', dsl: 'integer().notNull().default(0)', pg: 'integer NOT NULL DEFAULT 0', lite: 'INTEGER NOT NULL DEFAULT 0', sa: 'Integer, nullable=False, server_default=text("0")' },
  { name: 'views', dsl: 'bigint()', pg: 'bigint', lite: 'BIGINT', sa: 'BigInteger' },
  { name: 'rank', dsl: 'smallint().default(1)', pg: 'smallint DEFAULT 1', lite: 'SMALLINT DEFAULT 1', sa: 'SmallInteger, server_default=text("1")' },
  { name: 'price', dsl: 'numeric(12, 2).notNull().default(0)', pg: 'numeric(12,2) NOT NULL DEFAULT 0', lite: 'NUMERIC(12,2) NOT NULL DEFAULT 0', sa: 'Numeric(12, 2), nullable=False, server_default=text("0")' },
  { name: 'ratio', dsl: 'double()', pg: 'double precision', lite: 'DOUBLE PRECISION', sa: 'DOUBLE_PRECISION' },
  { name: 'score', dsl: 'real()', pg: 'real', lite: 'REAL', sa: 'REAL' },
  { name: 'is_active', dsl: 'boolean().notNull().default(true)', pg: 'boolean NOT NULL DEFAULT true', lite: 'BOOLEAN NOT NULL DEFAULT TRUE', sa: 'Boolean, nullable=False, server_default=text("true")' },
  { name: 'created_at', dsl: 'timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`)', pg: 'timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP', lite: 'TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP', sa: 'DateTime(timezone=True), nullable=False, server_default=text("CURRENT_TIMESTAMP")' },
  { name: 'updated_at', dsl: 'timestamp()', pg: 'timestamp', lite: 'TIMESTAMP', sa: 'DateTime' },
  { name: 'birthday', dsl: 'date()', pg: 'date', lite: 'DATE', sa: 'Date' },
  { name: 'payload', dsl: 'json()', pg: 'jsonb', lite: 'JSON', sa: 'JSONB' },
  { name: 'external_id', dsl: 'uuid()', pg: 'uuid', lite: 'UUID', sa: 'UUID' },
  { name: 'email', dsl: 'varchar(255)', pg: 'varchar(255)', lite: 'VARCHAR(255)', sa: 'String(255)' },
  { name: 'archived', dsl: 'boolean().notNull().default(false)', pg: 'boolean NOT NULL DEFAULT false', lite: 'BOOLEAN NOT NULL DEFAULT FALSE', sa: 'Boolean, nullable=False, server_default=text("false")' },
];

const tableName = (i) => `t${String(i).padStart(4, '0')}`;

/**
 * Table i: id, parent_id (a foreign key to table i / 10, so each table is referenced by up to
 * ten others; the first one refers to itself), code (unique), name, and 13 more.
 */
function tableSpec(i) {
  const skip = new Set([i % 16, (i + 5) % 16, (i + 11) % 16]);
  return {
    name: tableName(i),
    parent: tableName(Math.floor(i / 10)),
    extra: PALETTE.filter((_, k) => !skip.has(k)),
  };
}

function postgresSql(n) {
  const out = ['SET client_min_messages = warning;'];
  for (let i = 0; i < n; i++) {
    const t = tableSpec(i);
    out.push(
      `CREATE TABLE ${t.name} (\n  id integer GENERATED BY DEFAULT AS IDENTITY,\n  parent_id integer NOT NULL,\n  code varchar(32) NOT NULL,\n  name varchar(200) NOT NULL,\n` +
        t.extra.map((c) => `  ${c.name} ${c.pg},\n`).join('') +
        `  CONSTRAINT pk_${t.name} PRIMARY KEY (id),\n  CONSTRAINT uq_${t.name}_code UNIQUE (code)\n);`,
      `CREATE INDEX ix_${t.name}_name ON ${t.name} (name);`,
      `CREATE INDEX ix_${t.name}_parent_id ON ${t.name} (parent_id, code);`,
    );
  }
  // After every table, as pg_dump does.
  for (let i = 0; i < n; i++) {
    const t = tableSpec(i);
    out.push(`ALTER TABLE ${t.name} ADD CONSTRAINT fk_${t.name}_parent_id_${t.parent} FOREIGN KEY (parent_id) REFERENCES ${t.parent} (id) ON DELETE CASCADE;`);
  }
  return out.join('\n') + '\n';
}

function sqliteSql(n) {
  const out = ['BEGIN;'];
  for (let i = 0; i < n; i++) {
    const t = tableSpec(i);
    out.push(
      `CREATE TABLE ${t.name} (\n  id INTEGER CONSTRAINT pk_${t.name} PRIMARY KEY AUTOINCREMENT,\n  parent_id INTEGER NOT NULL,\n  code VARCHAR(32) NOT NULL,\n  name VARCHAR(200) NOT NULL,\n` +
        t.extra.map((c) => `  ${c.name} ${c.lite},\n`).join('') +
        `  CONSTRAINT uq_${t.name}_code UNIQUE (code),\n  CONSTRAINT fk_${t.name}_parent_id_${t.parent} FOREIGN KEY (parent_id) REFERENCES ${t.parent} (id) ON DELETE CASCADE\n);`,
      `CREATE INDEX ix_${t.name}_name ON ${t.name} (name);`,
      `CREATE INDEX ix_${t.name}_parent_id ON ${t.name} (parent_id, code);`,
    );
  }
  out.push('COMMIT;');
  return out.join('\n') + '\n';
}

/** The tables changed by the "small model change": one gets a column, another an index. */
const changed = (n) => ({ column: tableName(Math.floor(n / 2)), index: tableName(Math.floor(n / 4)) });

/** The models module, written out table by table as a user would; `change` adds the small change. */
function modelsSource(n, change) {
  const { column, index } = changed(n);
  const out = [
    "import { bigint, boolean, date, defineMetadata, defineTable, double, index, integer, json, numeric, real, smallint, sql, text, timestamp, timestamptz, uuid, varchar } from 'orm';",
    '',
  ];
  for (let i = 0; i < n; i++) {
    const t = tableSpec(i);
    const indexes = ['index().on(t.name)', 'index().on(t.parent_id, t.code)'];
    if (change && t.name === index) indexes.push('index().on(t.code, t.name)');
    out.push(
      `export const ${t.name} = defineTable('${t.name}', {`,
      '  id: integer().primaryKey().autoincrement(),',
      `  parent_id: integer().notNull().references('${t.parent}.id', { onDelete: 'cascade' }),`,
      '  code: varchar(32).notNull().unique(),',
      '  name: varchar(200).notNull(),',
      ...t.extra.map((c) => `  ${c.name}: ${c.dsl},`),
      ...(change && t.name === column ? ['  note: text(),'] : []),
      `}, (t) => ({ indexes: [${indexes.join(', ')}] }));`,
      '',
    );
  }
  out.push(`export const metadata = defineMetadata({ tables: { ${Array.from({ length: n }, (_, i) => tableName(i)).join(', ')} } });`, '');
  return out.join('\n');
}

/** The same schema as SQLAlchemy Core tables, for Alembic. */
function sqlalchemySource(n) {
  const out = [
    'from sqlalchemy import (BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Identity, Index, Integer,',
    '                        MetaData, Numeric, REAL, SmallInteger, String, Table, Text, UniqueConstraint, text)',
    'from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION, JSONB, UUID',
    '',
    'metadata = MetaData(naming_convention={',
    '    "ix": "ix_%(column_0_label)s",',
    '    "uq": "uq_%(table_name)s_%(column_0_name)s",',
    '    "ck": "ck_%(table_name)s_%(constraint_name)s",',
    '    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",',
    '    "pk": "pk_%(table_name)s",',
    '})',
    '',
  ];
  for (let i = 0; i < n; i++) {
    const t = tableSpec(i);
    out.push(
      `Table("${t.name}", metadata,`,
      '      Column("id", Integer, Identity(), primary_key=True),',
      `      Column("parent_id", Integer, ForeignKey("${t.parent}.id", ondelete="CASCADE"), nullable=False),`,
      '      Column("code", String(32), nullable=False),',
      '      Column("name", String(200), nullable=False),',
      ...t.extra.map((c) => `      Column("${c.name}", ${c.sa}),`),
      '      UniqueConstraint("code"),',
      `      Index("ix_${t.name}_name", "name"),`,
      `      Index("ix_${t.name}_parent_id", "parent_id", "code"))`,
      '',
    );
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The project and the runs.
// ---------------------------------------------------------------------------------------------

function makeProject(dir, n) {
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  copyFileSync(join(ROOT, 'migrations-template', 'json', 'migrations', 'script.ts.tmpl'), join(dir, 'migrations', 'script.ts.tmpl'));
  writeFileSync(join(dir, 'models.ts'), modelsSource(n, false));
  writeFileSync(join(dir, 'models-changed.ts'), modelsSource(n, true));
  writeFileSync(join(dir, 'orm.config.json'), JSON.stringify({ migrations: './migrations', models: './models.ts' }));
  writeFileSync(join(dir, 'orm.changed.json'), JSON.stringify({ migrations: './migrations', models: './models-changed.ts' }));
  writeFileSync(
    join(dir, 'migrations', 'versions', `${BASELINE}_baseline.ts`),
    [
      '/**\n * baseline: the schema loaded from SQL\n *\n * Revision ID: b0a5e11e0000\n */',
      "import type { Operations } from 'orm';",
      `export const revision = '${BASELINE}';`,
      'export const downRevision: string | string[] | null = null;',
      'export const branchLabels: string[] | null = null;',
      'export const dependsOn: string[] | null = null;',
      'export async function upgrade(_op: Operations): Promise<void> {}',
      'export async function downgrade(_op: Operations): Promise<void> {}',
      '',
    ].join('\n'),
  );
}

/** One run under /usr/bin/time: wall ms, peak RSS in MiB, SQL statements, status and output. */
function runOnce(dir, command, args, env = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'time:%M %U %S', ...command, ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '', ORM_QUERY_STATS: '1', ...env },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const [, kib, user, sys] = (/^time:(\d+) ([\d.]+) ([\d.]+)$/m.exec(r.stderr) ?? []).map(Number);
  const statements = Number(/^(?:orm|alembic): (\d+) SQL statements?/m.exec(r.stderr)?.[1] ?? NaN);
  return { ms, cpuMs: (user + sys) * 1000, mib: kib / 1024, statements, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs a command RUNS times (once when `runs` is 1) and keeps the median wall time and RSS.
 * A run whose exit status is not `expect` stops the bench with its output.
 */
function measure(dir, command, args, { expect = 0, runs = RUNS, env = {}, after = () => undefined } = {}) {
  const results = [];
  for (let k = 0; k < runs; k++) {
    const r = runOnce(dir, command, args, env);
    if (r.status !== expect) {
      throw new Error(`${[...command, ...args].join(' ')}: exit ${r.status}, expected ${expect}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    }
    results.push(r);
    after(r);
  }
  return {
    ms: median(results.map((r) => r.ms)),
    bestMs: Math.min(...results.map((r) => r.ms)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    mib: median(results.map((r) => r.mib)),
    statements: results[0].statements,
    runs,
    last: results[results.length - 1],
  };
}

const orm = [process.execPath, BIN];
const rows = [];
function record(database, tables, label, m) {
  rows.push({ database, tables, label, ...m });
  const ms = `${Math.round(m.ms)} ms`.padStart(9);
  const cpu = `${Math.round(m.cpuMs)} ms CPU`.padStart(13);
  console.log(`  ${label.padEnd(40)} ${ms} ${cpu} ${`${Math.round(m.mib)} MiB`.padStart(9)} ${String(m.statements).padStart(4)} statements`);
}

function removeNewRevisions(dir) {
  for (const f of readdirSync(join(dir, 'migrations', 'versions'))) {
    if (!f.startsWith(BASELINE)) rmSync(join(dir, 'migrations', 'versions', f));
  }
}

/** Stamps the database, then times check (in sync), check (changed) and revision --autogenerate. */
function benchDatabase(dir, database, tables, url, { full }) {
  const urlArgs = ['--url', url];
  const stamped = runOnce(dir, orm, ['stamp', 'head', ...urlArgs]);
  if (stamped.status !== 0) throw new Error(`orm stamp head failed (${stamped.status}):\n${stamped.stderr.slice(-2000)}`);
  record(database, tables, 'orm check (in sync, exit 0)', measure(dir, orm, ['check', ...urlArgs]));
  const changedCheck = measure(dir, orm, ['-c', 'orm.changed.json', 'check', ...urlArgs], { expect: 1, runs: full ? RUNS : 1 });
  record(database, tables, 'orm check (1 column + 1 index, exit 1)', changedCheck);
  if (!full) return;
  const changes = changedCheck.last.stdout.split('\n').filter((l) => /^[+~-] /.test(l)).length;
  const autogen = measure(dir, orm, ['-c', 'orm.changed.json', 'revision', '--autogenerate', '-m', 'change', ...urlArgs], {
    after: () => removeNewRevisions(dir),
  });
  record(database, tables, `orm revision --autogenerate (${changes} changes)`, autogen);
}

function pgAvailable() {
  try {
    execFileSync('psql', [ADMIN_URL, '-Atc', 'select 1'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function withPgDatabase(name, sqlFile, work) {
  execFileSync('psql', [ADMIN_URL, '-Atqc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  try {
    const started = Date.now();
    execFileSync('psql', [url, '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', sqlFile], { stdio: 'pipe' });
    console.log(`  (loaded ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return work(url);
  } finally {
    if (KEEP) console.log(`  (kept database ${url})`);
    else execFileSync('psql', [ADMIN_URL, '-Atqc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
  }
}

/** A Python that can import alembic and psycopg2 (Debian's packages live in /usr/bin/python3). */
function findAlembicPython() {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', 'import alembic, sqlalchemy, psycopg2; print(alembic.__version__, sqlalchemy.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, versions: r.stdout.trim() };
  }
  return null;
}

function benchAlembic(dir, n, url) {
  const found = findAlembicPython();
  if (!found) {
    console.log('  Alembic not installed (apt-get install -y python3-alembic python3-psycopg2): Alembic rows skipped');
    return;
  }
  const adir = join(dir, 'alembic');
  mkdirSync(join(adir, 'versions'), { recursive: true });
  for (const f of ['alembic.ini', 'env.py', 'check.py']) copyFileSync(join(ROOT, 'bench', 'alembic', f), join(adir, f));
  writeFileSync(join(adir, 'models.py'), sqlalchemySource(n));
  // One run: it takes seconds to minutes, and its spread is small next to its time.
  const r = runOnce(adir, [found.python, 'check.py'], [], { ORM_BENCH_ALEMBIC_URL: url.replace(/^postgres:/, 'postgresql:') });
  if (r.status !== 0 && r.status !== 1) {
    console.log(`  Alembic check failed (exit ${r.status}); Alembic rows skipped:\n${r.stderr.slice(-1500)}`);
    return;
  }
  const all = [r];
  const m = {
    ms: median(all.map((x) => x.ms)),
    bestMs: Math.min(...all.map((x) => x.ms)),
    cpuMs: median(all.map((x) => x.cpuMs)),
    mib: median(all.map((x) => x.mib)),
    statements: r.statements,
    runs: all.length,
  };
  const verdict = r.status === 0 ? 'in sync, exit 0' : `${/detected: (\d+)/.exec(r.stdout)?.[1] ?? 'some'} diffs, exit 1`;
  record('PostgreSQL', n, `alembic check (${verdict})`, m);
  console.log(`  (Alembic ${found.versions.split(' ')[0]}, SQLAlchemy ${found.versions.split(' ')[1]}; compare_type and compare_server_default on)`);
  if (r.status === 1) console.log(r.stdout.split('\n').slice(0, 6).map((l) => `    ${l}`).join('\n'));
  return m;
}

// ---------------------------------------------------------------------------------------------

const root = mkdtempSync(join(tmpdir(), 'orm-bench-autogen-'));
try {
  const also = SMALL === null ? '' : ` (and ${SMALL} for statement counts)`;
  console.log(`orm autogenerate benchmark: ${N} tables${also}, median and best of ${RUNS} runs, node ${process.version}\n`);
  const big = join(root, `n${N}`);
  const small = SMALL === null ? null : join(root, `n${SMALL}`);
  for (const [dir, n] of [[big, N], [small, SMALL]]) {
    if (dir === null) continue;
    makeProject(dir, n);
    writeFileSync(join(dir, 'schema.pg.sql'), postgresSql(n));
  }

  let ormPg = null;
  let alembicPg = null;
  if (pgAvailable()) {
    console.log('PostgreSQL');
    if (small !== null) {
      withPgDatabase(`orm_bench_autogen_${SMALL}_${process.pid}`, join(small, 'schema.pg.sql'), (url) =>
        benchDatabase(small, 'PostgreSQL', SMALL, url, { full: false }),
      );
    }
    withPgDatabase(`orm_bench_autogen_${N}_${process.pid}`, join(big, 'schema.pg.sql'), (url) => {
      benchDatabase(big, 'PostgreSQL', N, url, { full: true });
      ormPg = rows.find((r) => r.database === 'PostgreSQL' && r.tables === N && r.label.startsWith('orm check (in sync'));
      alembicPg = benchAlembic(big, N, url);
    });
  } else {
    console.log(`PostgreSQL unreachable at ${ADMIN_URL}: PostgreSQL rows skipped`);
  }

  console.log('\nSQLite file');
  for (const [dir, n, full] of [[small, SMALL, false], [big, N, true]]) {
    if (dir === null) continue;
    const file = join(dir, 'bench.db');
    execFileSync('sqlite3', [file], { input: sqliteSql(n), stdio: ['pipe', 'pipe', 'pipe'] });
    benchDatabase(dir, 'SQLite', n, `sqlite:${file}`, { full });
  }

  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\n${cpus().length} CPUs, load average ${load} (wall time grows with the load; CPU time much less)`);
  console.log(`\n| database | tables | command | wall, median | wall, best | CPU user+sys | peak RSS | SQL statements |`);
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const best = r.runs > 1 ? `${Math.round(r.bestMs)} ms` : '(1 run)';
    console.log(`| ${r.database} | ${r.tables} | ${r.label} | ${Math.round(r.ms)} ms | ${best} | ${Math.round(r.cpuMs)} ms | ${Math.round(r.mib)} MiB | ${r.statements} |`);
  }
  if (ormPg && alembicPg) {
    const ratio = (a, b) => (a / b).toFixed(1);
    console.log(
      `\nAlembic check / orm check on ${N} PostgreSQL tables: ${ratio(alembicPg.ms, ormPg.ms)}x the wall time, ` +
        `${ratio(alembicPg.cpuMs, ormPg.cpuMs)}x the CPU time, ${ratio(alembicPg.statements, ormPg.statements)}x the SQL statements`,
    );
  }
} finally {
  if (KEEP) console.log(`\nKept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
