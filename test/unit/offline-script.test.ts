/**
 * Offline SQL (`--sql`): scripts written by the step loop with the printing backend, on both
 * dialects, without any database. Revision modules are in-memory objects.
 */
import { basename } from 'node:path';
import { migrate, migrateSql, splitRange, toRuntimeStep } from '../../src/commands/migrate.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { loadDialect, type DialectName } from '../../src/dialects/index.js';
import type { Operations } from '../../src/ops/operations.js';
import { planDowngrade, planUpgrade } from '../../src/revisions/migration-plan.js';
import { createSqlScript, writeOfflineScript } from '../../src/runtime/offline-script.js';
import { UsageError, UserError } from '../../src/util/errors.js';
import { memoryLogger } from '../../src/util/logger.js';
import { graph, type Spec } from './revision-fixtures.js';

type Body = (op: Operations) => Promise<void> | void;
type Modules = Record<string, { upgrade?: Body; downgrade?: Body }>;

const VERSION_TABLE = { table: 'orm_version', schema: null };

interface ScriptOptions {
  readonly direction?: 'up' | 'down';
  readonly from?: string[];
  readonly transactionPerMigration?: boolean;
  readonly dialect?: Dialect;
}

async function script(name: DialectName, spec: Record<string, Spec>, modules: Modules, to: string, options: ScriptOptions = {}) {
  const dialect = options.dialect ?? (await loadDialect(name));
  const g = graph(spec);
  const from = options.from ?? [];
  const plan = (options.direction ?? 'up') === 'up' ? planUpgrade(g, from, to) : planDowngrade(g, from, to);
  return writeOfflineScript({
    dialect,
    versionTable: VERSION_TABLE,
    steps: plan.steps.map((s) => toRuntimeStep(g, s)),
    transactionPerMigration: options.transactionPerMigration ?? true,
    createVersionTable: plan.fromHeads.length === 0,
    loadModules: async (paths) => paths.map((p) => modules[basename(p, '.ts')] as Record<string, unknown>),
  });
}

const LINEAR = { a1: null, a2: 'a1' };
const LINEAR_MODULES: Modules = {
  a1: {
    upgrade: (op) => {
      op.createTable('users', { id: { type: 'integer', primaryKey: true }, name: { type: 'text', nullable: false } });
    },
    downgrade: (op) => {
      op.dropTable('users');
    },
  },
  a2: {
    upgrade: async (op) => {
      op.addColumn('users', 'email', { type: 'text' });
      op.bulkInsert('users', [{ id: 1, name: "o'hara", email: null }]);
      await op.execute('UPDATE users SET email = name;');
    },
    downgrade: (op) => {
      op.dropColumn('users', 'email');
    },
  },
};

describe('offline scripts: golden text', () => {
  it('sqlite: upgrade base:head', async () => {
    const { sql, steps } = await script('sqlite', LINEAR, LINEAR_MODULES, 'head');
    expect(steps.map((s) => s.revision)).toEqual(['a1', 'a2']);
    expect(sql).toBe(`BEGIN;

create table if not exists "orm_version" ("version_num" varchar(32) not null, constraint "orm_version_pkc" primary key ("version_num"));

-- Running upgrade <base> -> a1, message of a1

create table "users" ("id" INTEGER not null, "name" TEXT not null, primary key ("id"));

insert into "orm_version" ("version_num") values ('a1');

COMMIT;

BEGIN;

-- Running upgrade a1 -> a2, message of a2

alter table "users" add column "email" TEXT;

insert into "users" ("id", "name", "email") values (1, 'o''hara', NULL);

UPDATE users SET email = name;

update "orm_version" set "version_num" = 'a2' where "version_num" = 'a1';

COMMIT;
`);
  });

  it('postgres: downgrade a2:base', async () => {
    const { sql } = await script('postgres', LINEAR, LINEAR_MODULES, 'base', { direction: 'down', from: ['a2'] });
    expect(sql).toBe(`BEGIN;

-- Running downgrade a2 -> a1, message of a2

alter table "users" drop column "email";

update "orm_version" set "version_num" = 'a1' where "version_num" = 'a2';

COMMIT;

BEGIN;

-- Running downgrade a1 -> <base>, message of a1

drop table "users";

delete from "orm_version" where "version_num" = 'a1';

COMMIT;
`);
  });

  it('postgres: upgrade base:head inlines literals and creates the version table first', async () => {
    const { sql } = await script('postgres', LINEAR, LINEAR_MODULES, 'head');
    expect(sql.split('\n\n').slice(0, 4)).toEqual([
      'BEGIN;',
      'create table if not exists "orm_version" ("version_num" varchar(32) not null, constraint "orm_version_pkc" primary key ("version_num"));',
      '-- Running upgrade <base> -> a1, message of a1',
      'create table "users" ("id" integer not null, "name" text not null, primary key ("id"));',
    ]);
    expect(sql).toContain(`insert into "users" ("id", "name", "email") values (1, 'o''hara', null);`);
    expect(sql).not.toMatch(/\$\d/);
  });
});

