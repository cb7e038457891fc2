#!/usr/bin/env node
// Times `orm heads`, `orm history` and `orm upgrade head` (then `downgrade base`) over N
// generated revisions (default 1,000) on a SQLite file and on PostgreSQL, running the built
// CLI as a user would. Prints wall time and peak memory (RSS) of each command; asserts nothing.
//
//   npm run build && node bench/graph-bench.mjs [N]
//
// PostgreSQL: ORM_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to
// create and drop a scratch database; without a server, the PostgreSQL rows are skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'orm');
const N = Number(process.argv[2] ?? 1000);
const ADMIN_URL = process.env.ORM_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function revisionSource(i) {
  const id = `r${String(i).padStart(11, '0')}`;
  const down = i === 0 ? 'null' : `'r${String(i - 1).padStart(11, '0')}'`;
  return [
    `/**\n * revision ${i}\n *\n * Revision ID: ${id}\n */`,
    "import type { Operations } from 'orm';",
    `export const revision = '${id}';`,
    `export const downRevision: string | string[] | null = ${down};`,
    'export const branchLabels: string[] | null = null;',
    'export const dependsOn: string[] | null = null;',
    'export async function upgrade(op: Operations): Promise<void> {',
    `  op.createTable('t${i}', { id: { type: 'integer', primaryKey: true }, name: { type: 'varchar(50)' } });`,
    '}',
    'export async function downgrade(op: Operations): Promise<void> {',
    `  op.dropTable('t${i}');`,
    '}',
    '',
  ].join('\n');
}

function makeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'orm-bench-graph-'));
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  writeFileSync(join(dir, 'orm.config.json'), JSON.stringify({ migrations: './migrations' }));
  for (let i = 0; i < N; i++) {
    writeFileSync(join(dir, 'migrations', 'versions', `r${String(i).padStart(11, '0')}_rev.ts`), revisionSource(i));
  }
  return dir;
}

/** Runs the CLI under /usr/bin/time: wall seconds and peak RSS in MiB. */
function timed(dir, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lastLine = r.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kib] = lastLine.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`orm ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return { ms: Math.round(seconds * 1000), mib: Math.round(kib / 1024), lines: r.stdout.trim().split('\n').length };
}

function report(label, result) {
  console.log(`${label.padEnd(44)} ${String(result.ms).padStart(6)} ms  ${String(result.mib).padStart(4)} MiB peak  (${result.lines} lines)`);
}

function pgAvailable() {
  try {
    execFileSync('psql', [ADMIN_URL, '-Atc', 'select 1'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const dir = makeProject();
try {
  console.log(`orm graph benchmark: ${N} revisions, node ${process.version}\n`);
  report('orm heads', timed(dir, ['heads']));
  report('orm history', timed(dir, ['history']));

  const sqliteUrl = `sqlite:${join(dir, 'bench.db')}`;
  report('orm upgrade head (SQLite file)', timed(dir, ['upgrade', 'head', '--url', sqliteUrl]));
  report('orm downgrade base (SQLite file)', timed(dir, ['downgrade', 'base', '--url', sqliteUrl]));

  if (pgAvailable()) {
    const name = `orm_bench_graph_${process.pid}`;
    execFileSync('psql', [ADMIN_URL, '-Atc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
    const pgUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    try {
      report('orm upgrade head (PostgreSQL)', timed(dir, ['upgrade', 'head', '--url', pgUrl]));
      report('orm downgrade base (PostgreSQL)', timed(dir, ['downgrade', 'base', '--url', pgUrl]));
    } finally {
      execFileSync('psql', [ADMIN_URL, '-Atc', `DROP DATABASE ${name} WITH (FORCE)`], { stdio: 'pipe' });
    }
  } else {
    console.log(`PostgreSQL unreachable at ${ADMIN_URL}: PostgreSQL rows skipped`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
