/**
 * `openDatabase` counts the statements it sends; `whileConnecting` opens a PostgreSQL database
 * and reads its live schema while the models load, and hands both to the next `openDatabase`.
 */
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { ResolvedConfig } from '../../src/config/config.js';
import { openDatabase, whileConnecting } from '../../src/commands/open-database.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';

function configFor(url: string): ResolvedConfig {
  return {
    file: null,
    baseDir: '/',
    url,
    urlSource: '--url',
    models: '/models.ts',
    migrations: '/migrations',
    versionsDir: '/migrations/versions',
    versionLocations: ['/migrations/versions'],
    templateFile: '/migrations/script.ts.tmpl',
    versionTable: 'orm_version',
    versionTableSchema: null,
    transactionPerMigration: false,
    autogenerate: {},
  };
}

describe('openDatabase on SQLite', () => {
  it('counts every statement, connecting included', async () => {
    const tmp = createTempDir('orm-open-db-');
    try {
      const db = await openDatabase(configFor(`sqlite:${tmp.dir}/app.db`));
      const opened = db.stats.statements;
      expect(opened).toBeGreaterThan(0);
      await db.dialect.introspect(db.connection.db);
      expect(db.stats.statements).toBeGreaterThan(opened);
      await db.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('whileConnecting opens nothing ahead for SQLite (a missing file stays missing)', async () => {
    const tmp = createTempDir('orm-open-db-');
    try {
      const config = configFor(`sqlite:${tmp.dir}/app.db`);
      await expect(whileConnecting(config, async () => 'models')).resolves.toBe('models');
      expect(existsSync(`${tmp.dir}/app.db`)).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});

describePg('whileConnecting on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  beforeAll(async () => {
    database = await createPgDatabase('orm_open_db');
    const setup = await openDatabase(configFor(database.url));
    await sql`create table t (id integer primary key, name text)`.execute(setup.connection.db);
    await setup.close();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('hands the connection and the live schema read meanwhile to the next openDatabase', async () => {
    const config = configFor(database.url);
    const loaded = await whileConnecting(config, async () => 'models');
    expect(loaded).toBe('models');
    const db = await openDatabase(config);
    try {
      const live = await db.dialect.introspect(db.connection.db, { schemas: [null] });
      expect(live.tables.map((t) => t.name)).toEqual(['t']);
      const afterFirst = db.stats.statements;
      // taken over once: a second read goes to the database again
      await db.dialect.introspect(db.connection.db, { schemas: [null] });
      expect(db.stats.statements).toBeGreaterThan(afterFirst);
    } finally {
      await db.close();
    }
  });

  it("reports the models' error, not the database's, when loading them fails", async () => {
    const config = configFor(database.url.replace(/\/[^/]*$/, '/orm_no_such_database'));
    await expect(
      whileConnecting(config, async () => {
        throw new Error('models exploded');
      }),
    ).rejects.toThrow('models exploded');
    // nothing is left for a later openDatabase: it connects (and fails) on its own
    await expect(openDatabase(config)).rejects.toThrow(/orm_no_such_database/);
  });

  it('a failed connection surfaces in openDatabase, as without whileConnecting', async () => {
    const config = configFor(database.url.replace(/\/[^/]*$/, '/orm_no_such_database'));
    await expect(whileConnecting(config, async () => 'models')).resolves.toBe('models');
    await expect(openDatabase(config)).rejects.toThrow(/orm_no_such_database/);
  });
});
