/**
 * The pieces of lint around the rules: type-change classification, `// orm-lint-ignore`
 * directives, and the code catalogue (stable, and every code documented in the README).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseColumnType, type ColumnTypeInput } from '../../src/schema/column-type.js';
import { classifyTypeChange, LINT_CODES, lintCodes, readSuppressions } from '../../src/lint/index.js';
import { ROOT } from '../helpers/cli.js';

const kind = (from: ColumnTypeInput, to: ColumnTypeInput) => classifyTypeChange(parseColumnType(from), parseColumnType(to)).kind;

describe('classifyTypeChange', () => {
  it.each<[ColumnTypeInput, ColumnTypeInput, string]>([
    ['varchar(10)', 'varchar(10)', 'same'],
    ['varchar(10)', 'varchar(20)', 'widening'],
    ['varchar(20)', 'varchar(10)', 'narrowing'],
    ['varchar', 'varchar(10)', 'narrowing'],
    ['varchar(10)', 'varchar', 'widening'],
    ['text', 'varchar(255)', 'narrowing'],
    ['varchar(255)', 'text', 'widening'],
    ['smallint', 'integer', 'widening'],
    ['integer', 'bigint', 'widening'],
    ['bigint', 'integer', 'narrowing'],
    ['integer', 'smallint', 'narrowing'],
    ['integer', 'numeric', 'widening'],
    ['integer', 'numeric(12,2)', 'widening'],
    ['integer', 'numeric(8,2)', 'narrowing'],
    ['numeric(10,2)', 'numeric(12,2)', 'widening'],
    ['numeric(10,2)', 'numeric(10,1)', 'narrowing'],
    ['numeric(10,2)', 'numeric(9,2)', 'narrowing'],
    ['numeric(10,2)', 'numeric', 'widening'],
    ['numeric', 'numeric(10,2)', 'narrowing'],
    ['numeric(10,2)', 'integer', 'narrowing'],
    ['double', 'real', 'narrowing'],
    ['real', 'double', 'widening'],
    ['integer', 'double', 'widening'],
    ['bigint', 'double', 'narrowing'],
    ['integer', 'real', 'narrowing'],
    ['timestamptz', 'timestamp', 'narrowing'],
    ['timestamp', 'timestamptz', 'widening'],
    ['timestamp', 'date', 'narrowing'],
    ['date', 'timestamp', 'widening'],
    ['integer', 'text', 'widening'],
    ['integer', 'varchar(5)', 'narrowing'],
    ['integer', 'varchar(11)', 'widening'],
    ['uuid', 'varchar(36)', 'widening'],
    ['json', 'text', 'widening'],
    ['text', 'integer', 'risky'],
    ['text', 'uuid', 'risky'],
    ['text', 'json', 'risky'],
    ['boolean', 'integer', 'risky'],
    ['blob', 'text', 'risky'],
    [{ raw: 'tsvector' }, 'text', 'widening'],
    ['text', { raw: 'tsvector' }, 'risky'],
    [{ raw: 'citext' }, { raw: 'CITEXT' }, 'same'],
    [{ kind: 'enum', name: 'mood', values: ['a'] }, { kind: 'enum', name: 'mood', values: ['a', 'b'] }, 'widening'],
    [{ kind: 'enum', name: 'mood', values: ['a', 'b'] }, { kind: 'enum', name: 'mood', values: ['b'] }, 'narrowing'],
    [{ kind: 'enum', name: 'mood', values: ['a'] }, 'text', 'widening'],
    ['text', { kind: 'enum', name: 'mood', values: ['a'] }, 'risky'],
  ])('%j to %j is %s', (from, to, expected) => {
    expect(kind(from, to)).toBe(expected);
  });

  it('an unknown old type is risky', () => {
    expect(classifyTypeChange(undefined, { kind: 'integer' })).toMatchObject({ kind: 'risky', reason: expect.stringContaining('unknown') });
  });
});

describe('orm-lint-ignore directives', () => {
  it('read codes from line comments anywhere in the file; a reason may follow', () => {
    const source = [
      '// orm-lint-ignore DS101 the archive table is retired (#42)',
      'export async function upgrade(op) {',
      '  op.dropColumn("users", "legacy"); // orm-lint-ignore DS102, BC102',
      '  //orm-lint-ignore MF101,MF102: checked by hand',
      '}',
    ].join('\n');
    const { codes, unknown } = readSuppressions(source);
    expect([...codes].sort()).toEqual(['BC102', 'DS101', 'DS102', 'MF101', 'MF102']);
    expect(unknown).toEqual([]);
  });

  it('return unknown codes apart; text without the directive ignores nothing', () => {
    expect(readSuppressions('// orm-lint-ignore XX999 DS101')).toEqual({ codes: new Set(['DS101']), unknown: ['XX999'] });
    expect(readSuppressions('// DS101 is fine here\n/* orm-lint-ignore DS101 */').codes.size).toBe(0);
  });
});

describe('the lint code catalogue', () => {
  it('is keyed by code, with stable severities', () => {
    for (const [code, info] of Object.entries(LINT_CODES)) {
      expect(info.code).toBe(code);
      expect(code).toMatch(/^(DS|CD|MF|BC|PG|SL|LT)\d{3}$/);
      expect(info.title).not.toMatch(/\n/);
      expect(info.fix).not.toMatch(/\n/);
    }
    // changing one of these is a breaking change for users' CI
    expect(Object.fromEntries(lintCodes().map((c) => [c.code, c.severity]))).toEqual({
      DS101: 'error',
      DS102: 'error',
      CD101: 'error',
      MF101: 'error',
      MF102: 'warning',
      MF103: 'error',
      MF104: 'warning',
      MF105: 'warning',
      BC101: 'warning',
      BC102: 'warning',
      BC103: 'warning',
      PG101: 'warning',
      PG102: 'warning',
      PG103: 'warning',
      SL101: 'warning',
      LT101: 'warning',
      LT102: 'error',
    });
  });

  it('every code is documented in the README with its severity', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const info of lintCodes()) {
      expect(readme).toMatch(new RegExp(`^\\| \`${info.code}\` \\| ${info.severity} \\|`, 'm'));
    }
  });
});
