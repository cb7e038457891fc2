import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { UserError } from '../../src/util/errors.js';
import { createSqliteFile, createTempDir } from '../helpers/databases.js';

const dialect = createSqliteDialect();
const pragma = async (db: Kysely<any>, name: string) =>
  Object.values((await sql.raw<any>(`PRAGMA ${name}`).execute(db)).rows[0])[0];

describe('SQLite connect', () => {
  it('opens a file (creating it), with foreign keys on and a busy timeout', async () => {
    const file = createSqliteFile();
    try {
      for (const url of [file.url, `sqlite://${file.file}`]) {
        const conn = await dialect.connect(url);
        expect(await pragma(conn.db, 'foreign_keys')).toBe(1);
        expect(await pragma(conn.db, 'busy_timeout')).toBe(5000);
        await sql`CREATE TABLE IF NOT EXISTS t (x INTEGER)`.execute(conn.db);
        await conn.close();
      }
      const again = await dialect.connect(file.url);
      expect((await dialect.introspect(again.db)).tables.map((t) => t.name)).toEqual(['t']);
      await again.close();
    } finally {
      file.cleanup();
    }
  });

  it('reports every refused statement to onQueryError', async () => {
    const refused: string[] = [];
    const conn = await dialect.connect('sqlite::memory:', { onQueryError: (text) => refused.push(text) });
    await expect(sql`SELECT * FROM missing`.execute(conn.db)).rejects.toMatchObject({ message: 'no such table: missing' });
    expect(refused).toEqual(['SELECT * FROM missing']);
    await conn.close();
  });

  it('opens sqlite::memory:', async () => {
    const conn = await dialect.connect('sqlite::memory:');
    expect((await dialect.introspect(conn.db)).tables).toEqual([]);
    await conn.close();
  });

  it('a missing directory is a UserError with a hint', async () => {
    const tmp = createTempDir();
    try {
      const failing = dialect.connect(`sqlite:${join(tmp.dir, 'nope', 'app.db')}`);
      await expect(failing).rejects.toThrow(UserError);
      await expect(failing).rejects.toMatchObject({
        message: expect.stringMatching(/the directory .*nope does not exist/),
        hint: 'create the directory first, or fix the path in the database URL',
      });
    } finally {
      tmp.cleanup();
    }
  });

  it('a file that is not a database is a UserError with a hint', async () => {
    const tmp = createTempDir();
    try {
      const path = join(tmp.dir, 'notes.txt');
      writeFileSync(path, 'hello, this is not a database at all, just some text that is long enough\n'.repeat(20));
      await expect(dialect.connect(`sqlite:${path}`)).rejects.toMatchObject({
        name: 'UserError',
        message: expect.stringMatching(/Cannot open SQLite database .*notes.txt: file is not a database/),
        hint: expect.stringMatching(/not a SQLite database/),
      });
      mkdirSync(join(tmp.dir, 'adir'));
      await expect(dialect.connect(`sqlite:${join(tmp.dir, 'adir')}`)).rejects.toMatchObject({
        name: 'UserError',
        hint: 'the path is a directory: name a file inside it',
      });
    } finally {
      tmp.cleanup();
    }
  });

  it('a path SQLite cannot open is a UserError keeping SQLite\'s words', async () => {
    const tmp = createTempDir();
    try {
      writeFileSync(join(tmp.dir, 'plain'), 'x');
      await expect(dialect.connect(`sqlite:${join(tmp.dir, 'plain', 'app.db')}`)).rejects.toMatchObject({
        name: 'UserError',
        message: expect.stringMatching(/Cannot open SQLite database .*app.db: unable to open database file/),
        hint: 'check that the file and its directory can be read and written by this user',
      });
    } finally {
      tmp.cleanup();
    }
  });

  // Root reads any file, so the permission case only runs as an ordinary user.
  (process.getuid?.() === 0 ? it.skip : it)('an unreadable file is a UserError about permissions', async () => {
    const file = createSqliteFile();
    try {
      const conn = await dialect.connect(file.url);
      await sql`CREATE TABLE t (x INTEGER)`.execute(conn.db);
      await conn.close();
      chmodSync(file.file, 0o000);
      await expect(dialect.connect(file.url)).rejects.toMatchObject({
        name: 'UserError',
        hint: expect.stringMatching(/permissions|read and written/),
      });
    } finally {
      chmodSync(file.file, 0o600);
      file.cleanup();
    }
  });
});
