/**
 * Autogenerate as a user runs it, on SQLite and PostgreSQL: models → `revision --autogenerate`
 * → `upgrade head` → `check`; model changes detected, applied, reverted; refusals and bad
 * models leave no file and an untouched database.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectUserError, runCli } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';

const MODELS_V1 = `import { boolean, defineMetadata, defineTable, index, integer, sql, text, timestamptz, varchar } from 'orm';

export const users = defineTable('users', {
  id: integer().primaryKey().autoincrement(),
  email: varchar(255).notNull().unique(),
  name: text(),
  active: boolean().notNull().default(true),
  created_at: timestamptz().notNull().default(sql\`CURRENT_TIMESTAMP\`),
}, (t) => ({ indexes: [index().on(t.name).where('active')] }));

export const posts = defineTable('posts', {
  id: integer().primaryKey().autoincrement(),
  user_id: integer().notNull().references(() => users.columns.id, { onDelete: 'cascade' }),
  title: text().notNull(),
}, { checks: [{ expression: 'length(title) > 0' }] });

export const tags = defineTable('tags', { id: integer().primaryKey(), label: text().notNull() });

export const metadata = defineMetadata({ tables: { users, posts, tags } });
`;

/** v2: a new column, a changed type/nullability/default, a new index, a dropped table, a new FK. */
const MODELS_V2 = `import { boolean, defineMetadata, defineTable, index, integer, sql, text, timestamptz, varchar } from 'orm';

export const users = defineTable('users', {
  id: integer().primaryKey().autoincrement(),
  email: varchar(255).notNull().unique(),
  name: varchar(100).notNull().default('anon'),
  active: boolean().notNull().default(true),
  created_at: timestamptz().notNull().default(sql\`CURRENT_TIMESTAMP\`),
  age: integer(),
}, (t) => ({ indexes: [index().on(t.name).where('active'), index().on(t.email, t.age)] }));

export const posts = defineTable('posts', {
  id: integer().primaryKey().autoincrement(),
  user_id: integer().notNull().references(() => users.columns.id, { onDelete: 'cascade' }),
  editor_id: integer().references(() => users.columns.id, { onDelete: 'set null' }),
  title: text().notNull(),
}, { checks: [{ expression: 'length(title) > 0' }] });

export const metadata = defineMetadata({ tables: { users, posts } });
`;

