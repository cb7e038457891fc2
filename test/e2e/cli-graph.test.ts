/**
 * End to end, as a user: a branched history on SQLite and on PostgreSQL (each in its own
 * database), built and moved with the built `bin/orm`:
 *
 *   base1 -> rev_a -> rev_b1 ------------------> merge_m -> rev_d1
 *                  \-> rev_c1 -> rev_c2 (feature) -/      \-> rev_e1 (dependsOn rev_d1)
 *   audit1 -> audit2 (a second root, label audit, in its own version location)
 *
 * Every command's stdout and exit status are asserted, and the version table's rows after
 * every command: exactly Alembic's rows, one per applied head.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runCli, type CliResult } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';

interface Db {
  /** The version table's rows, sorted; none when the table does not exist. */
  versionRows(): Promise<string[]>;
  /** Tables made by the revisions (`t_*`), sorted. */
  tables(): Promise<string[]>;
  close(): Promise<void>;
}

function sqliteDb(file: string): Db {
  const all = (sql: string) => {
    if (!existsSync(file)) return [];
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(sql).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  };
  return {
    versionRows: async () => {
      if (all("select name from sqlite_schema where name = 'orm_version'").length === 0) return [];
      return all('select version_num from orm_version order by 1').map((r) => String(r.version_num));
    },
    tables: async () => all("select name from sqlite_schema where type = 'table' and name like 't\\_%' escape '\\' order by 1").map((r) => String(r.name)),
    close: async () => undefined,
  };
}

function pgDb(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // DROP DATABASE ... WITH (FORCE) at cleanup ends idle connections: not a test failure.
  pool.on('error', () => undefined);
  const all = async (sql: string) => (await pool.query(sql)).rows as Array<Record<string, unknown>>;
  return {
    versionRows: async () => {
      const [exists] = await all("select to_regclass('public.orm_version') is not null as present");
      if (!exists?.present) return [];
      return (await all('select version_num from orm_version order by 1')).map((r) => String(r.version_num));
    },
    tables: async () =>
      (await all("select tablename from pg_tables where schemaname = 'public' and tablename like 't\\_%' order by 1")).map((r) => String(r.tablename)),
    close: () => pool.end(),
  };
}

/** Lines of stdout, without the final newline. */
function lines(r: CliResult): string[] {
  return r.stdout.replace(/\n$/, '').split('\n');
}

/** The path a `revision`/`merge` reports writing, relative to the project. */
function generated(r: CliResult): string {
  const m = /^Generating (\S+) \.\.\. done$/m.exec(r.stdout);
  if (!m) throw new Error(`no "Generating" line in: ${r.stdout}${r.stderr}`);
  return m[1]!;
}

const HISTORY = [
  'merge_m (rev_d1) -> rev_e1 (feature) (head), e1',
  'merge_m -> rev_d1 (feature) (effective head), d1',
  'rev_b1, rev_c2 -> merge_m (feature) (branchpoint) (mergepoint), merge b1 and c2',
  'rev_c1 -> rev_c2 (feature), c2',
  'rev_a -> rev_c1 (feature), c1',
  'rev_a -> rev_b1, b1',
  'base1 -> rev_a (branchpoint), a',
  '<base> -> base1, base',
];

