import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Op } from '../../src/ops/ops.js';
import { NO_CHANGES, renderMigrationBodies, renderOps } from '../../src/render/render-ops.js';
import { quote, propertyKey } from '../../src/render/render-values.js';
import { UserError } from '../../src/util/errors.js';
import { REPO, SCENARIOS, USERS, col, scenarioSource, table } from './render-fixtures.js';

// Regenerate after an intended change: UPDATE_GOLDEN=1 npm test -- test/unit/render-ops
const GOLDEN_DIR = join(REPO, 'test/unit/golden/render');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('golden revision files', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (name, { ops, reversible }) => {
    const actual = scenarioSource(name, ops, reversible);
    const file = join(GOLDEN_DIR, `${name}.ts.txt`);
    if (UPDATE || !existsSync(file)) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, actual);
      if (!UPDATE) throw new Error(`wrote the missing golden file ${file}; check it and run again`);
    }
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('the same ops always give the same text (and key order inside the IR does not matter)', () => {
    for (const { ops } of SCENARIOS) {
      const shuffled = structuredClone(ops).map((op) => Object.fromEntries(Object.entries(op).reverse()) as Op);
      expect(renderOps(shuffled)).toBe(renderOps(ops));
    }
  });
});

describe('rendering rules', () => {
  const render = (op: Op) => renderOps([op]);

  it('an empty list is a comment, so the body still compiles', () => {
    expect(renderOps([])).toBe(NO_CHANGES);
    expect(renderMigrationBodies([])).toEqual({ upgradeBody: NO_CHANGES, downgradeBody: NO_CHANGES });
  });

  it('the example of the brief', () => {
    const users = table(
      'users',
      [col('id', { kind: 'integer' }, { nullable: false, autoincrement: true }), col('email', { kind: 'varchar', length: 255 }, { nullable: false })],
      { primaryKey: { name: null, columns: ['id'] }, uniques: [{ name: 'uq_users_email', columns: ['email'] }] },
    );
    expect(render({ kind: 'createTable', table: users })).toBe(
      [
        "op.createTable('users', {",
        "  id: { type: 'integer', primaryKey: true, autoincrement: true },",
        "  email: { type: 'varchar(255)', nullable: false },",
        "}, { uniques: [{ name: 'uq_users_email', columns: ['email'] }] });",
      ].join('\n'),
    );
  });

  it('nullable is written only where it differs from what the API assumes', () => {
    const t = table('t', [col('a', { kind: 'integer' }, { nullable: true }), col('b', { kind: 'integer' }, { nullable: false })], {
      primaryKey: { name: null, columns: ['a'] },
    });
    // a primary-key column is NOT NULL unless told otherwise; any other column is nullable
    expect(render({ kind: 'createTable', table: t })).toContain("a: { type: 'integer', primaryKey: true, nullable: true },");
    expect(render({ kind: 'createTable', table: t })).toContain("b: { type: 'integer', nullable: false },");
    expect(render({ kind: 'addColumn', table: 't', schema: null, column: col('c', { kind: 'text' }) })).toBe("op.addColumn('t', 'c', { type: 'text' });");
  });

  it('a named or reordered primary key is a table option', () => {
    const cols = [col('a', { kind: 'integer' }, { nullable: false }), col('b', { kind: 'integer' }, { nullable: false })];
    expect(render({ kind: 'createTable', table: table('t', cols, { primaryKey: { name: null, columns: ['b', 'a'] } }) })).toContain("}, { primaryKey: ['b', 'a'] });");
    expect(render({ kind: 'createTable', table: table('t', cols, { primaryKey: { name: 'pk_t', columns: ['a'] } }) })).toContain(
      "}, { primaryKey: { name: 'pk_t', columns: ['a'] } });",
    );
  });

  it('schema goes into the options, only when set', () => {
    expect(render({ kind: 'dropTable', table: 't', schema: 'app' })).toBe("op.dropTable('t', { schema: 'app' });");
    expect(render({ kind: 'dropTable', table: 't', schema: null })).toBe("op.dropTable('t');");
    expect(render({ kind: 'dropTable', table: 't' })).toBe("op.dropTable('t');");
  });

  it('types: short spelling, { raw } for database types, the type object when no spelling reads back the same', () => {
    const typeOf = (type: Parameters<typeof col>[1]) => render({ kind: 'addColumn', table: 't', schema: null, column: col('c', type) });
    expect(typeOf({ kind: 'timestamp', withTimeZone: true })).toContain("type: 'timestamptz'");
    expect(typeOf({ kind: 'numeric', precision: 10, scale: 2 })).toContain("type: 'numeric(10,2)'");
    expect(typeOf({ kind: 'raw', sql: 'tsvector' })).toContain("type: { raw: 'tsvector' }");
    expect(typeOf({ kind: 'raw', sql: ' padded ' })).toContain("type: { kind: 'raw', sql: ' padded ' }");
    expect(typeOf({ kind: 'varchar', length: 1e21 })).toContain("type: { kind: 'varchar', length: 1e+21 }");
  });

  it('defaults: literals as literals, expressions as { sql }, null drops', () => {
    const alter = (d: Extract<Op, { kind: 'alterColumn' }>['default']) => render({ kind: 'alterColumn', table: 't', schema: null, column: 'c', default: d });
    expect(alter({ kind: 'literal', value: "it's" })).toBe(`op.alterColumn('t', 'c', { default: "it's" });`);
    expect(alter({ kind: 'literal', value: 42 })).toBe("op.alterColumn('t', 'c', { default: 42 });");
    expect(alter({ kind: 'literal', value: false })).toBe("op.alterColumn('t', 'c', { default: false });");
    expect(alter({ kind: 'sql', sql: 'now()' })).toBe("op.alterColumn('t', 'c', { default: { sql: 'now()' } });");
    expect(alter(null)).toBe("op.alterColumn('t', 'c', { default: null });");
  });

  it('`existing` is never written', () => {
    const text = renderOps([{ kind: 'dropTable', table: 'users', schema: null, existing: USERS }]);
    expect(text).toBe("op.dropTable('users');");
  });

  it('statements spanning several lines are set apart by blank lines', () => {
    const text = renderOps([
      { kind: 'dropTable', table: 'a', schema: null },
      { kind: 'dropTable', table: 'b', schema: null },
      { kind: 'createTable', table: table('c', [col('id', { kind: 'integer' })]) },
      { kind: 'dropTable', table: 'd', schema: null },
    ]);
    expect(text).toBe(["op.dropTable('a');", "op.dropTable('b');", '', "op.createTable('c', {", "  id: { type: 'integer' },", '});', '', "op.dropTable('d');"].join('\n'));
  });

  it('long calls break: the last object hugged, or one argument per line', () => {
    const wide = renderOps([
      {
        kind: 'createIndex',
        table: 'a_table_with_a_long_name',
        schema: null,
        index: { name: 'ix_a_table_with_a_long_name_on_many_columns', columns: ['first_column', 'second_column'], unique: true, where: 'deleted_at IS NULL', method: null },
      },
    ]);
    expect(wide).toBe(
      [
        'op.createIndex(',
        "  'ix_a_table_with_a_long_name_on_many_columns',",
        "  'a_table_with_a_long_name',",
        "  ['first_column', 'second_column'],",
        "  { unique: true, where: 'deleted_at IS NULL' },",
        ');',
      ].join('\n'),
    );
    const hugged = renderOps([
      {
        kind: 'alterColumn',
        table: 'users',
        schema: 'app',
        column: 'email',
        type: { kind: 'varchar', length: 320 },
        nullable: false,
        default: { kind: 'sql', sql: "''::character varying" },
      },
    ]);
    expect(hugged).toBe(
      ["op.alterColumn('users', 'email', {", "  type: 'varchar(320)',", '  nullable: false,', `  default: { sql: "''::character varying" },`, "  schema: 'app',", '});'].join('\n'),
    );
    for (const line of [...wide.split('\n'), ...hugged.split('\n')]) expect(line.length).toBeLessThanOrEqual(98);
  });

  it('the print width can be chosen', () => {
    const op: Op = { kind: 'renameTable', table: 'people', newName: 'users', schema: 'app' };
    expect(renderOps([op], { printWidth: 40 })).toBe(["op.renameTable('people', 'users', {", "  schema: 'app',", '});'].join('\n'));
  });

  it('long multi-line SQL breaks into one string per line', () => {
    const text = renderOps([{ kind: 'execute', sql: `CREATE VIEW v AS\nSELECT ${'x, '.repeat(40)}y\nFROM t` }]);
    expect(text.split('\n')).toEqual(['op.execute(', "  'CREATE VIEW v AS\\n' +", `    'SELECT ${'x, '.repeat(40)}y\\n' +`, "    'FROM t',", ');']);
  });

  it('integer-like column names, which JavaScript puts first, are pointed out above the call', () => {
    const text = render({ kind: 'createTable', table: table('stats', [col('id', { kind: 'integer' }), col('2024', { kind: 'integer' }), col('2023', { kind: 'integer' })]) });
    expect(text.split('\n').slice(0, 2)).toEqual([
      "// Note: JavaScript puts integer-like keys first in an object, so the columns '2023', '2024'",
      '// come first in the created table, before the others.',
    ]);
    expect(text).toContain("  '2024': { type: 'integer' },");
  });

  it("columns named like Object's members are written `as const` (TypeScript widens their literals otherwise)", () => {
    const text = render({ kind: 'createTable', table: table('t', [col('constructor', { kind: 'text' }), col('valueOf', { kind: 'integer' }), col('name', { kind: 'text' })]) });
    expect(text).toContain("  constructor: { type: 'text' } as const,");
    expect(text).toContain("  valueOf: { type: 'integer' } as const,");
    expect(text).toContain("  name: { type: 'text' },");
  });

  it('a table with two columns of one name cannot be written as an object', () => {
    expect(() => render({ kind: 'createTable', table: table('t', [col('a', { kind: 'integer' }), col('a', { kind: 'text' })]) })).toThrow(
      /Table t has two columns named a/,
    );
  });

  it('rows holding values that are not plain data are refused with a UserError', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const op = (value: unknown): Op => ({ kind: 'bulkInsert', table: 't', schema: null, rows: [{ value }] });
    expect(() => renderOps([op(new Point(1))])).toThrow(UserError);
    expect(() => renderOps([op(new Point(1))])).toThrow(/the rows inserted into t as code: it holds an instance of Point/);
    expect(() => renderOps([op(() => 1)])).toThrow(/a function/);
    expect(() => renderOps([op(Symbol('s'))])).toThrow(/a symbol/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => renderOps([op(cycle)])).toThrow(/contains itself/);
  });

  it('renderMigrationBodies renders the ops and their reverse', () => {
    const ops: Op[] = [{ kind: 'renameTable', table: 'a', newName: 'b', schema: null }];
    expect(renderMigrationBodies(ops)).toEqual({ upgradeBody: "op.renameTable('a', 'b');", downgradeBody: "op.renameTable('b', 'a');" });
    expect(() => renderMigrationBodies([{ kind: 'execute', sql: 'x' }])).toThrow(/Cannot reverse/);
  });
});

