/** loadModels on real files: both export styles, and each way a models module can be wrong. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMetadata, loadModels } from '../../src/model/load-models.js';
import { UserError } from '../../src/util/errors.js';

describe('loadModels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orm-load-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, source: string) => {
    const path = join(dir, name);
    writeFileSync(path, source);
    return path;
  };
  const rejects = async (path: string, message: RegExp, hint?: RegExp) => {
    const err = await loadModels(path).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(message);
    if (hint) expect((err as UserError).hint).toMatch(hint);
  };

  it('loads `export const metadata`, importing the DSL from orm and a sibling module', async () => {
    file('columns.ts', "import { integer } from 'orm';\nexport const id = () => integer().primaryKey().autoincrement();\n");
    const path = file('models.ts', [
      "import { defineMetadata, defineTable, text } from 'orm';",
      "import { id } from './columns';",
      "export const users = defineTable('users', { id: id(), name: text().notNull() });",
      'export const metadata = defineMetadata({ tables: { users } });',
    ].join('\n'));
    const schema = await loadModels(path);
    expect(schema.tables.map((t) => [t.name, t.primaryKey?.name, t.columns.length])).toEqual([['users', 'pk_users', 2]]);
    expect((await loadMetadata(path)).kind).toBe('metadata');
  });

  it('loads a default export', async () => {
    const path = file('default.ts', "import { defineMetadata, defineTable, integer } from 'orm';\nexport default defineMetadata({ tables: [defineTable('a', { id: integer() })] });\n");
    expect((await loadModels(path)).tables[0]!.name).toBe('a');
  });

  it('a missing module: hint to set models in the config', async () => {
    await rejects(join(dir, 'nope.ts'), /Models module .*nope\.ts not found/, /set models in orm\.config\.ts/);
  });

  it('a module that throws: its message', async () => {
    await rejects(file('throws.ts', "throw new Error('no database here');\n"), /Loading .*throws\.ts failed: no database here/);
  });

  it('a module exporting no metadata, or something else as metadata', async () => {
    await rejects(file('none.ts', 'export const users = 1;\n'), /Models module .*none\.ts exports no metadata/, /export const metadata = defineMetadata/);
    await rejects(file('other.ts', 'export const metadata = { tables: [] };\n'), /exports a metadata that is not made by defineMetadata/);
  });

  it('an error of the DSL while the module runs keeps its hint', async () => {
    const path = file('bad-column.ts', "import { defineTable } from 'orm';\nexport const t = defineTable('t', { a: 'integer' as never });\n");
    await rejects(path, /Models module .*bad-column\.ts: Table t: column a is not a column/, /write e\.g\. integer\(\)/);
  });

  it('errors of the models as a whole name the module and the model object', async () => {
    const path = file('bad-ref.ts', [
      "import { defineMetadata, defineTable, integer } from 'orm';",
      "const posts = defineTable('posts', { user_id: integer().references('users.id') });",
      'export const metadata = defineMetadata({ tables: [posts] });',
    ].join('\n'));
    await rejects(path, /Models module .*bad-ref\.ts: Foreign key fk_posts_user_id_users of table posts \(user_id\) references table users, which is not in the metadata/);
  });
});

describe('the README models example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orm-readme-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads, with the names its comments promise', async () => {
    const readme = readFileSync(join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'README.md'), 'utf8');
    const source = /## Models\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const path = join(dir, 'models.ts');
    writeFileSync(path, source);
    const schema = await loadModels(path);
    expect(schema.tables.map((t) => t.name)).toEqual(['post_tags', 'posts', 'tags', 'users']);
    const byName = Object.fromEntries(schema.tables.map((t) => [t.name, t]));
    expect(byName.users!.indexes[0]).toMatchObject({ name: 'ix_users_email', unique: true, where: 'active' });
    expect(byName.posts!.foreignKeys[0]).toMatchObject({ name: 'fk_posts_author_id_users', onDelete: 'CASCADE' });
    expect(byName.posts!.indexes.map((i) => i.name)).toEqual(['ix_posts_author_id', 'ix_posts_lower_title', 'ix_posts_search']);
    expect(byName.tags!.uniques[0]!.name).toBe('uq_tags_name');
    expect(byName.post_tags!.primaryKey).toEqual({ name: 'pk_post_tags', columns: ['post_id', 'tag_id'] });
    expect(byName.post_tags!.columns.every((c) => !c.nullable)).toBe(true);
    for (const [line, name] of [...source.matchAll(/\/\/ (pk|ix|uq|fk)_(\w+)/g)].map((m) => [m[0], `${m[1]}_${m[2]}`])) {
      expect({ line, found: JSON.stringify(schema).includes(`"${name}"`) }).toEqual({ line, found: true });
    }
  });
});