function graphFlow(name: string, setup: () => Promise<{ url: string; db: Db; dialect: string; cleanup(): Promise<void> }>) {
  describe(`${name}: branches, merges, labels, dependencies, several version locations`, () => {
    let project: ReturnType<typeof createTempDir>;
    let env: Awaited<ReturnType<typeof setup>>;
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', env.url]);
    const rows = () => env.db.versionRows();
    const tables = () => env.db.tables();
    const read = (path: string) => readFileSync(join(project.dir, path), 'utf8');
    const fileCount = () =>
      ['versions', 'feature', 'audit'].reduce((n, d) => n + readdirSync(join(project.dir, 'migrations', d)).filter((f) => f.endsWith('.ts')).length, 0);

    /** `orm revision ...` that must succeed; gives the revision a table of its own. */
    function revision(id: string, message: string, ...extra: string[]): string {
      const r = orm('revision', '-m', message, '--rev-id', id, ...extra);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const path = generated(r);
      const text = read(path);
      const filled = text
        .replace(/(export async function upgrade\(op: Operations\): Promise<void> \{)[\s\S]*?\n\}/, `$1\n  op.createTable('t_${id}', { id: { type: 'integer', primaryKey: true } });\n}`)
        .replace(/(export async function downgrade\(op: Operations\): Promise<void> \{)[\s\S]*?\n\}/, `$1\n  op.dropTable('t_${id}');\n}`);
      expect(filled).not.toBe(text);
      writeFileSync(join(project.dir, path), filled);
      return path;
    }

    beforeAll(async () => {
      project = createTempDir('orm-graph-');
      env = await setup();
      expect(runCli(project.dir, ['init', '--dialect', env.dialect]).status).toBe(0);
      mkdirSync(join(project.dir, 'migrations', 'feature'));
      mkdirSync(join(project.dir, 'migrations', 'audit'));
      writeFileSync(
        join(project.dir, 'orm.config.ts'),
        `import { defineConfig } from 'orm';
export default defineConfig({
  versionLocations: ['./migrations/versions', './migrations/feature', './migrations/audit'],
});
`,
      );
    });
    afterAll(async () => {
      await env.db.close();
      await env.cleanup();
      project.cleanup();
    });

    it('builds a branch: --head must be a head unless --splice; the first revision goes into the first location', async () => {
      expect(revision('base1', 'base')).toBe('migrations/versions/base1_base.ts');
      expect(revision('rev_a', 'a')).toBe('migrations/versions/rev_a_a.ts');
      expect(revision('rev_b1', 'b1')).toBe('migrations/versions/rev_b1_b1.ts');

      const refused = orm('revision', '-m', 'c1', '--rev-id', 'rev_c1', '--head', 'rev_a');
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^Error: 'rev_a' is not a head/m);
      expect(refused.stderr).toMatch(/^Hint: Pass --splice/m);
      expect(fileCount()).toBe(3);

      const c1 = revision('rev_c1', 'c1', '--head', 'rev_a', '--splice', '--branch-label', 'feature', '--version-path', 'migrations/feature');
      expect(c1).toBe('migrations/feature/rev_c1_c1.ts');
      expect(read(c1)).toContain("export const downRevision: string | string[] | null = 'rev_a';");
      expect(read(c1)).toContain("export const branchLabels: string[] | null = ['feature'];");
      expect(await rows()).toEqual([]);
    });

    it('heads shows the two heads; revision without --head refuses, naming them', async () => {
      const heads = orm('heads');
      expect(heads.status).toBe(0);
      expect(heads.stdout).toBe('rev_b1 (head)\nrev_c1 (feature) (head)\n');

      const json = orm('heads', '--json');
      expect(json.status).toBe(0);
      const doc = JSON.parse(json.stdout) as { resolveDependencies: boolean; heads: Array<Record<string, unknown>> };
      expect(doc.resolveDependencies).toBe(false);
      expect(doc.heads.map((h) => h.revision)).toEqual(['rev_b1', 'rev_c1']);
      expect(doc.heads[1]).toMatchObject({
        downRevisions: ['rev_a'],
        dependsOn: [],
        branchLabels: ['feature'],
        message: 'c1',
        isHead: true,
        isEffectiveHead: false,
        isBranchPoint: false,
        isMergePoint: false,
        isCurrent: null,
        path: join(project.dir, 'migrations', 'feature', 'rev_c1_c1.ts'),
      });
      expect(doc.heads[1]!.createDate).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

      const refused = orm('revision', '-m', 'x');
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^Error: Several heads: 'rev_b1', 'rev_c1'/m);
      expect(refused.stderr).toMatch(/^Hint: .*--head.*orm merge heads/m);
      expect(fileCount()).toBe(4);
      expect(await rows()).toEqual([]);
    });

    it('branches lists the branch point with its children', async () => {
      const r = orm('branches');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('rev_a (branchpoint)\n      -> rev_b1 (head)\n      -> rev_c1 (feature) (head)\n\n');
      const doc = JSON.parse(orm('branches', '--json').stdout) as { branchPoints: Array<{ revision: { revision: string }; children: Array<{ revision: string }> }> };
      expect(doc.branchPoints.map((b) => [b.revision.revision, b.children.map((c) => c.revision)])).toEqual([['rev_a', ['rev_b1', 'rev_c1']]]);
      expect(await rows()).toEqual([]);
    });

    it('current --check-heads fails on an empty database, naming the heads', async () => {
      const r = orm('current', '--check-heads');
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Error: The database is not at every head: heads 'rev_b1', 'rev_c1' are not applied$/m);
      expect(r.stderr).toMatch(/^Hint: Run `orm upgrade heads`/m);
      expect(await rows()).toEqual([]);
    });

    it('upgrade rev_b1 applies its line only; upgrade heads enters the other branch with a second row', async () => {
      const b1 = orm('upgrade', 'rev_b1');
      expect(b1.stderr).toBe('');
      expect(b1.status).toBe(0);
      expect(lines(b1).map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual([
        'Running upgrade <base> -> base1, base',
        'Running upgrade base1 -> rev_a, a',
        'Running upgrade rev_a -> rev_b1, b1',
      ]);
      expect(await rows()).toEqual(['rev_b1']);
      expect(await tables()).toEqual(['t_base1', 't_rev_a', 't_rev_b1']);

      const heads = orm('upgrade', 'heads');
      expect(heads.status).toBe(0);
      expect(lines(heads).map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual(['Running upgrade rev_a -> rev_c1, c1']);
      expect(await rows()).toEqual(['rev_b1', 'rev_c1']);
      expect(await tables()).toEqual(['t_base1', 't_rev_a', 't_rev_b1', 't_rev_c1']);
    });

    it('current --check-heads passes at every head', async () => {
      const r = orm('current', '--check-heads');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('rev_b1 (head)\nrev_c1 (head)\n');
      const doc = JSON.parse(orm('current', '--json').stdout) as Record<string, unknown>;
      expect(doc).toMatchObject({ versionRows: ['rev_b1', 'rev_c1'], heads: ['rev_b1', 'rev_c1'], missingHeads: [], unknownRows: [], atHeads: true, problem: null });
      expect(await rows()).toEqual(['rev_b1', 'rev_c1']);
    });

    it('a revision on feature@head goes into its parent\'s folder; upgrade feature@head applies it', async () => {
      expect(revision('rev_c2', 'c2', '--head', 'feature@head')).toBe('migrations/feature/rev_c2_c2.ts');
      const check = orm('current', '--check-heads');
      expect(check.status).toBe(1);
      expect(check.stdout).toBe('rev_b1 (head)\nrev_c1\n');
      expect(check.stderr).toMatch(/^Error: The database is not at every head: head 'rev_c2' is not applied$/m);
      const json = orm('current', '--check-heads', '--json');
      expect(json.status).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ missingHeads: ['rev_c2'], atHeads: false });
      expect(await rows()).toEqual(['rev_b1', 'rev_c1']);

      const up = orm('upgrade', 'feature@head');
      expect(up.status).toBe(0);
      expect(lines(up).map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual(['Running upgrade rev_c1 -> rev_c2, c2']);
      expect(await rows()).toEqual(['rev_b1', 'rev_c2']);
      expect(await tables()).toEqual(['t_base1', 't_rev_a', 't_rev_b1', 't_rev_c1', 't_rev_c2']);
    });

    it('merge heads writes a merge revision with empty bodies', async () => {
      const r = orm('merge', 'heads', '-m', 'merge b1 and c2', '--rev-id', 'merge_m', '--json');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(doc).toEqual({
        formatVersion: 1,
        command: 'merge',
        revision: 'merge_m',
        downRevisions: ['rev_b1', 'rev_c2'],
        branchLabels: [],
        dependsOn: [],
        path: join(project.dir, 'migrations', 'versions', 'merge_m_merge_b1_and_c2.ts'),
      });
      const text = read('migrations/versions/merge_m_merge_b1_and_c2.ts');
      expect(text).toContain("export const downRevision: string | string[] | null = ['rev_b1', 'rev_c2'];");
      expect(text).toMatch(/export async function upgrade\(op: Operations\): Promise<void> \{\n\}/);
      expect(text).toMatch(/export async function downgrade\(op: Operations\): Promise<void> \{\n\}/);
      expect(orm('heads').stdout).toBe('merge_m (feature) (head)\n');
      expect(await rows()).toEqual(['rev_b1', 'rev_c2']);
    });

    it('upgrade head crosses the merge point (one row); downgrade -1 unmerges (two rows again)', async () => {
      const up = orm('upgrade', 'head');
      expect(up.status).toBe(0);
      expect(lines(up).map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual(['Running upgrade rev_b1, rev_c2 -> merge_m, merge b1 and c2']);
      expect(await rows()).toEqual(['merge_m']);

      const down = orm('downgrade', '-1');
      expect(down.status).toBe(0);
      expect(lines(down).map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual(['Running downgrade merge_m -> rev_b1, rev_c2, merge b1 and c2']);
      expect(await rows()).toEqual(['rev_b1', 'rev_c2']);
      expect(await tables()).toEqual(['t_base1', 't_rev_a', 't_rev_b1', 't_rev_c1', 't_rev_c2']);

      expect(orm('upgrade', 'head').status).toBe(0);
      expect(await rows()).toEqual(['merge_m']);
    });

    it('another branch from the merge, one revision depending on the other: an effective head', async () => {
      expect(revision('rev_d1', 'd1')).toBe('migrations/versions/rev_d1_d1.ts');
      // a partial id is written as the full id
      const e1 = revision('rev_e1', 'e1', '--head', 'merge_m', '--splice', '--depends-on', 'rev_d');
      expect(read(e1)).toContain("export const dependsOn: string[] | null = ['rev_d1'];");
      expect(read(e1)).toContain("export const downRevision: string | string[] | null = 'merge_m';");

      const heads = orm('heads');
      expect(heads.status).toBe(0);
      expect(heads.stdout).toBe('rev_d1 (feature) (effective head)\nrev_e1 (feature) (head)\n');
      const resolved = orm('heads', '--resolve-dependencies');
      expect(resolved.status).toBe(0);
      expect(resolved.stdout).toBe('rev_e1 (feature) (head)\n');
      const doc = JSON.parse(orm('heads', '--resolve-dependencies', '--json').stdout) as { resolveDependencies: boolean; heads: Array<Record<string, unknown>> };
      expect(doc.resolveDependencies).toBe(true);
      expect(doc.heads).toHaveLength(1);
      expect(doc.heads[0]).toMatchObject({ revision: 'rev_e1', dependsOn: ['rev_d1'], isHead: true });

      const branches = orm('branches');
      expect(branches.stdout).toBe(
        [
          'merge_m (feature) (branchpoint) (mergepoint)',
          '        -> rev_d1 (feature) (effective head)',
          '        -> rev_e1 (feature) (head)',
          '',
          'rev_a (branchpoint)',
          '      -> rev_b1',
          '      -> rev_c1 (feature)',
          '',
          '',
        ].join('\n'),
      );
      expect(await rows()).toEqual(['merge_m']);
    });

    it('history marks heads, branch points, merge points and effective heads, without connecting', async () => {
      // a URL nothing listens on: history must not open the database
      const r = runCli(project.dir, ['history', '--url', 'postgres://nobody@127.0.0.1:9/none']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(lines(r)).toEqual(HISTORY);
      const doc = JSON.parse(orm('history', '--json').stdout) as { range: unknown; current: unknown; revisions: Array<Record<string, unknown>> };
      expect(doc.range).toBeNull();
      expect(doc.current).toBeNull();
      expect(doc.revisions.map((x) => x.revision)).toEqual(['rev_e1', 'rev_d1', 'merge_m', 'rev_c2', 'rev_c1', 'rev_b1', 'rev_a', 'base1']);
      expect(doc.revisions[2]).toMatchObject({ isMergePoint: true, isBranchPoint: true, children: ['rev_d1', 'rev_e1'], isCurrent: null });
      expect(await rows()).toEqual(['merge_m']);
    });

    it('history --indicate-current marks the version rows; --verbose prints each revision in full', async () => {
      const r = orm('history', '--indicate-current');
      expect(r.status).toBe(0);
      expect(lines(r)).toEqual(HISTORY.map((l) => (l.includes('-> merge_m') ? l.replace('(feature)', '(feature) (current)') : l)));

      const verbose = orm('history', '-r', 'rev_c2:merge_m', '--verbose', '-i');
      expect(verbose.status).toBe(0);
      // with a database URL, --verbose also says when each revision was applied (orm_version_log)
      const text = verbose.stdout.replace(/Create Date: .*/g, 'Create Date: D').replace(/^Applied: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+ ms\)$/gm, 'Applied: A');
      expect(text).toBe(
        [
          'Rev: merge_m (branchpoint) (mergepoint) (current)',
          'Merges: rev_b1, rev_c2',
          'Branches into: rev_d1, rev_e1',
          'Branch names: feature',
          'Path: migrations/versions/merge_m_merge_b1_and_c2.ts',
          'Applied: A',
          '',
          '    merge b1 and c2',
          '',
          '    Revision ID: merge_m',
          '    Revises: rev_b1, rev_c2',
          '    Create Date: D',
          '',
          'Rev: rev_c2',
          'Parent: rev_c1',
          'Branch names: feature',
          'Path: migrations/feature/rev_c2_c2.ts',
          'Applied: A',
          '',
          '    c2',
          '',
          '    Revision ID: rev_c2',
          '    Revises: rev_c1',
          '    Create Date: D',
          '',
          '',
        ].join('\n'),
      );
      expect(await rows()).toEqual(['merge_m']);
    });

    it('history -r takes FROM:TO with either side open, current, labels and -N', async () => {
      const range = (text: string) => {
        const r = orm('history', '-r', text);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        return lines(r).map((l) => l.split(' -> ')[1]!.split(' ')[0]!.replace(/,$/, ''));
      };
      expect(range('rev_c1:merge_m')).toEqual(['merge_m', 'rev_c2', 'rev_c1']);
      expect(range('current:')).toEqual(['rev_e1', 'rev_d1', 'merge_m']);
      expect(range(':rev_b1')).toEqual(['rev_b1', 'rev_a', 'base1']);
      expect(range('-1:current')).toEqual(['merge_m', 'rev_c2', 'rev_b1']);
      expect(range('base:rev_a')).toEqual(['rev_a', 'base1']);
      expect(range('feature:feature@+1')).toEqual(['rev_c2', 'rev_c1']);
      expect(range('rev_c2:heads')).toEqual(['rev_e1', 'rev_d1', 'merge_m', 'rev_c2']);

      const json = JSON.parse(orm('history', '-r', 'current:', '--json').stdout) as { range: unknown; current: unknown };
      expect(json.range).toEqual({ from: 'current', to: null });
      expect(json.current).toEqual(['merge_m']);

      const malformed = orm('history', '-r', 'rev_a');
      expect(malformed.status).toBe(1);
      expect(malformed.stderr).toMatch(/^Error: Malformed revision range 'rev_a'/m);
      const backwards = orm('history', '-r', 'rev_b1:rev_c2');
      expect(backwards.status).toBe(1);
      expect(backwards.stderr).toMatch(/^Error: Revision 'rev_b1' is not below 'rev_c2'/m);
      expect(await rows()).toEqual(['merge_m']);
    });

    it('show prints a revision in full: by id, partial id, label, head, current', async () => {
      const c2 = orm('show', 'rev_c2');
      expect(c2.status).toBe(0);
      expect(c2.stdout.replace(/Create Date: .*/, 'Create Date: D')).toBe(
        [
          'Rev: rev_c2',
          'Parent: rev_c1',
          'Branch names: feature',
          'Path: migrations/feature/rev_c2_c2.ts',
          '',
          '    c2',
          '',
          '    Revision ID: rev_c2',
          '    Revises: rev_c1',
          '    Create Date: D',
          '',
          '',
        ].join('\n'),
      );
      const ambiguous = orm('show', 'rev_c');
      expect(ambiguous.status).toBe(1);
      expect(ambiguous.stderr).toMatch(/^Error: Revision 'rev_c' is ambiguous: 'rev_c1', 'rev_c2' start with it/m);
      expect(lines(orm('show', 'feature'))[0]).toBe('Rev: rev_c1');
      expect(lines(orm('show', 'rev_e'))).toEqual(expect.arrayContaining(['Rev: rev_e1 (head)', 'Parent: merge_m', 'Also depends on: rev_d1']));
      expect(lines(orm('show', 'rev_d1'))).toEqual(expect.arrayContaining(['Rev: rev_d1 (effective head)', 'Depended on by: rev_e1']));
      expect(lines(orm('show', 'head'))[0]).toBe('Rev: rev_e1 (head)');
      expect(lines(orm('show', 'current'))[0]).toBe('Rev: merge_m (branchpoint) (mergepoint) (current)');
      const json = JSON.parse(orm('show', 'current', '--json').stdout) as { target: string; revisions: Array<Record<string, unknown>> };
      expect(json.target).toBe('current');
      expect(json.revisions).toHaveLength(1);
      expect(json.revisions[0]).toMatchObject({ revision: 'merge_m', downRevisions: ['rev_b1', 'rev_c2'], isCurrent: true, message: 'merge b1 and c2' });
      const unknown = orm('show', 'nope');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/^Error: No such revision or branch label 'nope'/m);
      expect(await rows()).toEqual(['merge_m']);
    });

    it('upgrade heads applies the dependency target without a row of its own', async () => {
      const r = orm('upgrade', 'heads');
      expect(r.status).toBe(0);
      expect(lines(r).map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual(['Running upgrade merge_m -> rev_d1, d1', 'Running upgrade merge_m -> rev_e1, e1']);
      expect(await rows()).toEqual(['rev_e1']);
      expect(await tables()).toEqual(['t_base1', 't_rev_a', 't_rev_b1', 't_rev_c1', 't_rev_c2', 't_rev_d1', 't_rev_e1']);
      const current = orm('current', '--check-heads');
      expect(current.status).toBe(0);
      expect(current.stdout).toBe('rev_d1 (effective head)\nrev_e1 (head)\n');
      const doc = JSON.parse(orm('current', '--json').stdout) as { revisions: Array<Record<string, unknown>> };
      expect(doc.revisions.map((x) => [x.revision, x.inVersionTable, x.isEffectiveHead])).toEqual([
        ['rev_d1', false, true],
        ['rev_e1', true, false],
      ]);
      expect(await rows()).toEqual(['rev_e1']);
    });

    it('several bases: a new root needs --version-path; its branch goes where its parent is', async () => {
      const refused = orm('revision', '-m', 'audit', '--rev-id', 'audit1', '--head', 'base', '--branch-label', 'audit');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^Error: Several version locations \(migrations\/versions, migrations\/feature, migrations\/audit\)/m);
      expect(refused.stderr).toMatch(/^Hint: Pass --version-path/m);
      const outside = orm('revision', '-m', 'audit', '--head', 'base', '--version-path', 'elsewhere');
      expect(outside.status).toBe(1);
      expect(outside.stderr).toMatch(/^Error: --version-path elsewhere is not one of the version locations/m);

      expect(revision('audit1', 'audit', '--head', 'base', '--branch-label', 'audit', '--version-path', 'migrations/audit')).toBe(
        'migrations/audit/audit1_audit.ts',
      );
      expect(revision('audit2', 'audit2', '--head', 'audit@head')).toBe('migrations/audit/audit2_audit2.ts');
      expect(orm('heads').stdout).toBe('audit2 (audit) (head)\nrev_d1 (feature) (effective head)\nrev_e1 (feature) (head)\n');
      const check = orm('current', '--check-heads');
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(/head 'audit2' is not applied/);
      expect(await rows()).toEqual(['rev_e1']);

      const up = orm('upgrade', 'heads');
      expect(up.status).toBe(0);
      expect(await rows()).toEqual(['audit2', 'rev_e1']);
      expect(orm('current', '--check-heads').status).toBe(0);

      const down = orm('downgrade', 'audit@base');
      expect(down.status).toBe(0);
      expect(lines(down).map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual([
        'Running downgrade audit2 -> audit1, audit2',
        'Running downgrade audit1 -> <base>, audit',
      ]);
      expect(await rows()).toEqual(['rev_e1']);
      expect(await tables()).not.toContain('t_audit1');
    });

    it('downgrade base reverts everything', async () => {
      const r = orm('downgrade', 'base');
      expect(r.status).toBe(0);
      expect(lines(r)).toHaveLength(8);
      expect(await rows()).toEqual([]);
      expect(await tables()).toEqual([]);
      expect(orm('current').stdout).toBe('');
    });
  });
}

