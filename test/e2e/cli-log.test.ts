/**
 * The applied-revision log (`orm_version_log`) through the built CLI, on SQLite and PostgreSQL:
 * rows written by upgrade, downgrade and stamp (checksums of the files, tool version), none by a
 * revision that fails; an applied revision edited afterwards (warning, error with --strict) and a
 * version row without a file (the way out); a database created before the log; history
 * --verbose; offline scripts writing the log. Needs `npm run build` first.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { describePg } from '../helpers/databases.js';
import { pgScriptTarget, sqliteScriptTarget, writeProject, type RevisionSpec, type ScriptTarget } from '../helpers/e2e-project.js';

const R1 = 'a1a1a1a1a1a1';
const R2 = 'b2b2b2b2b2b2';
const R3 = 'c3c3c3c3c3c3';

const REVISIONS: RevisionSpec[] = [
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
  {
    id: R3,
    down: R2,
    message: 'create tags',
    upgrade: "  op.createTable('tags', { id: { type: 'integer', primaryKey: true } });",
    downgrade: "  op.dropTable('tags');",
  },
];

/** The models `check` compares with: the schema of all three revisions. */
const MODELS = `import { defineMetadata, defineTable, integer } from 'orm';

export const users = defineTable('users', { id: integer().primaryKey() });
export const posts = defineTable('posts', { id: integer().primaryKey() });
export const tags = defineTable('tags', { id: integer().primaryKey() });

// the revisions leave key names to the database
export const metadata = defineMetadata({ tables: { users, posts, tags }, namingConvention: false });
`;

