/** The TypeScript loader on real files: relative imports, packages, syntax errors, throwing modules. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { loadUserModule, loadUserModules } from '../../src/config/module-loader.js';
import { createTempDir } from '../helpers/databases.js';

describe('module loader', () => {
  const tmp = createTempDir('orm-loader-');
  afterAll(() => tmp.cleanup());

  it('loads a TypeScript module that imports a sibling module and a package', async () => {
    mkdirSync(join(tmp.dir, 'lib'), { recursive: true });
    writeFileSync(join(tmp.dir, 'lib', 'names.ts'), "export const tableName: string = 'users';\n");
    writeFileSync(
      join(tmp.dir, 'rev.ts'),
      "import { tableName } from './lib/names';\nimport { join } from 'node:path';\nexport const value = join('a', tableName);\n",
    );
    const mod = await loadUserModule(join(tmp.dir, 'rev.ts'));
    expect(mod.value).toBe('a/users');
    // the temporary bundle is gone
    expect(readdirSync(tmp.dir).filter((f) => f.includes('orm-load'))).toEqual([]);
  });

  it('loads many modules, keeping their order', async () => {
    const files = Array.from({ length: 20 }, (_, i) => {
      const file = join(tmp.dir, `m${i}.ts`);
      writeFileSync(file, `export const n: number = ${i};\n`);
      return file;
    });
    const mods = await loadUserModules(files);
    expect(mods.map((m) => m.n)).toEqual(files.map((_, i) => i));
  });

  it('reports a syntax error with file, line and column', async () => {
    const file = join(tmp.dir, 'bad.ts');
    writeFileSync(file, 'export const a = 1;\nexport const b = ;\n');
    await expect(loadUserModule(file)).rejects.toThrow(/bad\.ts:2:\d+: Unexpected ";"/);
  });

  it('reports a module that throws while loading', async () => {
    const file = join(tmp.dir, 'throws.ts');
    writeFileSync(file, "throw new Error('boom at import');\n");
    await expect(loadUserModule(file)).rejects.toThrow(/Loading .*throws\.ts failed: boom at import/);
  });

  it('loads a TypeScript config exporting a function, importing defineConfig from the package', async () => {
    const dir = join(tmp.dir, 'proj');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'orm.config.ts'),
      "import { defineConfig } from 'orm';\nexport default defineConfig(async () => ({ url: 'sqlite:./x.db', versionTable: 'v' }));\n",
    );
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.url).toBe(`sqlite:${join(dir, 'x.db')}`);
    expect(config.versionTable).toBe('v');
  });
});
