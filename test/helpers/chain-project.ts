/**
 * A linear history of N revisions for the lock, concurrency and crash tests: revision i creates
 * table `t_i` and inserts its id into the side table `ran` (created by the first one), so the
 * database itself says which revisions ran and how often. Some revisions can be made slow, and
 * one can announce on stdout that it is inside its transaction, then stall.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeProject, type DbView, type RevisionSpec } from './e2e-project.js';

export type ChainDialect = 'sqlite' | 'postgres';

/** The id of revision i (1-based): 12 hex characters, in order. */
export const chainId = (i: number) => `c${i.toString(16).padStart(11, '0')}`;

export interface ChainOptions {
  readonly count: number;
  readonly dialect: ChainDialect;
  /** Revisions that take a while (a database-side sleep or a large insert). */
  readonly slow?: (i: number) => boolean;
  /**
   * Revision that prints `inside <id>` once its first table exists (transaction open), then,
   * when ORM_TEST_STALL=1 is in the environment, keeps the database busy for seconds.
   */
  readonly stallAt?: number;
}

/** A statement keeping the database busy in the revision's transaction for roughly `ms`. */
function busySql(dialect: ChainDialect, table: string, ms: number): string {
  if (dialect === 'postgres') return `select pg_sleep(${ms / 1000})`;
  // SQLite has no sleep: a recursive insert of many rows (about 1.5 million rows a second here)
  const rows = Math.round(ms * 1500);
  return `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${rows}) INSERT INTO ${table} (id) SELECT x + 1000 FROM c`;
}

export function chainRevisions(options: ChainOptions): RevisionSpec[] {
  const specs: RevisionSpec[] = [];
  for (let i = 1; i <= options.count; i++) {
    const id = chainId(i);
    const table = `t_${i}`;
    const lines: string[] = [];
    if (i === 1) lines.push("  op.createTable('ran', { rev: { type: 'varchar(32)', nullable: false } });");
    lines.push(`  await op.createTable('${table}', { id: { type: 'integer', primaryKey: true } });`);
    lines.push(`  op.bulkInsert('ran', [{ rev: '${id}' }]);`);
    if (options.slow?.(i)) lines.push(`  op.execute(${JSON.stringify(busySql(options.dialect, table, 250))});`);
    if (options.stallAt === i) {
      lines.push('  await op.execute(\'select 1\');');
      lines.push(`  console.log('inside ${id}');`);
      lines.push(`  if (process.env.ORM_TEST_STALL === '1') await op.execute(${JSON.stringify(busySql(options.dialect, table, 2500))});`);
    }
    specs.push({
      id,
      down: i === 1 ? null : chainId(i - 1),
      message: `step ${i}`,
      upgrade: lines.join('\n'),
      downgrade: i === 1 ? `  op.dropTable('${table}');\n  op.dropTable('ran');` : `  op.dropTable('${table}');\n  op.execute("delete from ran where rev = '${id}'");`,
    });
  }
  return specs;
}

/** A project holding the chain. */
export function writeChainProject(options: ChainOptions, config: Record<string, unknown> = {}): { dir: string; cleanup(): void } {
  return writeProject(chainRevisions(options), config);
}

/** Adds `export const transaction = false;` to a revision file of a project. */
export function markNoTransaction(projectDir: string, id: string): void {
  const versions = join(projectDir, 'migrations', 'versions');
  const file = readdirSync(versions).find((f) => f.startsWith(`${id}_`));
  if (!file) throw new Error(`no file for revision ${id}`);
  appendFileSync(join(versions, file), '\nexport const transaction = false;\n');
}

/**
 * Checks that the version table and the schema agree: with the version row at revision k, the
 * tables t_1..t_k exist and no other t_i, and `ran` holds exactly those k revisions, once each.
 * Returns k.
 */
export async function expectConsistent(db: DbView, count: number): Promise<number> {
  const tables = await db.tables();
  const rows = tables.includes('orm_version') ? await db.versionRows() : [];
  expect(rows.length).toBeLessThanOrEqual(1);
  const k = rows.length === 0 ? 0 : Array.from({ length: count }, (_, i) => chainId(i + 1)).indexOf(rows[0]!) + 1;
  if (rows.length === 1) expect(k).toBeGreaterThan(0);
  const chainTables = tables.filter((t) => /^t_\d+$/.test(t)).sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  expect(chainTables).toEqual(Array.from({ length: k }, (_, i) => `t_${i + 1}`));
  if (k === 0) {
    expect(tables).not.toContain('ran');
  } else {
    const ran = (await db.query('select rev from ran order by rev')).map((r) => String(r.rev));
    expect(ran).toEqual(Array.from({ length: k }, (_, i) => chainId(i + 1)));
  }
  return k;
}
