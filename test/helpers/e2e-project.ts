/**
 * Temporary projects with hand-written revision files, and read-only views of the databases
 * the built CLI (or a printed script) changed: for e2e tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPgDatabase, createTempDir } from './databases.js';

export interface RevisionSpec {
  readonly id: string;
  readonly down: string | string[] | null;
  readonly message: string;
  readonly upgrade?: string;
  readonly downgrade?: string;
  readonly branchLabels?: string[];
  readonly dependsOn?: string[];
}

/** The text of a revision file, as `orm revision` writes it, with the given bodies. */
export function revisionSource(spec: RevisionSpec): string {
  const down = spec.down === null ? 'null' : JSON.stringify(spec.down).replace(/"/g, "'");
  const labels = spec.branchLabels ? JSON.stringify(spec.branchLabels).replace(/"/g, "'") : 'null';
  const deps = spec.dependsOn ? JSON.stringify(spec.dependsOn).replace(/"/g, "'") : 'null';
  return `/**
 * ${spec.message}
 *
 * Revision ID: ${spec.id}
 */
import type { Operations } from 'orm';

export const revision = '${spec.id}';
export const downRevision: string | string[] | null = ${down};
export const branchLabels: string[] | null = ${labels};
export const dependsOn: string[] | null = ${deps};

export async function upgrade(op: Operations): Promise<void> {
${spec.upgrade ?? ''}
}

export async function downgrade(op: Operations): Promise<void> {
${spec.downgrade ?? ''}
}
`;
}

/** A project folder: `orm.config.json` (no URL: tests pass `--url`) and the revision files. */
export function writeProject(revisions: readonly RevisionSpec[], config: Record<string, unknown> = {}): { dir: string; cleanup(): void } {
  const tmp = createTempDir('orm-e2e-project-');
  writeFileSync(join(tmp.dir, 'orm.config.json'), JSON.stringify({ migrations: './migrations', ...config }, null, 2));
  const versions = join(tmp.dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  for (const rev of revisions) writeFileSync(join(versions, `${rev.id}_${rev.message.replace(/\W+/g, '_')}.ts`), revisionSource(rev));
  return tmp;
}

/** What tests read back from a database. */
export interface DbView {
  tables(): Promise<string[]>;
  columns(table: string): Promise<string[]>;
  versionRows(): Promise<string[]>;
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Runs SQL directly (setting up a schema by hand). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function sqliteView(file: string): DbView {
  const all = (sql: string) => {
    const db = new Database(file);
    try {
      return db.prepare(sql).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  };
  return {
    tables: async () => all("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name").map((r) => String(r.name)),
    columns: async (table) => all(`select name from pragma_table_info('${table}') order by cid`).map((r) => String(r.name)),
    versionRows: async () => all('select version_num from orm_version order by 1').map((r) => String(r.version_num)),
    query: async (sql) => all(sql),
    exec: async (sql) => {
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    close: async () => undefined,
  };
}

export function pgView(url: string): DbView {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // An idle connection ended by the server (DROP DATABASE ... WITH (FORCE) racing pool.end() at
  // cleanup) emits 'error' on the pool; unhandled, jest reports it against whatever test runs.
  pool.on('error', () => undefined);
  const all = async (sql: string) => (await pool.query(sql)).rows as Array<Record<string, unknown>>;
  return {
    tables: async () => (await all("select tablename from pg_tables where schemaname = 'public' order by 1")).map((r) => String(r.tablename)),
    columns: async (table) =>
      (await all(`select column_name from information_schema.columns where table_schema = 'public' and table_name = '${table}' order by ordinal_position`)).map((r) =>
        String(r.column_name),
      ),
    versionRows: async () => (await all('select version_num from orm_version order by 1')).map((r) => String(r.version_num)),
    query: all,
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** Runs a printed script the way a DBA would: `sqlite3 FILE < script`, stopping at the first error. */
export function runSqliteScript(file: string, script: string): { status: number; stderr: string } {
  const r = spawnSync('sqlite3', ['-bail', file], { input: script, encoding: 'utf8' });
  return { status: r.status ?? -1, stderr: r.stderr };
}

/** Runs a printed script with `psql -v ON_ERROR_STOP=1 URL -f FILE`. */
export function runPsqlScript(url: string, script: string, dir: string): { status: number; stderr: string } {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.sql`);
  writeFileSync(file, script);
  // NOTICEs (`CREATE TABLE IF NOT EXISTS` on an existing table) are not errors
  const env = { ...process.env, PGOPTIONS: '-c client_min_messages=warning' };
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-f', file], { encoding: 'utf8', env });
  return { status: r.status ?? -1, stderr: r.stderr };
}

/** A fresh database that printed SQL scripts run against, with a view to check the result. */
export interface ScriptTarget {
  readonly url: string;
  readonly db: DbView;
  /** Runs a script on this database (sqlite3 / psql), failing the test if it fails. */
  run(script: string): void;
  cleanup(): Promise<void>;
}

/** A new SQLite file for scripts run with `sqlite3`. */
export async function sqliteScriptTarget(prefix: string): Promise<ScriptTarget> {
  const tmp = createTempDir(`${prefix}-db-`);
  const file = join(tmp.dir, 'app.db');
  return {
    url: `sqlite:${file}`,
    db: sqliteView(file),
    run(script) {
      const r = runSqliteScript(file, script);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    },
    cleanup: async () => tmp.cleanup(),
  };
}

/** A new PostgreSQL database for scripts run with `psql` (script files written into `dir`). */
export async function pgScriptTarget(prefix: string, dir: string): Promise<ScriptTarget> {
  const database = await createPgDatabase(prefix);
  return {
    url: database.url,
    db: pgView(database.url),
    run(script) {
      const r = runPsqlScript(database.url, script, dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    },
    cleanup: database.drop,
  };
}