function autogenerateSuite(name: string, setup: () => Promise<{ url: string; cleanup(): Promise<void> }>) {
  describe(`${name}: models, revision --autogenerate, check`, () => {
    let project: ReturnType<typeof createTempDir>;
    let db: { url: string; cleanup(): Promise<void> };
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', db.url]);
    const versions = () => readdirSync(join(project.dir, 'migrations', 'versions')).filter((f) => f.endsWith('.ts')).sort();
    const writeModels = (text: string) => writeFileSync(join(project.dir, 'src', 'models.ts'), text);

    beforeAll(async () => {
      project = createTempDir('orm-autogen-');
      db = await setup();
      expect(runCli(project.dir, ['init']).status).toBe(0);
      mkdirSync(join(project.dir, 'src'));
    });
    afterAll(async () => {
      await db.cleanup();
      project.cleanup();
    });

    it('bad models: a clear error, no file written', () => {
      expectUserError(orm('revision', '--autogenerate', '-m', 'x'), /models/i);
      writeModels(`throw new Error('models exploded');\n`);
      expectUserError(orm('revision', '--autogenerate', '-m', 'x'), /models exploded/);
      writeModels(`export const nothing = 1;\n`);
      expectUserError(orm('check'), /metadata/);
      writeModels(
        `import { defineMetadata, defineTable, integer } from 'orm';\nconst a = defineTable('t', { id: integer() });\nconst b = defineTable('t', { id: integer() });\nexport const metadata = defineMetadata({ tables: [a, b] });\n`,
      );
      expectUserError(orm('check'), /\bt\b/);
      writeModels(
        `import { defineMetadata, defineTable, integer } from 'orm';\nconst a = defineTable('a', { id: integer(), b_id: integer().references('nope.id') });\nexport const metadata = defineMetadata({ tables: [a] });\n`,
      );
      expectUserError(orm('check'), /nope/);
      writeModels(
        `import { defineMetadata, defineTable, integer } from 'orm';\nconst a = defineTable('a', { id: integer() }, { indexes: [{ name: 'ix', columns: ['missing'] } as never] });\nexport const metadata = defineMetadata({ tables: [a] });\n`,
      );
      expect(orm('check').status).toBe(1);
      expect(versions()).toEqual([]);
    });

    it('writes the first revision from the models and applies it', () => {
      writeModels(MODELS_V1);
      const r = orm('revision', '--autogenerate', '-m', 'initial schema', '--rev-id', 'aaaaaaaa0001');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Detected add table users');
      expect(r.stdout).toContain('Detected add table posts');
      expect(r.stdout).toContain('Detected add table tags');
      const file = readFileSync(join(project.dir, 'migrations', 'versions', versions()[0]!), 'utf8');
      expect(file).toContain("op.createTable('users', {");
      expect(file).toContain("op.dropTable('users');");
      // referenced tables first on upgrade, dependents first on downgrade
      expect(file.indexOf("op.createTable('users'")).toBeLessThan(file.indexOf("op.createTable('posts'"));
      expect(file.indexOf("op.dropTable('posts')")).toBeLessThan(file.indexOf("op.dropTable('users')"));
      expect(orm('upgrade', 'head').status).toBe(0);
    });

    it('check is quiet on a database built by our own migrations', () => {
      const r = orm('check');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe('No changes detected.');
    });

    it('check lists the changes when the models move on, and exits 1', () => {
      writeModels(MODELS_V2);
      const r = orm('check');
      expect(r.status).toBe(1);
      for (const change of ['add column users.age', 'change type of users.name', 'make users.name NOT NULL', 'drop table tags', 'add column posts.editor_id']) {
        expect(r.stdout).toContain(change);
      }
      const json = orm('check', '--json');
      expect(json.status).toBe(1);
      const doc = JSON.parse(json.stdout) as { inSync: boolean; changes: string[]; upgrade: string };
      expect(doc.inSync).toBe(false);
      expect(doc.changes.length).toBeGreaterThanOrEqual(5);
      expect(doc.upgrade).toContain("op.dropTable('tags')");
    });

    it('autogenerate refuses while the database is not at the head', () => {
      expect(orm('downgrade', 'base').status).toBe(0);
      expectUserError(orm('revision', '--autogenerate', '-m', 'too early'), /not at every head/);
      expect(versions()).toHaveLength(1);
      expect(orm('upgrade', 'head').status).toBe(0);
    });

    it('the second revision applies the changes; a third autogenerate finds nothing', () => {
      const r = orm('revision', '--autogenerate', '-m', 'v2', '--rev-id', 'aaaaaaaa0002');
      expect(r.status).toBe(0);
      expect(orm('upgrade', 'head').status).toBe(0);
      expect(orm('check').status).toBe(0);
      const empty = orm('revision', '--autogenerate', '-m', 'nothing', '--rev-id', 'aaaaaaaa0003');
      expect(empty.status).toBe(0);
      expect(empty.stdout).toContain('No changes detected: the revision is empty.');
      expect(readFileSync(join(project.dir, 'migrations', 'versions', 'aaaaaaaa0003_nothing.ts'), 'utf8')).toContain('// No changes detected.');
      expect(orm('upgrade', 'head').status).toBe(0);
    });

    it('downgrading the generated revision restores the first schema exactly', () => {
      expect(orm('downgrade', 'aaaaaaaa0001').status).toBe(0);
      writeModels(MODELS_V1);
      const r = orm('check');
      // the database is behind the head now, which check refuses to compare
      expect(r.status).toBe(1);
      expect(orm('stamp', 'aaaaaaaa0003').status).toBe(0);
      // stamped at the head with the v1 schema: the v1 models agree with the database
      expect(orm('check').stdout.trim()).toBe('No changes detected.');
    });
  });
}

autogenerateSuite('sqlite', async () => {
  const tmp = createTempDir('orm-autogen-db-');
  return { url: `sqlite:${join(tmp.dir, 'app.db')}`, cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  autogenerateSuite('postgres', async () => {
    const database = await createPgDatabase('orm_autogen');
    return { url: database.url, cleanup: database.drop };
  });
});

describePg('postgres: models naming a type the database cannot hold', () => {
  it('are refused with the column named, and no revision is written', async () => {
    const database = await createPgDatabase('orm_autogen_types');
    const project = createTempDir('orm-autogen-types-');
    try {
      expect(runCli(project.dir, ['init']).status).toBe(0);
      mkdirSync(join(project.dir, 'src'));
      writeFileSync(
        join(project.dir, 'src', 'models.ts'),
        `import { defineMetadata, defineTable, integer, raw } from 'orm';\n` +
          `const t = defineTable('weird', { id: integer().primaryKey(), ok: raw('integer[]'), tags: raw('text COLLATE "C"'), v: raw('nosuchtype') });\n` +
          `export const metadata = defineMetadata({ tables: [t] });\n`,
      );
      const r = runCli(project.dir, ['revision', '--autogenerate', '-m', 'weird', '--url', database.url]);
      expectUserError(r, /weird\.v \(nosuchtype\)/);
      expect(r.stderr).not.toMatch(/weird\.ok|weird\.tags/);
      expect(readdirSync(join(project.dir, 'migrations', 'versions')).filter((f) => f.endsWith('.ts'))).toEqual([]);
      expectUserError(runCli(project.dir, ['check', '--url', database.url]), /nosuchtype/);
    } finally {
      project.cleanup();
      await database.drop();
    }
  });
});
