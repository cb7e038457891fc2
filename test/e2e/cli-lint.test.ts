/**
 * `orm lint` as a user runs it (exit statuses, the text and `--json` shapes, RANGE, ignore
 * comments, `op.db`, no URL), and the lint warnings of `orm revision --autogenerate` on SQLite
 * and PostgreSQL.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';
import { writeProject, type RevisionSpec } from '../helpers/e2e-project.js';

const R1 = 'aaaa00000001';
const R2 = 'aaaa00000002';
const R3 = 'aaaa00000003';

const REVISIONS: RevisionSpec[] = [
  {
    id: R1,
    down: null,
    message: 'init',
    upgrade: `  op.createTable('users', { id: { type: 'integer', primaryKey: true }, email: { type: 'varchar(255)' }, name: { type: 'text' } });
  op.createTable('posts', { id: { type: 'integer', primaryKey: true }, user_id: { type: 'integer' } }, { foreignKeys: [{ name: 'fk_posts_user', columns: ['user_id'], refTable: 'users', refColumns: ['id'] }] });
  op.createIndex('ix_posts_user', 'posts', ['user_id']);`,
    downgrade: `  op.dropTable('posts');\n  op.dropTable('users');`,
  },
  {
    id: R2,
    down: R1,
    message: 'risky',
    upgrade: `  op.alterColumn('users', 'email', { type: 'varchar(100)' });
  op.createIndex('ix_users_email', 'users', ['email']);
  op.renameTable('posts', 'articles');`,
  },
  {
    id: R3,
    down: R2,
    message: 'cleanup',
    upgrade: `  // orm-lint-ignore DS102 name moved to profiles
  op.dropColumn('users', 'name');
  await op.db.selectFrom('users').selectAll().execute();
  op.dropTable('articles');`,
  },
];

interface LintJson {
  formatVersion: number;
  command: string;
  range: string | null;
  dialect: string;
  current: string[] | null;
  revisions: Array<{ revision: string; message: string; path: string; operations: number; findings: Finding[] }>;
  findings: Finding[];
  errors: number;
  warnings: number;
  suppressed: number;
}

interface Finding {
  code: string;
  severity: string;
  message: string;
  hint: string;
  revision: string;
  operation: string | null;
  suppressed: boolean;
  path: string;
}

function expectCleanError(r: CliResult, message: RegExp): void {
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/^Hint: /m);
  expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
}

describe('orm lint', () => {
  let project: { dir: string; cleanup(): void };
  let url: string;
  const orm = (...args: string[]) => runCli(project.dir, args);
  const json = (r: CliResult) => JSON.parse(r.stdout) as LintJson;

  beforeAll(() => {
    project = writeProject(REVISIONS);
    url = `sqlite:${join(project.dir, 'app.db')}`;
  });
  afterAll(() => project.cleanup());

  it('lints the whole history: findings grouped by revision, a summary, exit 1 on an error', () => {
    const r = orm('lint', '--url', url);
    expect(r.status).toBe(1);
    const file2 = `migrations/versions/${R2}_risky.ts`;
    expect(r.stdout).toBe(
      [
        `${R2} ${file2}: MF101 error narrows the type of users.email: values longer than 100 characters do not fit (varchar(255) to varchar(100)); SQLite keeps values that do not fit as they are, other databases refuse or round them`,
        '  hint: check the longest/largest value first, or keep the wider type; values that do not fit make the change fail or are rounded',
        `${R2} ${file2}: SL101 warning rebuilds table users to alter column email, and posts reference users by foreign key`,
        '  hint: let orm run it (foreign keys are off around the rebuild and checked before commit); replayed by hand with foreign_keys=ON it would cascade into posts',
        `${R2} ${file2}: BC101 warning renames table posts to articles: code still using posts fails until it is redeployed`,
        '  hint: deploy code that no longer uses posts first (on PostgreSQL a view named posts can bridge the gap), or expand and contract over several releases',
        `${R3} migrations/versions/${R3}_cleanup.ts: LT101 warning the upgrade reads data through op.db; only the 1 op(s) before that were checked`,
        '  hint: guard the data part with `if (!op.offline) { ... }` so lint (and --sql) see every schema op',
        'Linted 3 revisions for sqlite: 1 error, 3 warnings (1 ignored).',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toMatch(/^Error: lint found 1 error\nHint: .*orm-lint-ignore CODE/);
  });

  it('--json lists every finding with a stable shape; ignored ones are marked and not counted', () => {
    const r = orm('lint', '--url', url, '--json');
    expect(r.status).toBe(1);
    const doc = json(r);
    expect(Object.keys(doc)).toEqual(['formatVersion', 'command', 'range', 'dialect', 'current', 'revisions', 'findings', 'errors', 'warnings', 'suppressed']);
    expect(doc).toMatchObject({ command: 'lint', range: null, dialect: 'sqlite', current: null, errors: 1, warnings: 3, suppressed: 1 });
    expect(doc.revisions.map((rev) => [rev.revision, rev.operations, rev.findings.length])).toEqual([
      [R1, 3, 0],
      [R2, 3, 3],
      [R3, 1, 2],
    ]);
    expect(doc.findings.map((f) => [f.revision, f.code, f.severity, f.suppressed])).toEqual([
      [R2, 'MF101', 'error', false],
      [R2, 'SL101', 'warning', false],
      [R2, 'BC101', 'warning', false],
      [R3, 'DS102', 'error', true],
      [R3, 'LT101', 'warning', false],
    ]);
    const drop = doc.findings[3]!;
    expect(drop).toEqual({
      code: 'DS102',
      severity: 'error',
      message: 'drops column users.name: its values are deleted',
      hint: 'stop using the column first and copy what you need; if it is intended, add `// orm-lint-ignore DS102` to the revision',
      revision: R3,
      operation: 'drop column users.name',
      suppressed: true,
      path: join(project.dir, 'migrations', 'versions', `${R3}_cleanup.ts`),
    });
    expect(doc.findings[4]!.operation).toBeNull();
  });

  it('RANGE reads as history -r; a range without errors exits 0', () => {
    const first = orm('lint', `:${R1}`, '--url', url);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('Linted 1 revision for sqlite: no findings.\n');
    expect(first.stderr).toBe('');
    // R3 alone, still judged against the schema R1 and R2 built (articles is known to exist)
    const last = json(orm('lint', `${R3}:`, '--url', url, '--json'));
    expect(last.range).toBe(`${R3}:`);
    expect(last.revisions.map((rev) => rev.revision)).toEqual([R3]);
    const middle = orm('lint', `${R2}:${R2}`, '--url', url, '--verbose');
    expect(middle.status).toBe(1);
    expect(middle.stdout).toContain(`${R2} migrations/versions/${R2}_risky.ts: MF101 error`);
    expect(middle.stdout).not.toContain(R3);
    // --verbose shows the ignored findings
    const verbose = orm('lint', `${R3}:`, '--url', url, '--verbose');
    expect(verbose.status).toBe(0);
    expect(verbose.stdout).toContain('DS102 error drops column users.name: its values are deleted (ignored)');
    expect(verbose.stdout).toContain('Linted 1 revision for sqlite: 0 errors, 1 warning (1 ignored).');
    expectCleanError(orm('lint', 'nope', '--url', url), /Malformed revision range 'nope'/);
    expectCleanError(orm('lint', 'zzzz:', '--url', url), /zzzz/);
  });

  it('current:heads lints only what upgrade would run', () => {
    expect(orm('upgrade', R1, '--url', url).status).toBe(0);
    const doc = json(orm('lint', 'current:heads', '--url', url, '--json'));
    expect(doc.current).toEqual([R1]);
    expect(doc.revisions.map((rev) => rev.revision)).toEqual([R2, R3]);
  });

  it('the dialect comes from the URL or --dialect; PostgreSQL-only rules then apply; nothing connects', () => {
    const pg = json(orm('lint', `${R2}:${R2}`, '--dialect', 'postgres', '--json'));
    expect(pg.dialect).toBe('postgres');
    expect(pg.findings.map((f) => f.code)).toEqual(['MF101', 'PG101', 'BC101']);
    // an unreachable PostgreSQL URL: only its scheme is read
    const byUrl = json(orm('lint', `${R2}:${R2}`, '--url', 'postgres://nobody:secret@127.0.0.1:1/none', '--json'));
    expect(byUrl.dialect).toBe('postgres');
    expectCleanError(orm('lint'), /lint needs to know the database: no URL is configured/);
    expect(orm('lint', '--dialect', 'mysql').status).toBe(2);
  });

  it('each revision is judged by the schema of its own ancestors (branches and merges)', () => {
    const branched = writeProject([
      { id: 'eeee00000001', down: null, message: 'base', upgrade: "  op.createTable('users', { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } });" },
      {
        id: 'eeee0000000a',
        down: 'eeee00000001',
        message: 'branch a',
        upgrade: "  op.createTable('orders', { id: { type: 'integer', primaryKey: true }, user_id: { type: 'integer' } }, { foreignKeys: [{ columns: ['user_id'], refTable: 'users', refColumns: ['id'] }] });",
      },
      { id: 'eeee0000000b', down: 'eeee00000001', message: 'branch b', upgrade: "  op.alterColumn('users', 'name', { default: 'x' });" },
      { id: 'eeee00000002', down: ['eeee0000000a', 'eeee0000000b'], message: 'merge' },
      { id: 'eeee00000003', down: 'eeee00000002', message: 'after', upgrade: "  op.alterColumn('users', 'name', { default: 'y' });" },
    ]);
    try {
      const doc = JSON.parse(runCli(branched.dir, ['lint', '--dialect', 'sqlite', '--json']).stdout) as LintJson;
      // on branch b, orders does not exist yet: no rebuild finding; after the merge it does
      expect(doc.findings.map((f) => [f.revision, f.code, f.message])).toEqual([
        ['eeee00000003', 'SL101', 'rebuilds table users to alter column name, and orders reference users by foreign key'],
      ]);
      expect(doc.revisions.map((r) => r.revision)).toHaveLength(5);
    } finally {
      branched.cleanup();
    }
  });

  it('--list-codes lists the catalogue', () => {
    const r = orm('lint', '--list-codes');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^DS101 error {3}drops a table: every row in it is deleted$/m);
    expect(r.stdout).toMatch(/^PG101 warning creates an index .* \(postgres only\)$/m);
    const doc = JSON.parse(orm('lint', '--list-codes', '--json').stdout) as { codes: Array<{ code: string; severity: string }> };
    expect(doc.codes.length).toBeGreaterThanOrEqual(16);
  });

  it('a revision that does not compile is a clean error; one that throws is an LT102 finding', () => {
    const broken = writeProject([{ id: 'bbbb00000001', down: null, message: 'broken', upgrade: '  op.createTable(' }]);
    try {
      expectCleanError(runCli(broken.dir, ['lint', '--dialect', 'sqlite']), /bbbb00000001_broken\.ts/);
    } finally {
      broken.cleanup();
    }
    const throwing = writeProject([{ id: 'cccc00000001', down: null, message: 'throws', upgrade: "  op.dropTable('old');\n  throw new Error('not ready');" }]);
    try {
      const r = runCli(throwing.dir, ['lint', '--dialect', 'sqlite', '--json']);
      expect(r.status).toBe(1);
      expect((JSON.parse(r.stdout) as LintJson).findings.map((f) => [f.code, f.message])).toEqual([
        ['DS101', 'drops table old: every row in it is deleted'],
        ['LT102', 'the upgrade failed after 1 op(s): not ready'],
      ]);
    } finally {
      throwing.cleanup();
    }
  });
});

const MODELS_V1 = `import { defineMetadata, defineTable, integer, text } from 'orm';

export const users = defineTable('users', {
  id: integer().primaryKey(),
  name: text(),
  nick: text(),
});

export const posts = defineTable('posts', {
  id: integer().primaryKey(),
  user_id: integer().references(() => users.columns.id),
});

export const metadata = defineMetadata({ tables: { users, posts } });
`;

/** v2: users.nick dropped, users.name narrowed to varchar(50) and indexed. */
const MODELS_V2 = `import { defineMetadata, defineTable, index, integer, varchar } from 'orm';

export const users = defineTable('users', {
  id: integer().primaryKey(),
  name: varchar(50),
}, (t) => ({ indexes: [index('ix_users_name').on(t.name)] }));

export const posts = defineTable('posts', {
  id: integer().primaryKey(),
  user_id: integer().references(() => users.columns.id),
});

export const metadata = defineMetadata({ tables: { users, posts } });
`;

