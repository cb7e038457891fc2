/**
 * The applied-revision log: `<versionTable>_log` (`orm_version_log` by default), next to the
 * version table and in its schema. The version table says where the database is; the log says
 * how it got there: one row per applied step (upgrade, downgrade, stamp), written in the step's
 * own transaction right after its version rows, so a step that rolls back leaves no row.
 *
 *   id              integer, autoincrement primary key (the order of the rows)
 *   revision        varchar(32) not null: the revision the step ran (or the row a stamp wrote)
 *   direction       varchar(8) not null: 'up' | 'down' | 'stamp'
 *   from_revisions  text, null at base: what the step moved from (comma-separated ids)
 *   to_revisions    text, null at base: what it moved to
 *   applied_at      timestamptz not null, default CURRENT_TIMESTAMP: the database's clock, UTC
 *   duration_ms     integer, null when unknown (offline scripts, stamps)
 *   checksum        varchar(64): SHA-256 (hex) of the revision file's bytes as it ran
 *   tool_version    varchar(32) not null: the version of orm that wrote the row
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import type { VersionRowOp } from '../revisions/version-change.js';
import type { Table } from '../schema/schema.js';
import { toolVersion } from '../util/tool-version.js';
import type { MigrationStep } from './migration-step.js';
import type { VersionTableName } from './version-table.js';

/** What a log row says a step did. `stamp`: `orm stamp` wrote the version row, nothing ran. */
export type LogDirection = 'up' | 'down' | 'stamp';

/** One row to write (the database fills `id` and `applied_at`). */
export interface LogEntry {
  readonly revision: string;
  readonly direction: LogDirection;
  /** What the step moved from and to; empty is `<base>`. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** Null when unknown (offline scripts, stamps). */
  readonly durationMs: number | null;
  /** SHA-256 of the revision file; null when there is no file. */
  readonly checksum: string | null;
  readonly toolVersion: string;
}

/** One row as read back. */
export interface LogRow {
  readonly id: number;
  readonly revision: string;
  readonly direction: LogDirection;
  readonly from: string[];
  readonly to: string[];
  /** ISO 8601, UTC (`2024-05-01T12:00:03.000Z`). */
  readonly appliedAt: string;
  readonly durationMs: number | null;
  readonly checksum: string | null;
  readonly toolVersion: string;
}

/** The log's name: the version table's, with `_log`, in the same schema. */
export function versionLogName(versionTable: VersionTableName): VersionTableName {
  return { table: `${versionTable.table}_log`, schema: versionTable.schema };
}

/** The log table as schema IR: each dialect's own `CREATE TABLE` compiles it (identity, types). */
export function versionLogTable(versionTable: VersionTableName): Table {
  const { table, schema } = versionLogName(versionTable);
  const varchar = (length: number) => ({ kind: 'varchar', length }) as const;
  return {
    name: table,
    schema,
    columns: [
      { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true },
      { name: 'revision', type: varchar(32), nullable: false },
      { name: 'direction', type: varchar(8), nullable: false },
      { name: 'from_revisions', type: { kind: 'text' }, nullable: true },
      { name: 'to_revisions', type: { kind: 'text' }, nullable: true },
      // the database's clock: online and offline (`--sql`) rows get their time the same way
      { name: 'applied_at', type: { kind: 'timestamp', withTimeZone: true }, nullable: false, default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } },
      { name: 'duration_ms', type: { kind: 'integer' }, nullable: true },
      { name: 'checksum', type: varchar(64), nullable: true },
      { name: 'tool_version', type: varchar(32), nullable: false },
    ],
    primaryKey: { name: `${table}_pkc`, columns: ['id'] },
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  };
}

/**
 * `CREATE TABLE IF NOT EXISTS` of the log, in the dialect's SQL (also printed by `--sql`).
 * The dialect compiles a plain `create table`; the log is created wherever the version table
 * may already be, so it gains `if not exists`.
 */
export function createVersionLogSql(dialect: Dialect, versionTable: VersionTableName): string[] {
  const statements = dialect.compileOp({ kind: 'createTable', table: versionLogTable(versionTable) });
  return statements.map((s, i) => {
    if (i > 0) return s;
    if (!/^create table /i.test(s)) throw new Error(`internal: unexpected CREATE TABLE of the version log: ${s}`);
    return s.replace(/^create table /i, 'create table if not exists ');
  });
}

/** Creates the log if it is missing (inside the caller's transaction). */
export async function ensureVersionLog(dialect: Dialect, db: Kysely<any>, versionTable: VersionTableName): Promise<void> {
  const name = versionLogName(versionTable);
  if (await dialect.hasTable(db, name.table, name.schema)) return;
  for (const statement of createVersionLogSql(dialect, versionTable)) await sql.raw(statement).execute(db);
}

function table(db: Kysely<any>, name: VersionTableName) {
  return name.schema ? db.withSchema(name.schema) : db;
}

const ids = (list: readonly string[]): string | null => (list.length === 0 ? null : list.join(','));

/**
 * The INSERT of one row. Online the values are bound as parameters; offline (`literal: true`)
 * they are inlined, so the compiled text is a complete statement.
 */
export function logRowQuery(db: Kysely<any>, versionTable: VersionTableName, entry: LogEntry, options: { literal?: boolean } = {}) {
  const name = versionLogName(versionTable);
  const value = (v: string | number | null) => (options.literal ? sql.lit(v) : v);
  return table(db, name)
    .insertInto(name.table)
    .values({
      revision: value(entry.revision),
      direction: value(entry.direction),
      from_revisions: value(ids(entry.from)),
      to_revisions: value(ids(entry.to)),
      duration_ms: value(entry.durationMs),
      checksum: value(entry.checksum),
      tool_version: value(entry.toolVersion),
    });
}

