/**
 * The migrate command in-process on real databases: one transaction for the whole run,
 * a version table with its own name and schema, and a failing revision in either mode.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { current } from '../../src/commands/current.js';
import { migrate } from '../../src/commands/migrate.js';
import { UserError } from '../../src/util/errors.js';
import { memoryLogger } from '../../src/util/logger.js';
import { createPgDatabase, createSqliteFile, createTempDir, describePg } from '../helpers/databases.js';

function rev(id: string, down: string | null, up: string, downBody: string): string {
  return `/**
 * ${id}
 */
import type { Operations } from 'orm';
export const revision = '${id}';
export const downRevision: string | string[] | null = ${down ? `'${down}'` : 'null'};
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;
export async function upgrade(op: Operations): Promise<void> {
${up}
}
export async function downgrade(op: Operations): Promise<void> {
${downBody}
}
`;
}

function writeProject(config: Record<string, unknown>, revisions: Record<string, string>) {
  const tmp = createTempDir('orm-migrate-');
  writeFileSync(join(tmp.dir, 'orm.config.json'), JSON.stringify(config));
  mkdirSync(join(tmp.dir, 'migrations', 'versions'), { recursive: true });
  for (const [name, text] of Object.entries(revisions)) writeFileSync(join(tmp.dir, 'migrations', 'versions', name), text);
  return tmp;
}

const REVS = {
  'r1.ts': rev('aaaa00000001', null, "  op.createTable('a', { id: { type: 'integer', primaryKey: true } });", "  op.dropTable('a');"),
  'r2.ts': rev('aaaa00000002', 'aaaa00000001', "  op.createTable('b', { id: { type: 'integer', primaryKey: true } });", "  op.dropTable('b');"),
  'r3.ts': rev(
    'aaaa00000003',
    'aaaa00000002',
    "  op.createTable('c', { id: { type: 'integer', primaryKey: true } });\n  op.execute('INSERT INTO missing_table VALUES (1)');",
    "  op.dropTable('c');",
  ),
};

interface Target {
  url: string;
  tables(): Promise<string[]>;
  cleanup(): Promise<void>;
}

function suite(name: string, make: () => Promise<Target>, versionTableSchema?: string) {
  describe(name, () => {
    let target: Target;
    beforeEach(async () => {
      target = await make();
    });
    afterEach(() => target.cleanup());

    it('transactionPerMigration: false rolls the whole run back when the third revision fails', async () => {
      const p = writeProject({ url: target.url, transactionPerMigration: false, versionTable: 'my_versions', ...(versionTableSchema && { versionTableSchema }) }, REVS);
      try {
        const ctx = { cwd: p.dir, env: {}, logger: memoryLogger() };
        const all = await migrate(ctx, { direction: 'up', target: 'head' }).catch((e: UserError) => e);
        expect(all).toBeInstanceOf(UserError);
        expect((all as UserError).message).toMatch(/aaaa00000003[\s\S]*missing_table[\s\S]*statement: INSERT INTO missing_table/);
        expect((all as UserError).hint).toMatch(/still at <base>/);
        expect(await target.tables()).toEqual([]);
        // per-revision transactions: the first two stay applied
        writeFileSync(join(p.dir, 'orm.config.json'), JSON.stringify({ url: target.url, versionTable: 'my_versions', ...(versionTableSchema && { versionTableSchema }) }));
        const third = await migrate(ctx, { direction: 'up', target: 'head' }).catch((e: UserError) => e);
        expect((third as UserError).hint).toMatch(/still at aaaa00000002/);
        expect(await target.tables()).toEqual(['a', 'b', 'my_versions', 'my_versions_log']);
        expect((await current(ctx)).revisions).toEqual([expect.objectContaining({ revision: 'aaaa00000002', isHead: false, message: 'aaaa00000002', known: true })]);
      } finally {
        p.cleanup();
      }
    });

    it('transactionPerMigration: false applies and reverts a whole run', async () => {
      const revs = { 'r1.ts': REVS['r1.ts'], 'r2.ts': REVS['r2.ts'] };
      const p = writeProject({ url: target.url, transactionPerMigration: false, ...(versionTableSchema && { versionTableSchema }) }, revs);
      try {
        const logger = memoryLogger();
        const ctx = { cwd: p.dir, env: {}, logger };
        const up = await migrate(ctx, { direction: 'up', target: 'head' });
        expect(up.steps.map((s) => s.revision)).toEqual(['aaaa00000001', 'aaaa00000002']);
        expect(logger.lines).toHaveLength(2);
        expect(await target.tables()).toEqual(['a', 'b', 'orm_version', 'orm_version_log']);
        const down = await migrate(ctx, { direction: 'down', target: 'base' });
        expect(down.steps.map((s) => s.revision)).toEqual(['aaaa00000002', 'aaaa00000001']);
        expect(down.to).toEqual([]);
        expect(await target.tables()).toEqual(['orm_version', 'orm_version_log']);
      } finally {
        p.cleanup();
      }
    });
  });
}

suite('sqlite', async () => {
  const db = createSqliteFile();
  const Database = (await import('better-sqlite3')).default;
  return {
    url: db.url,
    tables: async () => {
      const conn = new Database(db.file);
      try {
        // not SQLite's own tables (sqlite_sequence, of the log's autoincrement key)
        return (conn.prepare("select name from sqlite_schema where type='table' and name not like 'sqlite_%' order by 1").all() as Array<{ name: string }>).map((r) => r.name);
      } finally {
        conn.close();
      }
    },
    cleanup: async () => db.cleanup(),
  };
});

describePg('postgres', () => {
  suite(
    'version table in its own schema',
    async () => {
      const database = await createPgDatabase('orm_migrate');
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('CREATE SCHEMA meta');
      return {
        url: database.url,
        tables: async () =>
          (await client.query("select tablename from pg_tables where schemaname in ('public', 'meta') order by 1")).rows.map((r: { tablename: string }) => r.tablename),
        cleanup: async () => {
          await client.end();
          await database.drop();
        },
      };
    },
    'meta',
  );
});
