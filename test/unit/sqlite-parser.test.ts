import { parseSqliteCreateIndex, parseSqliteCreateTable } from '../../src/dialects/sqlite/sqlite-create-table-parser.js';
import { portableTypeFromSqlite, sqliteTypeSql } from '../../src/dialects/sqlite/sqlite-column-type.js';
import { parseSqliteDefault, sqliteDefaultSql, sqliteLiteral } from '../../src/dialects/sqlite/sqlite-literal.js';
import { mentionsIdentifier, splitSqliteStatements, tokenizeSqlite } from '../../src/dialects/sqlite/sqlite-tokenize.js';
import type { ColumnType } from '../../src/schema/column-type.js';

describe('tokenizeSqlite', () => {
  it('reads quotes of every kind, comments, numbers, blobs and operators', () => {
    const tokens = tokenizeSqlite(`SELECT "a""b", [c d], \`e\`, 'it''s', x'0A', 1.5e3 -- gone\n/* gone too */ <= foo`);
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['ident', 'SELECT'], ['quoted', 'a"b'], ['punct', ','], ['quoted', 'c d'], ['punct', ','], ['quoted', 'e'], ['punct', ','],
      ['string', "it's"], ['punct', ','], ['blob', "x'0A'"], ['punct', ','], ['number', '1.5e3'], ['punct', '<='], ['ident', 'foo'],
    ]);
  });

  it('finds identifiers, not strings or comments', () => {
    expect(mentionsIdentifier(`SELECT * FROM "Users"`, 'users')).toBe(true);
    expect(mentionsIdentifier(`SELECT 'users' -- users\n FROM other`, 'users')).toBe(false);
    expect(mentionsIdentifier('SELECT users_x FROM other', 'users')).toBe(false);
  });
});

describe('splitSqliteStatements', () => {
  it('splits at top-level semicolons, keeping trigger bodies and strings whole', () => {
    const script = `
      CREATE TABLE a (x TEXT DEFAULT ';'); -- comment; with semicolon
      CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN
        UPDATE a SET x = CASE WHEN new.x = 'a;' THEN 'b' ELSE 'c' END;
        SELECT 1;
      END;
      INSERT INTO a VALUES ('1;2')
    `;
    const statements = splitSqliteStatements(script);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toBe("CREATE TABLE a (x TEXT DEFAULT ';')");
    expect(statements[1]).toMatch(/^CREATE TEMP TRIGGER t[\s\S]*SELECT 1;\s*END$/);
    expect(statements[2]).toBe("INSERT INTO a VALUES ('1;2')");
    expect(splitSqliteStatements(' ; ;')).toEqual([]);
  });
});

describe('parseSqliteCreateTable', () => {
  it('reads names, checks, AUTOINCREMENT, deferrable keys, COLLATE, generated columns and options', () => {
    const parsed = parseSqliteCreateTable(`CREATE TABLE IF NOT EXISTS "t" (
      id INTEGER CONSTRAINT "pk t" PRIMARY KEY DESC ON CONFLICT ROLLBACK AUTOINCREMENT,
      "name" VARCHAR(10, 2) NOT NULL ON CONFLICT IGNORE COLLATE NOCASE CONSTRAINT uq_name UNIQUE,
      price NUMERIC DEFAULT (1 + (2 * 3)) CHECK (price > 0 AND name <> 'a)b'), -- comment, with comma
      parent INTEGER REFERENCES t (id) ON DELETE SET NULL ON UPDATE NO ACTION MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED,
      total REAL GENERATED ALWAYS AS (price * 2) VIRTUAL,
      shout TEXT AS (upper(name)) STORED,
      x DEFAULT -1,
      CONSTRAINT ck_two CHECK ((price) < 100),
      UNIQUE (name COLLATE NOCASE DESC, price),
      CONSTRAINT fk_self FOREIGN KEY (parent, id) REFERENCES t (id, parent) NOT DEFERRABLE
    ) STRICT, WITHOUT ROWID`);
    expect(parsed.primaryKeyName).toBe('pk t');
    expect(parsed.columns).toEqual([
      { name: 'id', autoincrement: true, extras: [], generated: false },
      { name: 'name', autoincrement: false, extras: ['COLLATE NOCASE'], generated: false },
      { name: 'price', autoincrement: false, extras: [], generated: false },
      { name: 'parent', autoincrement: false, extras: [], generated: false },
      { name: 'total', autoincrement: false, extras: ['GENERATED ALWAYS AS (price * 2) VIRTUAL'], generated: true },
      { name: 'shout', autoincrement: false, extras: ['AS (upper(name)) STORED'], generated: true },
      { name: 'x', autoincrement: false, extras: [], generated: false },
    ]);
    expect(parsed.checks).toEqual([
      { name: null, expression: "price > 0 AND name <> 'a)b'" },
      { name: 'ck_two', expression: '(price) < 100' },
    ]);
    expect(parsed.uniques).toEqual([
      { name: 'uq_name', columns: ['name'] },
      { name: null, columns: ['name', 'price'] },
    ]);
    expect(parsed.foreignKeys).toEqual([
      { name: null, columns: ['parent'], refTable: 't', deferrable: true, initiallyDeferred: true },
      { name: 'fk_self', columns: ['parent', 'id'], refTable: 't', deferrable: false, initiallyDeferred: false },
    ]);
    expect([parsed.strict, parsed.withoutRowid]).toEqual([true, true]);
  });

  it('reads CREATE INDEX elements and the partial predicate', () => {
    expect(parseSqliteCreateIndex(`CREATE UNIQUE INDEX IF NOT EXISTS "ix" ON t ("a", lower(b) DESC, c COLLATE NOCASE) WHERE a > (1) AND b <> 'x';`)).toEqual({
      elements: ['"a"', 'lower(b) DESC', 'c COLLATE NOCASE'],
      where: "a > (1) AND b <> 'x'",
    });
    expect(parseSqliteCreateIndex('CREATE INDEX ix ON t (a)')).toEqual({ elements: ['a'], where: null });
  });
});

