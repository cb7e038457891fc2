/**
 * `orm stamp` on live databases, through the built CLI: stamping an existing schema, moving
 * down and up, base, --purge over rows that are not valid, and branches. The version rows are
 * checked after every command. Needs `npm run build` first.
 */
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';
import { pgView, sqliteView, writeProject, type DbView, type RevisionSpec } from '../helpers/e2e-project.js';

const R1 = 'a1a1a1a1a1a1';
const R2 = 'b2b2b2b2b2b2';

const LINEAR: RevisionSpec[] = [
  {
    id: R1,
    down: null,
    message: 'create users',
    upgrade: "  op.createTable('users', { id: { type: 'integer', primaryKey: true } });",
    downgrade: "  op.dropTable('users');",
  },
  {
    id: R2,
    down: R1,
    message: 'create posts',
    upgrade: "  op.createTable('posts', { id: { type: 'integer', primaryKey: true } });",
    downgrade: "  op.dropTable('posts');",
  },
];

// root -> fa (label feature_a), root -> fb (label feature_b): two heads
const ROOT = 'c0c0c0c0c0c0';
const FA = 'fa00000000aa';
const FB = 'fb00000000bb';
const BRANCHED: RevisionSpec[] = [
  { id: ROOT, down: null, message: 'root' },
  { id: FA, down: ROOT, message: 'feature a', branchLabels: ['feature_a'] },
  { id: FB, down: ROOT, message: 'feature b', branchLabels: ['feature_b'] },
];

interface Target {
  readonly url: string;
  readonly db: DbView;
  cleanup(): Promise<void>;
}

function stampSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`${name}: orm stamp`, () => {
    let linear: ReturnType<typeof writeProject>;
    let branched: ReturnType<typeof writeProject>;
    let target: Target;
    const run = (project: { dir: string }, ...args: string[]) => runCli(project.dir, [...args, '--url', target.url]);
    const ok = (project: { dir: string }, ...args: string[]) => {
      const r = run(project, ...args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return r.stdout.trim();
    };

    beforeAll(async () => {
      linear = writeProject(LINEAR);
      branched = writeProject(BRANCHED);
      target = await makeTarget();
    });
    afterAll(async () => {
      await target.db.close();
      await target.cleanup();
      linear.cleanup();
      branched.cleanup();
    });

    it('stamp head on a schema built by hand creates the version table and runs nothing', async () => {
      await target.db.exec('create table users (id integer primary key); create table posts (id integer primary key)');
      expect(ok(linear, 'stamp', 'head')).toBe(`Stamped <base> -> ${R2}`);
      expect(await target.db.versionRows()).toEqual([R2]);
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log', 'posts', 'users']);
      expect(ok(linear, 'upgrade', 'head')).toContain('Nothing to do');
      expect(ok(linear, 'current')).toBe(`${R2} (head)`);
      expect(ok(linear, 'stamp', 'head')).toMatch(/^Nothing to do/);
    });

    it('the stamped revision is where migrations continue from', async () => {
      expect(ok(linear, 'downgrade', '-1')).toMatch(new RegExp(`^Running downgrade ${R2} -> ${R1}`));
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log', 'users']);
      expect(await target.db.versionRows()).toEqual([R1]);
    });

    it('stamp moves up and down without touching the schema', async () => {
      expect(ok(linear, 'stamp', R2.slice(0, 6))).toBe(`Stamped ${R1} -> ${R2}`);
      expect(await target.db.versionRows()).toEqual([R2]);
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log', 'users']);
      expect(ok(linear, 'stamp', R1)).toBe(`Stamped ${R2} -> ${R1}`);
      expect(await target.db.versionRows()).toEqual([R1]);
    });

    it('stamp base removes the rows, keeps the table and the schema', async () => {
      expect(ok(linear, 'stamp', 'base')).toBe(`Stamped ${R1} -> <base>`);
      expect(await target.db.versionRows()).toEqual([]);
      expect(await target.db.tables()).toEqual(['orm_version', 'orm_version_log', 'users']);
    });

    it('rows that are not valid are refused; --purge replaces them', async () => {
      await target.db.exec("insert into orm_version values ('0123456789ab')");
      const refused = run(linear, 'stamp', 'head');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/Error: The version table holds revision '0123456789ab'/);
      expect(refused.stderr).toMatch(/Hint: .*orm stamp --purge/);
      expect(await target.db.versionRows()).toEqual(['0123456789ab']);

      expect(ok(linear, 'stamp', '--purge', 'head')).toBe(`Stamped 0123456789ab -> ${R2} (version table purged first)`);
      expect(await target.db.versionRows()).toEqual([R2]);
      expect(ok(linear, 'stamp', '--purge', 'base')).toBe(`Stamped ${R2} -> <base> (version table purged first)`);
      expect(await target.db.versionRows()).toEqual([]);
    });

    it('branches: two heads at once, one branch at a time, and back to the branch point', async () => {
      const ambiguous = run(branched, 'stamp', 'head');
      expect(ambiguous.status).toBe(1);
      expect(ambiguous.stderr).toContain(`'head' is ambiguous`);

      ok(branched, 'stamp', FA, FB);
      expect(await target.db.versionRows()).toEqual([FA, FB]);

      ok(branched, 'stamp', ROOT);
      expect(await target.db.versionRows()).toEqual([ROOT]);

      ok(branched, 'stamp', 'feature_b@head');
      expect(await target.db.versionRows()).toEqual([FB]);
      ok(branched, 'stamp', 'feature_a@head');
      expect(await target.db.versionRows()).toEqual([FA, FB]);

      ok(branched, 'stamp', 'base');
      expect(await target.db.versionRows()).toEqual([]);
      ok(branched, 'stamp', 'heads');
      expect(await target.db.versionRows()).toEqual([FA, FB]);
      expect(ok(branched, 'current').split('\n').sort()).toEqual([`${FA} (head)`, `${FB} (head)`]);
    });

    it('--json prints the rows before and after and the statements', async () => {
      const r = run(branched, 'stamp', ROOT, '--json');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        formatVersion: 1,
        command: 'stamp',
        targets: [ROOT],
        purged: false,
        from: [FA, FB],
        to: [ROOT],
        rows: [
          { op: 'delete', revision: FB },
          { op: 'update', from: FA, to: ROOT },
        ],
      });
      expect(await target.db.versionRows()).toEqual([ROOT]);
    });
  });
}

stampSuite('sqlite', async () => {
  const tmp = createTempDir('orm-stamp-db-');
  const file = join(tmp.dir, 'app.db');
  return { url: `sqlite:${file}`, db: sqliteView(file), cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  stampSuite('postgres', async () => {
    const database = await createPgDatabase('orm_stamp');
    return { url: database.url, db: pgView(database.url), cleanup: database.drop };
  });
});
