import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findConfigFile, loadConfig, resolveConfig } from '../../src/config/load-config.js';
import { UserError } from '../../src/util/errors.js';
import { createTempDir } from '../helpers/databases.js';

describe('config', () => {
  const tmp = createTempDir('orm-config-');
  afterAll(() => tmp.cleanup());

  it('takes the URL from --url, then the config, then DATABASE_URL', () => {
    const base = { cwd: '/work/app', env: { DATABASE_URL: 'postgres://env/db' } };
    expect(resolveConfig({ url: 'postgres://config/db' }, '/work/app/orm.config.ts', { ...base, url: 'postgres://flag/db' }).url).toBe('postgres://flag/db');
    expect(resolveConfig({ url: 'postgres://config/db' }, '/work/app/orm.config.ts', base).url).toBe('postgres://config/db');
    const fromEnv = resolveConfig({}, '/work/app/orm.config.ts', base);
    expect(fromEnv.url).toBe('postgres://env/db');
    expect(fromEnv.urlSource).toBe('DATABASE_URL');
    expect(resolveConfig({}, null, { cwd: '/x', env: {} }).url).toBeUndefined();
  });

  it('resolves a relative SQLite path in the config against the config folder, a --url one against the cwd', () => {
    expect(resolveConfig({ url: 'sqlite:./app.db' }, '/proj/conf/orm.config.ts', { cwd: '/proj', env: {} }).url).toBe('sqlite:/proj/conf/app.db');
    expect(resolveConfig({}, '/proj/conf/orm.config.ts', { cwd: '/proj', env: {}, url: 'sqlite:data/x.db' }).url).toBe('sqlite:/proj/data/x.db');
    expect(resolveConfig({}, '/p/orm.config.ts', { cwd: '/p', env: {}, url: 'sqlite::memory:' }).url).toBe('sqlite::memory:');
  });

  it('fills defaults relative to the config file', () => {
    const c = resolveConfig({}, '/p/orm.config.ts', { cwd: '/elsewhere', env: {} });
    expect(c.migrations).toBe('/p/migrations');
    expect(c.versionsDir).toBe('/p/migrations/versions');
    expect(c.templateFile).toBe('/p/migrations/script.ts.tmpl');
    expect(c.models).toBe('/p/src/models.ts');
    expect(c.versionTable).toBe('orm_version');
    expect(c.transactionPerMigration).toBe(true);
  });

  it('reads versionLocations relative to the config file, first one as versionsDir, without repeats', () => {
    const c = resolveConfig({ versionLocations: ['./migrations/versions', 'audit/', '/abs/x', 'audit'] }, '/p/orm.config.ts', { cwd: '/elsewhere', env: {} });
    expect(c.versionLocations).toEqual(['/p/migrations/versions', '/p/audit', '/abs/x']);
    expect(c.versionsDir).toBe('/p/migrations/versions');
    expect(resolveConfig({ migrations: './db' }, '/p/orm.config.ts', { cwd: '/p', env: {} }).versionLocations).toEqual(['/p/db/versions']);
  });

  it('rejects a versionLocations that is not a non-empty list of paths', async () => {
    for (const bad of [[], 'versions', [''], [3]]) {
      writeFileSync(join(tmp.dir, 'locations.json'), JSON.stringify({ versionLocations: bad }));
      await expect(loadConfig({ cwd: tmp.dir, configFile: 'locations.json', env: {} })).rejects.toThrow(/"versionLocations" .* must be a non-empty list/);
    }
  });

  it('finds orm.config.ts before orm.config.json, and says what it looked for when there is none', () => {
    const dir = createTempDir('orm-config-find-');
    try {
      expect(() => findConfigFile({ cwd: dir.dir })).toThrow(/orm\.config\.ts, orm\.config\.mts, orm\.config\.js, orm\.config\.mjs, orm\.config\.json/);
      writeFileSync(join(dir.dir, 'orm.config.json'), '{}');
      expect(findConfigFile({ cwd: dir.dir })).toBe(join(dir.dir, 'orm.config.json'));
      writeFileSync(join(dir.dir, 'orm.config.ts'), 'export default {}');
      expect(findConfigFile({ cwd: dir.dir })).toBe(join(dir.dir, 'orm.config.ts'));
      expect(() => findConfigFile({ cwd: dir.dir, configFile: 'nope.ts' })).toThrow(UserError);
    } finally {
      dir.cleanup();
    }
  });

  it('loads a JSON config and rejects unknown keys and wrong types', async () => {
    writeFileSync(join(tmp.dir, 'good.json'), JSON.stringify({ url: 'sqlite:./a.db', versionTable: 'versions' }));
    const c = await loadConfig({ cwd: tmp.dir, configFile: 'good.json', env: {} });
    expect(c.url).toBe(`sqlite:${join(tmp.dir, 'a.db')}`);
    expect(c.versionTable).toBe('versions');
    writeFileSync(join(tmp.dir, 'typo.json'), JSON.stringify({ ulr: 'sqlite:./a.db' }));
    await expect(loadConfig({ cwd: tmp.dir, configFile: 'typo.json', env: {} })).rejects.toThrow(/Unknown config key "ulr"/);
    writeFileSync(join(tmp.dir, 'type.json'), JSON.stringify({ url: 5 }));
    await expect(loadConfig({ cwd: tmp.dir, configFile: 'type.json', env: {} })).rejects.toThrow(/"url" .* must be a string/);
    writeFileSync(join(tmp.dir, 'broken.json'), '{ "url": ');
    await expect(loadConfig({ cwd: tmp.dir, configFile: 'broken.json', env: {} })).rejects.toThrow(/not valid JSON/);
  });
});