describe('offline scripts: structure', () => {
  it.each(['sqlite', 'postgres'] as const)('%s: a range from a revision does not create the version table', async (name) => {
    const { sql, steps } = await script(name, LINEAR, LINEAR_MODULES, 'head', { from: ['a1'] });
    expect(steps.map((s) => s.revision)).toEqual(['a2']);
    expect(sql).not.toMatch(/create table if not exists/);
    expect(sql.startsWith('BEGIN;\n\n-- Running upgrade a1 -> a2, message of a2\n')).toBe(true);
  });

  it.each(['sqlite', 'postgres'] as const)('%s: transactionPerMigration false gives one BEGIN/COMMIT pair', async (name) => {
    const { sql } = await script(name, LINEAR, LINEAR_MODULES, 'head', { transactionPerMigration: false });
    expect(sql.match(/^BEGIN;$/gm)).toHaveLength(1);
    expect(sql.match(/^COMMIT;$/gm)).toHaveLength(1);
    expect(sql.startsWith('BEGIN;')).toBe(true);
    expect(sql.endsWith('COMMIT;\n')).toBe(true);
    expect(sql.match(/^-- Running upgrade/gm)).toHaveLength(2);
  });

  it('a dialect without transactional DDL gets no BEGIN/COMMIT', async () => {
    const sqlite = await loadDialect('sqlite');
    const dialect: Dialect = { ...sqlite, capabilities: { ...sqlite.capabilities, transactionalDdl: false } };
    const { sql } = await script('sqlite', LINEAR, LINEAR_MODULES, 'head', { dialect });
    expect(sql).not.toMatch(/BEGIN|COMMIT/);
    expect(sql.startsWith('create table if not exists "orm_version"')).toBe(true);
  });

  it('branches and a merge: a row per branch, then the merge deletes one and updates the other', async () => {
    const spec = { r: null, b1: 'r', b2: 'r', m: ['b1', 'b2'] };
    const noop: Modules = Object.fromEntries(['r', 'b1', 'b2', 'm'].map((id) => [id, { upgrade: () => undefined, downgrade: () => undefined }]));
    const { sql } = await script('postgres', spec, noop, 'heads');
    const statements = sql.split('\n\n').filter((s) => /orm_version"|^--/.test(s) && !s.startsWith('create'));
    expect(statements).toEqual([
      '-- Running upgrade <base> -> r, message of r',
      `insert into "orm_version" ("version_num") values ('r');`,
      '-- Running upgrade r -> b1, message of b1',
      `update "orm_version" set "version_num" = 'b1' where "version_num" = 'r';`,
      '-- Running upgrade r -> b2, message of b2',
      `insert into "orm_version" ("version_num") values ('b2');`,
      '-- Running upgrade b1, b2 -> m, message of m',
      `delete from "orm_version" where "version_num" = 'b2';`,
      `update "orm_version" set "version_num" = 'm' where "version_num" = 'b1';`,
    ]);
    const down = await script('sqlite', spec, noop, 'r', { direction: 'down', from: ['m'] });
    expect(down.sql).toContain(`-- Running downgrade m -> b1, b2, message of m\n\ninsert into "orm_version" ("version_num") values ('b2');\n\nupdate "orm_version" set "version_num" = 'b1' where "version_num" = 'm';`);
  });

  it('revisions see op.offline and op.dialect; a guarded op.db is fine', async () => {
    const seen: Array<[boolean, string]> = [];
    const modules: Modules = {
      a1: {
        upgrade: async (op) => {
          seen.push([op.offline, op.dialect]);
          if (!op.offline) await op.db.selectFrom('users').selectAll().execute();
          op.execute("INSERT INTO t VALUES ('x') -- trailing comment");
        },
      },
    };
    const { sql } = await script('sqlite', { a1: null }, modules, 'head');
    expect(seen).toEqual([[true, 'sqlite']]);
    // a trailing line comment must not swallow the terminating semicolon
    expect(sql).toContain("INSERT INTO t VALUES ('x') -- trailing comment\n;");
  });

  it('an empty plan gives an empty script', async () => {
    const { sql, steps } = await script('sqlite', LINEAR, LINEAR_MODULES, 'a1', { from: ['a2'] });
    expect(steps).toEqual([]);
    expect(sql).toBe('');
  });

  it('the version table may live in a PostgreSQL schema', async () => {
    const s = createSqlScript(await loadDialect('postgres'), { table: 'versions', schema: 'meta' });
    s.createVersionTable();
    s.purgeVersionTable();
    s.versionRows([{ op: 'insert', revision: 'abc' }, { op: 'update', from: 'abc', to: 'def' }, { op: 'delete', revision: 'def' }]);
    expect(s.text().split('\n\n')).toEqual([
      'create table if not exists "meta"."versions" ("version_num" varchar(32) not null, constraint "versions_pkc" primary key ("version_num"));',
      'delete from "meta"."versions";',
      `insert into "meta"."versions" ("version_num") values ('abc');`,
      `update "meta"."versions" set "version_num" = 'def' where "version_num" = 'abc';`,
      `delete from "meta"."versions" where "version_num" = 'def';\n`,
    ]);
  });
});

describe('offline scripts: errors', () => {
  async function failure(promise: Promise<unknown>): Promise<UserError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }

  it('an op needing a SQLite table rebuild fails, naming the revision, the op and what to do', async () => {
    const modules: Modules = {
      a1: { upgrade: (op) => void op.alterColumn('users', 'name', { nullable: true }) },
    };
    const error = await failure(script('sqlite', { a1: null }, modules, 'head'));
    expect(error.message).toMatch(/^--sql upgrade of revision a1 \(message of a1\): Cannot write offline SQL for "alter column users\.name": .*table rebuild/);
    expect(error.message).toContain('operation: alter column users.name');
    expect(error.hint).toMatch(/without --sql/);
    // the same op is plain SQL on PostgreSQL
    const { sql } = await script('postgres', { a1: null }, modules, 'head');
    expect(sql).toContain('alter table "users" alter column "name" drop not null;');
  });

  it('op.db fails with a hint to guard it with op.offline, and names no op', async () => {
    const modules: Modules = {
      a1: {
        upgrade: async (op) => {
          op.createTable('t', { id: { type: 'integer', primaryKey: true } });
          await op.db.selectFrom('t').selectAll().execute();
        },
      },
    };
    const error = await failure(script('postgres', { a1: null }, modules, 'head'));
    expect(error.message).toMatch(/^--sql upgrade of revision a1 .*op\.db .*not available with --sql/);
    expect(error.message).not.toContain('operation:');
    expect(error.hint).toContain('if (!op.offline)');
  });

  it('a revision without the function to run says so', async () => {
    const error = await failure(script('sqlite', { a1: null }, { a1: {} }, 'head'));
    expect(error.message).toMatch(/exports no upgrade function/);
  });

  const ctx = { cwd: '/nonexistent-orm-project', env: {}, logger: memoryLogger() };

  it('downgrade --sql without FROM is bad usage, before anything is read', async () => {
    const error = await failure(migrateSql(ctx, { direction: 'down', target: 'base' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/needs a range FROM:TO/);
    expect(error.hint).toContain('head:base');
  });

  it('a range without --sql is bad usage', async () => {
    const error = await failure(migrate(ctx, { direction: 'up', target: 'base:head' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/only for printing SQL/);
  });

  it('splitRange', () => {
    expect(splitRange('head')).toEqual({ to: 'head' });
    expect(splitRange('base:head')).toEqual({ from: 'base', to: 'head' });
    expect(splitRange('lbl@head:ab12')).toEqual({ from: 'lbl@head', to: 'ab12' });
    expect(() => splitRange('a:b:c')).toThrow(/Malformed range/);
    expect(() => splitRange(':head')).toThrow(/Malformed range/);
  });
});