function autogenerateLintSuite(name: 'sqlite' | 'postgres', setup: () => Promise<{ url: string; cleanup(): Promise<void> }>) {
  describe(`${name}: revision --autogenerate prints lint findings as warnings`, () => {
    let project: ReturnType<typeof createTempDir>;
    let db: { url: string; cleanup(): Promise<void> };
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', db.url]);

    beforeAll(async () => {
      project = createTempDir('orm-lint-autogen-');
      db = await setup();
      expect(runCli(project.dir, ['init']).status).toBe(0);
      mkdirSync(join(project.dir, 'src'));
    });
    afterAll(async () => {
      await db.cleanup();
      project.cleanup();
    });

    it('new tables: no warnings', () => {
      writeFileSync(join(project.dir, 'src', 'models.ts'), MODELS_V1);
      const r = orm('revision', '--autogenerate', '-m', 'initial', '--rev-id', 'dddd00000001');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(orm('upgrade', 'head').status).toBe(0);
    });

    it('a drop, a narrowing and an index: warnings on stderr, the file is written, exit 0', () => {
      writeFileSync(join(project.dir, 'src', 'models.ts'), MODELS_V2);
      const r = orm('revision', '--autogenerate', '-m', 'v2', '--rev-id', 'dddd00000002', '--json');
      expect(r.status).toBe(0);
      const doc = JSON.parse(r.stdout) as { revision: string; findings: Finding[] };
      expect(doc.revision).toBe('dddd00000002');
      const codes = doc.findings.map((f) => f.code).sort();
      expect(codes).toEqual(name === 'postgres' ? ['DS102', 'MF101', 'PG101'] : ['DS102', 'MF101', 'SL101']);
      for (const f of doc.findings) expect(f.revision).toBe('dddd00000002');
      expect(r.stderr).toContain('warning: DS102 error: drops column users.nick: its values are deleted\n  hint: ');
      expect(r.stderr).toContain('warning: MF101 error: narrows the type of users.name: values longer than 50 characters do not fit (text to varchar(50))');
      if (name === 'postgres') expect(r.stderr).toContain('warning: PG101 warning: creates index ix_users_name on users without CONCURRENTLY');
      // lint finds the same in the file written
      const lint = runCli(project.dir, ['lint', 'dddd00000002:', '--url', db.url, '--json']);
      expect(lint.status).toBe(1);
      expect((JSON.parse(lint.stdout) as LintJson).findings.map((f) => f.code).sort()).toEqual(codes);
    });
  });
}

autogenerateLintSuite('sqlite', async () => {
  const tmp = createTempDir('orm-lint-db-');
  return { url: `sqlite:${join(tmp.dir, 'app.db')}`, cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  autogenerateLintSuite('postgres', async () => {
    const database = await createPgDatabase('orm_lint');
    return { url: database.url, cleanup: database.drop };
  });
});