describe('string literals and keys', () => {
  it.each([
    ['plain', 'abc', "'abc'"],
    ['single quotes switch to double quotes', "it's", `"it's"`],
    ['more doubles than singles stay single-quoted', `say "hi" it's`, `'say "hi" it\\'s'`],
    ['backslashes', 'a\\b', "'a\\\\b'"],
    ['newlines and tabs', 'a\nb\r\tc', "'a\\nb\\r\\tc'"],
    ['NUL before a digit', '\u00001', "'\\x001'"],
    ['control characters', '\u0007\u007f\u009b', "'\\x07\\x7f\\x9b'"],
    ['line and paragraph separators', '\u2028\u2029', "'\\u2028\\u2029'"],
    ['bidirectional overrides and zero-width characters', '\u202e\u200b\ufeff', "'\\u202e\\u200b\\ufeff'"],
    ['spaces other than ASCII space', 'a\u00a0b\u3000c', "'a\\xa0b\\u3000c'"],
    ['lone surrogates', '\ud800x\udfff', "'\\ud800x\\udfff'"],
    ['non-ASCII text stays readable', 'Zoë 日本 😀', "'Zoë 日本 😀'"],
    ['template and comment syntax is inert', '${x} `y` */', "'${x} `y` */'"],
  ])('%s', (_what, value, literal) => {
    expect(quote(value)).toBe(literal);
    // the literal reads back as the same string
    expect(new Function(`return ${literal};`)()).toBe(value);
  });

  it.each([
    ['id', 'id'],
    ['$a_1', '$a_1'],
    ['class', 'class'],
    ['first name', "'first name'"],
    ['1e3', "'1e3'"],
    ['ünï', "'ünï'"],
    ['__proto__', "['__proto__']"],
  ])('key %s is written %s', (name, key) => {
    expect(propertyKey(name)).toBe(key);
    const obj = new Function(`return { ${key}: 1 };`)() as Record<string, number>;
    expect(Object.keys(obj)).toEqual([name]);
  });
});
