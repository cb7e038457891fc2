/**
 * ORM_QUERY_STATS=1: every command that opens a database says on stderr how many SQL
 * statements it sent. Autogenerate's comparison (introspection, the database's forms, the diff)
 * must send as many for 50 tables as for 5: a fixed number of catalog queries, never one per table.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';

const STATS = /^orm: (\d+) SQL statements? on (sqlite|postgres)$/m;

/** The count the stats line reports (and that there is exactly one such line). */
function statements(r: CliResult, dialect: string): number {
  const lines = r.stderr.split('\n').filter((l) => STATS.test(l));
  expect(lines).toHaveLength(1);
  const [, count, name] = STATS.exec(lines[0]!)!;
  expect(name).toBe(dialect);
  return Number(count);
}

/**
 * A models module of `n` tables: a key, a foreign key to the previous table, a unique column,
 * defaults of several kinds, a check and an index each. `changed` adds a column and an index.
 */
function models(n: number, changed = false): string {
  const tables = Array.from({ length: n }, (_, i) => {
    const prev = i === 0 ? null : `t${i - 1}`;
    return [
      `export const t${i} = defineTable('t${i}', {`,
      '  id: integer().primaryKey().autoincrement(),',
      prev ? `  parent_id: integer().references('${prev}.id', { onDelete: 'cascade' }),` : '',
      '  code: varchar(32).notNull().unique(),',
      "  status: text().notNull().default('new'),",
      '  amount: numeric(10, 2).notNull().default(0),',
      '  active: boolean().notNull().default(true),',
      '  created_at: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),',
      changed && i === Math.floor(n / 2) ? '  note: text(),' : '',
      `}, (t) => ({ indexes: [index().on(t.status)${changed && i === 0 ? ', index().on(t.code, t.status)' : ''}], checks: [{ expression: 'amount >= 0' }] }));`,
    ]
      .filter((l) => l !== '')
      .join('\n');
  });
  return [
    "import { boolean, defineMetadata, defineTable, index, integer, numeric, sql, text, timestamptz, varchar } from 'orm';",
    ...tables,
    `export const metadata = defineMetadata({ tables: { ${Array.from({ length: n }, (_, i) => `t${i}`).join(', ')} } });`,
    '',
  ].join('\n');
}

function project(): { dir: string; writeModels(text: string): void; cleanup(): void } {
  const tmp = createTempDir('orm-query-stats-');
  expect(runCli(tmp.dir, ['init']).status).toBe(0);
  mkdirSync(join(tmp.dir, 'src'));
  return { ...tmp, writeModels: (text) => writeFileSync(join(tmp.dir, 'src', 'models.ts'), text) };
}

describe('ORM_QUERY_STATS on SQLite', () => {
  let p: ReturnType<typeof project>;
  beforeAll(() => {
    p = project();
    p.writeModels(models(3));
  });
  afterAll(() => p.cleanup());

  it('reports the statement count on stderr when the connection closes, only when asked', () => {
    const url = ['--url', `sqlite:${join(p.dir, 'app.db')}`];
    const quiet = runCli(p.dir, ['check', ...url]);
    expect(quiet.status).toBe(1);
    expect(quiet.stderr).not.toMatch(/SQL statement/);

    const r = runCli(p.dir, ['check', ...url], { ORM_QUERY_STATS: '1' });
    expect(r.status).toBe(1);
    expect(statements(r, 'sqlite')).toBeGreaterThan(0);
    // stdout keeps only the command's own output
    expect(r.stdout).not.toMatch(/SQL statement/);
  });

  it('counts the statements of a migration too', () => {
    const url = ['--url', `sqlite:${join(p.dir, 'app.db')}`];
    const generated = runCli(p.dir, ['revision', '--autogenerate', '-m', 'init', ...url], { ORM_QUERY_STATS: '1' });
    expect(generated.status).toBe(0);
    const check = statements(generated, 'sqlite');
    const upgrade = runCli(p.dir, ['upgrade', 'head', ...url], { ORM_QUERY_STATS: '1' });
    expect(upgrade.status).toBe(0);
    // three CREATE TABLEs and their indexes, at least
    expect(statements(upgrade, 'sqlite')).toBeGreaterThan(check);
  });
});

describePg('ORM_QUERY_STATS on PostgreSQL: comparing 5 or 50 tables sends the same statements', () => {
  const counts = new Map<number, { inSync: number; changed: number; revision: number }>();

  for (const n of [5, 50]) {
    it(`${n} tables`, async () => {
      const p = project();
      const database = await createPgDatabase('orm_stats');
      try {
        const orm = (...args: string[]) => runCli(p.dir, [...args, '--url', database.url], { ORM_QUERY_STATS: '1' });
        p.writeModels(models(n));
        expect(orm('revision', '--autogenerate', '-m', 'init', '--rev-id', 'aaaaaaaa0001').status).toBe(0);
        expect(orm('upgrade', 'head').status).toBe(0);

        const inSync = orm('check');
        expect(inSync.stdout.trim()).toBe('No changes detected.');
        expect(inSync.status).toBe(0);

        p.writeModels(models(n, true));
        const changed = orm('check');
        expect(changed.status).toBe(1);
        expect(changed.stdout).toContain('add column');

        const revision = orm('revision', '--autogenerate', '-m', 'change');
        expect(revision.status).toBe(0);
        const versions = join(p.dir, 'migrations', 'versions');
        expect(readdirSync(versions).filter((f) => f.endsWith('.ts'))).toHaveLength(2);
        for (const f of readdirSync(versions)) if (f.includes('_change')) rmSync(join(versions, f));

        counts.set(n, {
          inSync: statements(inSync, 'postgres'),
          changed: statements(changed, 'postgres'),
          revision: statements(revision, 'postgres'),
        });
      } finally {
        await database.drop();
        p.cleanup();
      }
    });
  }

  it('the counts do not grow with the number of tables', () => {
    expect(counts.size).toBe(2);
    expect(counts.get(50)).toEqual(counts.get(5));
  });
});

describePg('PostgreSQL: the connection opened while the models load', () => {
  it('never delays an error found between loading the models and comparing', async () => {
    const p = project();
    const database = await createPgDatabase('orm_stats');
    try {
      p.writeModels(models(3));
      const orm = (...args: string[]) => {
        const started = Date.now();
        const r = runCli(p.dir, [...args, '--url', database.url]);
        return { ...r, ms: Date.now() - started };
      };
      // a --rename naming a column the models do not have: refused once the models are loaded
      const rename = orm('check', '--rename', 't1.nope=t1.zzz');
      expect(rename.status).toBe(1);
      expect(rename.stderr).toMatch(/zzz/);
      // an unused connection would otherwise keep the process alive for the pool's 10 s idle timeout
      expect(rename.ms).toBeLessThan(8000);

      p.writeModels(`throw new Error('models exploded');\n`);
      const broken = orm('revision', '--autogenerate', '-m', 'x');
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/models exploded/);
      expect(broken.ms).toBeLessThan(8000);
    } finally {
      await database.drop();
      p.cleanup();
    }
  });
});