graphFlow('sqlite', async () => {
  const tmp = createTempDir('orm-graph-db-');
  const file = join(tmp.dir, 'app.db');
  return { url: `sqlite:${file}`, db: sqliteDb(file), dialect: 'sqlite', cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  graphFlow('postgres', async () => {
    const database = await createPgDatabase('orm_graph');
    return { url: database.url, db: pgDb(database.url), dialect: 'postgres', cleanup: database.drop };
  });
});

describe('graph commands refuse bad input, writing nothing', () => {
  let project: ReturnType<typeof createTempDir>;
  const orm = (...args: string[]) => runCli(project.dir, args);
  const files = () => readdirSync(join(project.dir, 'migrations', 'versions')).filter((f) => f.endsWith('.ts')).sort();

  beforeAll(() => {
    project = createTempDir('orm-graph-err-');
    expect(runCli(project.dir, ['init']).status).toBe(0);
    for (const [id, extra] of [
      ['r100', []],
      ['r200', []],
      ['r300', ['--head', 'r100', '--splice', '--branch-label', 'side']],
    ] as const) {
      expect(orm('revision', '-m', id, '--rev-id', id, ...extra).status).toBe(0);
    }
  });
  afterAll(() => project.cleanup());

  it('revision: a used label or id, an unknown dependency, --splice without --head, --head current', () => {
    const before = files();
    const cases: Array<[string[], number, RegExp]> = [
      [['--head', 'r200', '--branch-label', 'side'], 1, /^Error: Branch label 'side' is already used by revision 'r300'/m],
      [['--head', 'r200', '--branch-label', 'r100'], 1, /^Error: Branch label 'r100' is also a revision id/m],
      [['--head', 'r200', '--rev-id', 'r300'], 1, /^Error: Revision id 'r300' is already used/m],
      [['--head', 'r200', '--rev-id', 'a:b'], 1, /^Error: Invalid revision id 'a:b'/m],
      [['--head', 'r200', '--depends-on', 'nope'], 1, /^Error: No such revision or branch label 'nope'/m],
      [['--head', 'r200', '--depends-on', 'r200'], 1, /^Error: --depends-on 'r200' is 'r200', already a parent/m],
      [['--splice'], 2, /^Error: --splice needs --head/m],
      [['--head', 'current'], 1, /^Error: --head takes a revision, not 'current'/m],
      [['--head', 'r200', '--version-path', 'migrations'], 1, /^Error: --version-path migrations is not one of the version locations \(migrations\/versions\)/m],
    ];
    for (const [args, status, message] of cases) {
      const r = orm('revision', '-m', 'x', ...args);
      expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status, stdout: '' });
      expect(r.stderr).toMatch(message);
    }
    expect(files()).toEqual(before);
  });

  it('revision: a dependency already below the parent is written with a warning', () => {
    const r = orm('revision', '-m', 'dep', '--rev-id', 'r400', '--head', 'r200', '--depends-on', 'r100');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: dependsOn 'r100' is already below the new revision's parents/m);
    expect(readFileSync(join(project.dir, 'migrations', 'versions', 'r400_dep.ts'), 'utf8')).toContain("export const dependsOn: string[] | null = ['r100'];");
  });

  it('merge: fewer than two revisions, a revision below another, a non-head without --splice', () => {
    const before = files();
    const cases: Array<[string[], RegExp]> = [
      [['r300'], /^Error: Nothing to merge: r300 names only 'r300'/m],
      [['r300', 'r300'], /^Error: Revision 'r300' is named twice/m],
      [['r100', 'r300'], /^Error: 'r100' is not a head/m],
      [['r100', 'r300', '--splice'], /^Error: 'r100' is already below 'r300'/m],
      [['side@head', 'nope'], /^Error: No such revision or branch label 'nope'/m],
    ];
    for (const [args, message] of cases) {
      const r = orm('merge', ...args);
      expect({ args, status: r.status }).toEqual({ args, status: 1 });
      expect(r.stderr).toMatch(message);
    }
    expect(files()).toEqual(before);
    const ok = orm('merge', 'side@head', 'r400', '--rev-id', 'r500', '--branch-label', 'joined');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('Generating migrations/versions/r500_merge_r300_r400.ts ... done\n');
    expect(orm('heads').stdout).toBe('r500 (joined, side) (head)\n');
  });

  it('current names a row no revision file declares; --check-heads fails on it', () => {
    expect(orm('upgrade', 'heads').status).toBe(0);
    const db = new Database(join(project.dir, 'app.db'));
    try {
      db.prepare("insert into orm_version (version_num) values ('zz_gone')").run();
    } finally {
      db.close();
    }
    const r = orm('current');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('r500 (head) (mergepoint)\nzz_gone (no revision file)\n');
    const check = orm('current', '--check-heads');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/^Error: The database is not at every head: the version table holds 'zz_gone', which no revision file declares$/m);
  });

  it('current --check-heads fails on a stale row below a head', () => {
    const db = new Database(join(project.dir, 'app.db'));
    try {
      db.prepare("update orm_version set version_num = 'r100' where version_num = 'zz_gone'").run();
    } finally {
      db.close();
    }
    const check = orm('current', '--check-heads', '--json');
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ versionRows: ['r100', 'r500'], missingHeads: [], atHeads: false });
    expect(check.stderr).toMatch(/^Error: The database is not at every head: the version table also holds 'r100', below other heads$/m);
  });
});