describe('SQLite types and literals', () => {
  const kinds: ColumnType[] = [
    { kind: 'integer' }, { kind: 'bigint' }, { kind: 'smallint' }, { kind: 'varchar' }, { kind: 'varchar', length: 12 },
    { kind: 'text' }, { kind: 'boolean' }, { kind: 'date' }, { kind: 'time' },
    { kind: 'timestamp', withTimeZone: false }, { kind: 'timestamp', withTimeZone: true },
    { kind: 'numeric' }, { kind: 'numeric', precision: 8 }, { kind: 'numeric', precision: 10, scale: 2 },
    { kind: 'real' }, { kind: 'double' }, { kind: 'json' }, { kind: 'uuid' }, { kind: 'blob' },
  ];
  it.each(kinds.map((k) => [sqliteTypeSql(k), k]))('%s maps back to its portable type', (text, type) => {
    expect(portableTypeFromSqlite(text as string)).toEqual(type);
    expect(portableTypeFromSqlite((text as string).toLowerCase().replace(',', ' , '))).toEqual(type);
  });

  it('keeps every other declared type raw', () => {
    expect(portableTypeFromSqlite('INT')).toEqual({ kind: 'raw', sql: 'INT' });
    expect(portableTypeFromSqlite('DOUBLE')).toEqual({ kind: 'raw', sql: 'DOUBLE' });
    expect(portableTypeFromSqlite('')).toEqual({ kind: 'raw', sql: '' });
  });

  it('writes literals', () => {
    expect([null, "a'b", 3, -1.5, true, false, 7n, Buffer.from('hi'), new Date(0), { a: 1 }, Infinity].map(sqliteLiteral)).toEqual([
      'NULL', "'a''b'", '3', '-1.5', '1', '0', '7', "X'6869'", "'1970-01-01T00:00:00.000Z'", `'{"a":1}'`, '9e999',
    ]);
    expect(() => sqliteLiteral(NaN)).toThrow(/NaN/);
  });

  it('writes defaults, wrapping expressions only where the grammar needs it', () => {
    expect(sqliteDefaultSql({ kind: 'literal', value: "it's" })).toBe("'it''s'");
    expect(sqliteDefaultSql({ kind: 'literal', value: false })).toBe('FALSE');
    expect(sqliteDefaultSql({ kind: 'literal', value: -2 })).toBe('-2');
    expect(sqliteDefaultSql({ kind: 'sql', sql: 'current_timestamp' })).toBe('current_timestamp');
    expect(sqliteDefaultSql({ kind: 'sql', sql: "'x'" })).toBe("'x'");
    expect(sqliteDefaultSql({ kind: 'sql', sql: '(1 + 2)' })).toBe('(1 + 2)');
    expect(sqliteDefaultSql({ kind: 'sql', sql: '(1) + (2)' })).toBe('((1) + (2))');
    expect(sqliteDefaultSql({ kind: 'sql', sql: "strftime('%s', 'now')" })).toBe("(strftime('%s', 'now'))");
  });

  it('reads defaults back as pragma_table_xinfo reports them', () => {
    const text: ColumnType = { kind: 'text' };
    expect(parseSqliteDefault(null, text)).toBeNull();
    expect(parseSqliteDefault('NULL', text)).toBeNull();
    expect(parseSqliteDefault("'it''s'", text)).toEqual({ kind: 'literal', value: "it's" });
    expect(parseSqliteDefault('-2.5', text)).toEqual({ kind: 'literal', value: -2.5 });
    expect(parseSqliteDefault('1.0', text)).toEqual({ kind: 'sql', sql: '1.0' });
    expect(parseSqliteDefault('TRUE', text)).toEqual({ kind: 'literal', value: true });
    expect(parseSqliteDefault('1', { kind: 'boolean' })).toEqual({ kind: 'literal', value: true });
    expect(parseSqliteDefault('CURRENT_TIMESTAMP', text)).toEqual({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' });
    expect(parseSqliteDefault("lower('A')", text)).toEqual({ kind: 'sql', sql: "lower('A')" });
  });
});