/** Writes rows (inside the caller's transaction: the step's, or the stamp's). */
export async function writeLogRows(db: Kysely<any>, versionTable: VersionTableName, entries: readonly LogEntry[]): Promise<void> {
  for (const entry of entries) await logRowQuery(db, versionTable, entry).execute();
}

/** `2024-05-01T12:00:03.000Z` from what a driver returns (a Date, or SQLite's `2024-05-01 12:00:03` in UTC). */
export function isoTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  // SQLite's CURRENT_TIMESTAMP is UTC without a zone; a zone, if some writer added one, is kept
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

const split = (value: unknown): string[] => (value === null || value === undefined || value === '' ? [] : String(value).split(','));

function toLogRow(r: Record<string, unknown>): LogRow {
  return {
    id: Number(r.id),
    revision: String(r.revision),
    direction: String(r.direction) as LogDirection,
    from: split(r.from_revisions),
    to: split(r.to_revisions),
    appliedAt: isoTimestamp(r.applied_at),
    durationMs: r.duration_ms === null || r.duration_ms === undefined ? null : Number(r.duration_ms),
    checksum: r.checksum === null || r.checksum === undefined ? null : String(r.checksum),
    toolVersion: String(r.tool_version),
  };
}

/** What the log says about one revision. */
export interface RevisionLogSummary {
  /** Its last `up` row: when it was last applied, and the checksum of the file as it ran. */
  readonly lastUp: LogRow | null;
  /** Its last row of any direction (a later `down` or `stamp`, or `lastUp` itself). */
  readonly last: LogRow;
}

/**
 * Per revision, its last `up` row and its last row of any kind, read with one query (the log
 * grows with every run; only these rows are fetched). Null when the log does not exist: a
 * database created before the log, never upgraded since.
 */
export async function readLogSummary(dialect: Dialect, db: Kysely<any>, versionTable: VersionTableName): Promise<Map<string, RevisionLogSummary> | null> {
  const name = versionLogName(versionTable);
  if (!(await dialect.hasTable(db, name.table, name.schema))) return null;
  const lastIds = (upOnly: boolean) =>
    table(db, name)
      .selectFrom(name.table)
      .select((eb) => eb.fn.max('id').as('id'))
      .$if(upOnly, (q) => q.where('direction', '=', 'up'))
      .groupBy('revision');
  const rows = await table(db, name)
    .selectFrom(name.table)
    .selectAll()
    .where((eb) => eb.or([eb('id', 'in', lastIds(true)), eb('id', 'in', lastIds(false))]))
    .orderBy('id')
    .execute();
  return summarizeLog(rows.map(toLogRow));
}

/** The summary of rows in id order (pure: also what the unit tests feed). */
export function summarizeLog(rows: readonly LogRow[]): Map<string, RevisionLogSummary> {
  const out = new Map<string, RevisionLogSummary>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const before = out.get(row.revision);
    out.set(row.revision, { lastUp: row.direction === 'up' ? row : (before?.lastUp ?? null), last: row });
  }
  return out;
}

/**
 * The log entries of a run's steps. The files are hashed now, just before the step loop loads
 * them, so a checksum is that of the file as it runs.
 */
export async function stepLogEntries(steps: readonly MigrationStep[]): Promise<(step: MigrationStep, durationMs: number | null) => LogEntry> {
  const paths = [...new Set(steps.map((s) => s.path))];
  const sums = await fileChecksums(paths);
  const byPath = new Map(paths.map((p, i) => [p, sums[i] ?? null]));
  const version = toolVersion();
  return (step, durationMs) => ({
    revision: step.revision,
    direction: step.direction,
    from: step.from,
    to: step.to,
    durationMs,
    checksum: byPath.get(step.path) ?? null,
    toolVersion: version,
  });
}

/** SHA-256 (hex) of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of each file (null for a file that cannot be read: no path, or not on disk). */
export async function fileChecksums(paths: readonly string[]): Promise<Array<string | null>> {
  return Promise.all(
    paths.map(async (path) => {
      if (path === '') return null;
      try {
        return sha256(await readFile(path));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    }),
  );
}

/**
 * The log rows of a stamp: one per version row it changed (`direction: 'stamp'`, nothing ran,
 * so no duration). `purged` are the rows `--purge` deleted first (known online only). The
 * checksum is that of the revision's file when it has one, for the record: only `up` rows are
 * compared with the files.
 */
export async function stampLogEntries(
  rows: readonly VersionRowOp[],
  purged: readonly string[],
  pathOf: (revision: string) => string | null,
): Promise<LogEntry[]> {
  const moves: Array<{ revision: string; from: string[]; to: string[] }> = [
    ...purged.map((r) => ({ revision: r, from: [r], to: [] })),
    ...rows.map((row) => {
      switch (row.op) {
        case 'insert':
          return { revision: row.revision, from: [], to: [row.revision] };
        case 'delete':
          return { revision: row.revision, from: [row.revision], to: [] };
        case 'update':
          return { revision: row.to, from: [row.from], to: [row.to] };
      }
    }),
  ];
  const sums = await fileChecksums(moves.map((m) => pathOf(m.revision) ?? ''));
  const version = toolVersion();
  return moves.map((m, i) => ({ ...m, direction: 'stamp', durationMs: null, checksum: sums[i] ?? null, toolVersion: version }));
}
