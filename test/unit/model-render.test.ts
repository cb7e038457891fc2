/**
 * renderModels: golden text that type-checks (the golden files are TypeScript under test/, so
 * `tsc --noEmit` compiles them), and the round trip toSchema(load(renderModels(S))) = S, loaded
 * through loadModels from a temporary directory with imports from 'orm'.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import { loadModels } from '../../src/model/load-models.js';
import { renderModels } from '../../src/render/render-models.js';
import { detectNamingConvention } from '../../src/render/detect-naming-convention.js';
import { cycleGroups, dependencyOrder, tableKey } from '../../src/render/table-order.js';
import type { Schema } from '../../src/schema/schema.js';
import { col, fk, tbl } from './model-fixtures.js';
import { AWKWARD, BLOG, PG_PLAIN, SQLITE_PLAIN } from './model-schemas.js';

const GOLDEN = join(fileURLToPath(new URL('.', import.meta.url)), 'model-golden');
const SRC_FROM_GOLDEN = '../../../src/index.js';

describe('renderModels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orm-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const load = async (source: string): Promise<Schema> => {
    const file = join(dir, `models${n++}.ts`);
    writeFileSync(file, source);
    return await loadModels(file);
  };

  it.each([
    ['blog', BLOG],
    ['postgres', PG_PLAIN],
    ['sqlite', SQLITE_PLAIN],
  ])('writes the %s schema as the golden module (which tsc type-checks)', (name, schema) => {
    const text = renderModels(schema, { packageName: SRC_FROM_GOLDEN, header: 'Written by the model-render test: the golden text of renderModels.' });
    const file = join(GOLDEN, `${name}-models.ts`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it.each([
    ['blog', BLOG],
    ['postgres', PG_PLAIN],
    ['sqlite', SQLITE_PLAIN],
    ['awkward', AWKWARD],
    ['empty', { tables: [] }],
  ])('round-trips the %s schema through a loaded module', async (_, schema) => {
    const source = renderModels(schema);
    expect(source).toContain("from 'orm';");
    expect(await load(source)).toEqual(schema);
  });

  it('round-trips with a convention given instead of detected, or none', async () => {
    const custom = renderModels(BLOG, { namingConvention: { ix: 'idx_%(table_name)s_%(column_0_N_name)s', pk: null } });
    expect(custom).toContain("namingConvention: {\n    ix: 'idx_%(table_name)s_%(column_0_N_name)s',\n    pk: null,\n  },");
    expect(custom).toContain("index('ix_posts_author_id').on(t.author_id, t.published_at)");
    expect(await load(custom)).toEqual(BLOG);
    const off = renderModels(SQLITE_PLAIN, { namingConvention: false });
    expect(off).toContain('namingConvention: false,');
    expect(await load(off)).toEqual(SQLITE_PLAIN);
    expect(() => renderModels(BLOG, { namingConvention: { ix: () => 'x' } })).toThrow(/only templates and null/);
  });

  it('detects the convention a database follows', () => {
    expect(detectNamingConvention(BLOG)).toEqual({});
    expect(detectNamingConvention(PG_PLAIN)).toEqual({
      pk: '%(table_name)s_pkey',
      uq: '%(table_name)s_%(column_0_N_name)s_key',
      fk: '%(table_name)s_%(column_0_N_name)s_fkey',
      ix: '%(table_name)s_%(column_0_N_name)s_idx',
    });
    expect(detectNamingConvention(SQLITE_PLAIN)).toEqual({ pk: null, uq: null, fk: null, ck: null });
  });

  it('is stable: the same schema gives the same text, also after a round trip', async () => {
    for (const schema of [BLOG, PG_PLAIN, SQLITE_PLAIN, AWKWARD]) {
      const text = renderModels(schema);
      expect(renderModels(structuredClone(schema))).toBe(text);
      expect(renderModels(await load(text))).toBe(text);
    }
  });

  it('places awkward cases where they keep the IR exact', () => {
    const text = renderModels(AWKWARD);
    // the first unique fits on its column; the next ones are out of column order, unnamed or composite
    expect(text).toContain('  c: integer().default(-1).unique(),');
    expect(text).toContain("  uniques: [\n    { columns: [t.a] },\n    { name: null, columns: [t.d] },\n    { name: 'uq_t1_a_b', columns: [t.a, t.b] },\n  ],");
    // a self-reference of a table whose name has a dot can be neither a thunk nor a string
    expect(text).toContain("foreignKeys: [{ columns: [t.parent], references: { table: 'odd.name', columns: ['id'] } }],");
    expect(text).toContain("  'user id': integer().default(sql('(`a`\\n + 1)')),");
    expect(text).toContain("primaryKey: { name: 'custom_pk', columns: [t.a] },");
    expect(text).toContain('primaryKey: [t.y, t.x],');
    // truncated convention names are not written; a long explicit one is
    expect(text).not.toContain('pk_a_table');
    expect(text).toContain(`index('ix_${'explicit_and_long_'.repeat(4)}').on(t.ref)`);
  });

  it('writes a PostgreSQL serial or identity column outside the primary key with its serial type', async () => {
    const schema: Schema = {
      tables: [
        tbl('tickets', [
          col('id', 'uuid', { nullable: false }),
          col('number', 'integer', { nullable: false, autoincrement: true }),
          col('seq', 'bigint', { nullable: false, autoincrement: true }),
        ], { primaryKey: { name: 'pk_tickets', columns: ['id'] } }),
      ],
    };
    const text = renderModels(schema);
    // `.autoincrement()` is refused outside the key: a module saying it would not load
    expect(text).toContain("  number: raw('serial').notNull(),\n  seq: raw('bigserial').notNull(),\n");
    const loaded = await load(text);
    expect(compareSchemas(schema, loaded, { dialect: createPostgresDialect(), defaultSchema: 'public' })).toEqual([]);
  });

  it('orders tables referenced-first (ties by name), entering cycles at their first name', () => {
    const t = (name: string, ...refs: string[]) => tbl(name, [col('id', 'integer')], { foreignKeys: refs.map((r) => fk(null, ['id'], r, ['id'])) });
    const tables = [t('e', 'd'), t('d', 'c'), t('c', 'd'), t('b', 'a', 'missing'), t('a'), t('f', 'f'), t('g', 'b', 'e')];
    expect(dependencyOrder(tables).map((x) => x.name)).toEqual(['a', 'b', 'f', 'c', 'd', 'e', 'g']);
    expect(dependencyOrder([t('z'), t('y', 'z'), t('x', 'y')]).map((x) => x.name)).toEqual(['z', 'y', 'x']);
    // a table referencing a cycle (first by name, not on it) comes after the cycle it references
    expect(dependencyOrder([t('a', 'users'), t('users', 'projects'), t('projects', 'users')]).map((x) => x.name)).toEqual([
      'projects', 'users', 'a',
    ]);
    const groups = cycleGroups(tables);
    expect([...groups.keys()].sort()).toEqual(['c', 'd', 'f'].map((n) => tableKey({ name: n })));
    expect(groups.get(tableKey({ name: 'c' }))).toBe(groups.get(tableKey({ name: 'd' })));
    expect(groups.get(tableKey({ name: 'f' }))).not.toBe(groups.get(tableKey({ name: 'c' })));
  });
});