const TOOL_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Where writeProject puts a revision's file. */
function revisionFile(dir: string, spec: RevisionSpec): string {
  return join(dir, 'migrations', 'versions', `${spec.id}_${spec.message.replace(/\W+/g, '_')}.ts`);
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface LogRowView {
  id: number;
  revision: string;
  direction: string;
  from_revisions: string | null;
  to_revisions: string | null;
  applied_at: Date;
  duration_ms: number | null;
  checksum: string | null;
  tool_version: string;
}

type Target = ScriptTarget;

function logSuite(name: string, makeTarget: (dir: string) => Promise<Target>) {
  describe(`${name}: the applied-revision log`, () => {
    let project: ReturnType<typeof writeProject>;
    let target: Target;
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', target.url]);
    const ok = (...args: string[]) => {
      const r = orm(...args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    };
    const file = (spec: RevisionSpec) => revisionFile(project.dir, spec);
    const [S1, S2, S3] = REVISIONS as [RevisionSpec, RevisionSpec, RevisionSpec];
    const hasLog = async () => (await target.db.tables()).includes('orm_version_log');
    const log = async (): Promise<LogRowView[]> =>
      (await target.db.query('select * from orm_version_log order by id')).map((r) => ({
        ...(r as unknown as LogRowView),
        id: Number(r.id),
        duration_ms: r.duration_ms === null ? null : Number(r.duration_ms),
        // SQLite's CURRENT_TIMESTAMP: UTC, no zone
        applied_at: r.applied_at instanceof Date ? r.applied_at : new Date(`${String(r.applied_at).replace(' ', 'T')}Z`),
      }));

    beforeAll(async () => {
      project = writeProject(REVISIONS, { models: './models.ts' });
      writeFileSync(join(project.dir, 'models.ts'), MODELS);
      target = await makeTarget(project.dir);
    });
    afterAll(async () => {
      await target.db.close();
      await target.cleanup();
      project.cleanup();
    });

    it('upgrade writes one up row per revision: from/to, when, how long, the checksum of the file, the tool version', async () => {
      const before = Date.now();
      ok('upgrade', 'head');
      const rows = await log();
      expect(rows.map((r) => [r.revision, r.direction, r.from_revisions, r.to_revisions])).toEqual([
        [R1, 'up', null, R1],
        [R2, 'up', R1, R2],
        [R3, 'up', R2, R3],
      ]);
      expect(rows.map((r) => r.checksum)).toEqual([sha256(file(S1)), sha256(file(S2)), sha256(file(S3))]);
      for (const r of rows) {
        expect(r.tool_version).toBe(TOOL_VERSION);
        expect(Number.isInteger(r.duration_ms)).toBe(true);
        expect(r.duration_ms).toBeGreaterThanOrEqual(0);
        // the database's clock, UTC (SQLite stores whole seconds)
        expect(r.applied_at.getTime()).toBeGreaterThanOrEqual(before - 2000);
        expect(r.applied_at.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      }
      // the log is the tool's: check does not want it dropped
      expect(ok('check')).toContain('No changes detected.');
    });

    it('history --verbose shows when each revision was applied; without a URL it works as before', async () => {
      const out = ok('history', '--verbose');
      expect(out.match(/^Applied: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+ ms\)$/gm)).toHaveLength(3);
      const plain = runCli(project.dir, ['history', '--verbose']);
      expect(plain.stderr).toBe('');
      expect(plain.status).toBe(0);
      expect(plain.stdout).not.toContain('Applied:');
      expect(plain.stdout).toContain(`Rev: ${R3} (head)`);
      expect(ok('current', '--verbose')).toMatch(/^Applied: .* UTC \(\d+ ms\)$/m);
    });

    it('downgrade writes down rows; history shows the revision reverted', async () => {
      ok('downgrade', '-1');
      const rows = await log();
      expect(rows).toHaveLength(4);
      expect(rows[3]).toMatchObject({ revision: R3, direction: 'down', from_revisions: R3, to_revisions: R2, checksum: sha256(file(S3)), tool_version: TOOL_VERSION });
      const r3 = ok('history', '--verbose').split(/\n(?=Rev: )/).find((entry) => entry.startsWith(`Rev: ${R3}`))!;
      expect(r3).toMatch(/^Applied: .* UTC \(\d+ ms\)$/m);
      expect(r3).toMatch(/^Reverted: .* UTC$/m);
    });

    it('an applied revision edited afterwards: --strict refuses to upgrade (exit 1, nothing run); without it, a warning', async () => {
      const path = file(S2);
      const original = readFileSync(path, 'utf8');
      const ran = sha256(path);
      writeFileSync(path, `${original}// edited after it ran\n`);
      try {
        const strict = orm('upgrade', 'head', '--strict');
        expect(strict.status).toBe(1);
        expect(strict.stdout).toBe('');
        expect(strict.stderr).toContain('Error: 1 applied revision changed since it ran (--strict: nothing was run):');
        expect(strict.stderr).toContain(`${R2} (create posts): migrations/versions/${R2}_create_posts.ts is not the file that ran on `);
        expect(strict.stderr).toMatch(/^Hint: the database has each revision as it ran/m);
        expect(await target.db.versionRows()).toEqual([R2]);
        expect(await target.db.tables()).not.toContain('tags');
        expect(await log()).toHaveLength(4);

        const warned = orm('upgrade', 'head');
        expect(warned.status).toBe(0);
        expect(warned.stdout).toMatch(new RegExp(`^Running upgrade ${R2} -> ${R3}, create tags`));
        expect(warned.stderr).toMatch(new RegExp(`^warning: applied revision ${R2} \\(create posts\\): migrations/versions/${R2}_create_posts.ts is not the file that ran on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(SHA-256 now [0-9a-f]{12}\\.\\.\\., then [0-9a-f]{12}\\.\\.\\.\\)$`, 'm'));
        expect(warned.stderr).toMatch(/^ {2}hint: .*--strict makes this an error$/m);
        expect(await target.db.versionRows()).toEqual([R3]);
        expect(await log()).toHaveLength(5);

        const checked = orm('check');
        expect(checked.status).toBe(0);
        expect(checked.stdout).toContain('No changes detected.');
        expect(checked.stderr).toMatch(new RegExp(`^warning: applied revision ${R2} \\(create posts\\)`, 'm'));
        const strictCheck = orm('check', '--strict');
        expect(strictCheck.status).toBe(1);
        expect(strictCheck.stderr).toContain('Error: 1 applied revision changed since it ran (--strict: nothing was compared):');
        const json = orm('check', '--json');
        expect(json.status).toBe(0);
        expect(JSON.parse(json.stdout).editedRevisions).toEqual([
          expect.objectContaining({ revision: R2, ranChecksum: ran, fileChecksum: sha256(path) }),
        ]);
      } finally {
        writeFileSync(path, original);
      }
      // restored: quiet again
      ok('upgrade', 'head', '--strict');
      ok('check', '--strict');
    });

    it('stamp writes stamp rows; they are not what files are compared with', async () => {
      const before = (await log()).length;
      ok('stamp', R2);
      ok('stamp', 'head');
      const rows = (await log()).slice(before);
      expect(rows.map((r) => [r.revision, r.direction, r.from_revisions, r.to_revisions, r.duration_ms])).toEqual([
        [R2, 'stamp', R3, R2, null],
        [R3, 'stamp', R2, R3, null],
      ]);
      expect(rows.map((r) => r.checksum)).toEqual([sha256(file(S2)), sha256(file(S3))]);
      expect(rows.every((r) => r.tool_version === TOOL_VERSION)).toBe(true);
      ok('upgrade', 'head', '--strict');
    });

    it('a version row naming a revision with no file: upgrade and check say how to get out', async () => {
      const path = file(S3);
      // names starting with _ are not revision files
      const hidden = join(project.dir, 'migrations', 'versions', `_${R3}.ts.bak`);
      renameSync(path, hidden);
      try {
        for (const args of [['upgrade', 'head'], ['check']]) {
          const r = orm(...args);
          expect(r.status).toBe(1);
          expect(r.stderr).toContain(`Error: The version table holds revision '${R3}', which no revision file declares`);
          expect(r.stderr).toContain(`orm_version_log: ${R3} was applied on top of ${R2}`);
          expect(r.stderr).toMatch(new RegExp(`^Hint: restore the missing file .*\`orm stamp --purge ${R2}\``, 'm'));
        }
        expect(await target.db.versionRows()).toEqual([R3]);
      } finally {
        renameSync(hidden, path);
      }
      ok('upgrade', 'head');
    });

    it('a failed revision writes no log row', async () => {
      const failing = writeProject([
        S1,
        { id: 'f4f4f4f4f4f4', down: R1, message: 'fails', upgrade: "  op.createTable('t_fail', { id: { type: 'integer', primaryKey: true } });\n  op.execute('insert into no_such_table values (1)');" },
      ]);
      const fresh = await makeTarget(failing.dir);
      try {
        const r = runCli(failing.dir, ['upgrade', 'head', '--url', fresh.url]);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/Revision f4f4f4f4f4f4 \(fails\) failed during upgrade/);
        expect(await fresh.db.versionRows()).toEqual([R1]);
        const rows = await fresh.db.query('select revision, direction from orm_version_log order by id');
        expect(rows).toEqual([{ revision: R1, direction: 'up' }]);
      } finally {
        await fresh.db.close();
        await fresh.cleanup();
        failing.cleanup();
      }
    });

    it('a database from before the log keeps working and gains the log on the next upgrade', async () => {
      const old = await makeTarget(project.dir);
      const cli = (...args: string[]) => runCli(project.dir, [...args, '--url', old.url]);
      try {
        await old.db.exec('create table orm_version (version_num varchar(32) not null primary key)');
        await old.db.exec('create table users (id integer primary key)');
        await old.db.exec(`insert into orm_version values ('${R1}')`);
        for (const args of [['current', '--verbose'], ['history', '--verbose']]) {
          const r = cli(...args);
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          expect(r.stdout).not.toContain('Applied:');
        }
        expect((await old.db.tables()).includes('orm_version_log')).toBe(false);

        const up = cli('upgrade', 'head', '--strict');
        expect(up.stderr).toBe('');
        expect(up.status).toBe(0);
        // --strict says once that there was nothing to compare with
        expect(up.stdout).toMatch(/^note: no orm_version_log table yet/m);
        const rows = await old.db.query('select revision, direction from orm_version_log order by id');
        expect(rows).toEqual([
          { revision: R2, direction: 'up' },
          { revision: R3, direction: 'up' },
        ]);
        const again = cli('upgrade', 'head', '--strict');
        expect(again.stderr).toBe('');
        expect(again.stdout.trim()).toBe('Nothing to do: the database is already there.');
      } finally {
        await old.db.close();
        await old.cleanup();
      }
    });

    it('offline scripts create the log and write its rows; they run with the database client', async () => {
      const fresh = await makeTarget(project.dir);
      const cli = (...args: string[]) => runCli(project.dir, [...args, '--url', fresh.url]);
      try {
        const up = cli('upgrade', 'head', '--sql');
        expect(up.status).toBe(0);
        expect(up.stdout).toMatch(/^create table if not exists "orm_version_log" \(/m);
        const inserts = up.stdout.match(/^insert into "orm_version_log" .*$/gm) ?? [];
        expect(inserts).toHaveLength(3);
        expect(inserts[1]).toBe(
          'insert into "orm_version_log" ("revision", "direction", "from_revisions", "to_revisions", "duration_ms", "checksum", "tool_version") ' +
            `values ('${R2}', 'up', '${R1}', '${R2}', null, '${sha256(file(S2))}', '${TOOL_VERSION}');`,
        );
        fresh.run(up.stdout);
        const rows = await fresh.db.query('select revision, direction, duration_ms, checksum from orm_version_log order by id');
        expect(rows.map((r) => [r.revision, r.direction, r.duration_ms, r.checksum])).toEqual([
          [R1, 'up', null, sha256(file(S1))],
          [R2, 'up', null, sha256(file(S2))],
          [R3, 'up', null, sha256(file(S3))],
        ]);
        // online commands read what the script wrote
        const quiet = cli('upgrade', 'head', '--strict');
        expect(quiet.stderr).toBe('');
        expect(quiet.status).toBe(0);

        const down = cli('downgrade', `${R3}:${R1}`, '--sql');
        expect(down.status).toBe(0);
        // not from base: the version table is assumed, the log is created if missing
        expect(down.stdout).not.toMatch(/create table if not exists "orm_version" /);
        expect(down.stdout).toMatch(/^create table if not exists "orm_version_log" /m);
        fresh.run(down.stdout);
        const stamp = cli('stamp', `${R1}:${R2}`, '--sql');
        expect(stamp.status).toBe(0);
        expect(stamp.stdout).toContain(`values ('${R2}', 'stamp', '${R1}', '${R2}', null, '${sha256(file(S2))}', '${TOOL_VERSION}');`);
        fresh.run(stamp.stdout);
        const after = await fresh.db.query('select revision, direction from orm_version_log order by id');
        expect(after.slice(3)).toEqual([
          { revision: R3, direction: 'down' },
          { revision: R2, direction: 'down' },
          { revision: R2, direction: 'stamp' },
        ]);
        expect(await fresh.db.versionRows()).toEqual([R2]);
      } finally {
        await fresh.db.close();
        await fresh.cleanup();
      }
    });

    it('the log has the shape the README documents', async () => {
      expect(await hasLog()).toBe(true);
      expect(await target.db.columns('orm_version_log')).toEqual([
        'id',
        'revision',
        'direction',
        'from_revisions',
        'to_revisions',
        'applied_at',
        'duration_ms',
        'checksum',
        'tool_version',
      ]);
    });
  });
}

logSuite('sqlite', () => sqliteScriptTarget('orm-log'));

describePg('postgres', () => {
  logSuite('postgres', (dir) => pgScriptTarget('orm_log', dir));
});
