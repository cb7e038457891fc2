import { formatColumnType, parseColumnType } from '../../src/schema/column-type.js';
import { UserError } from '../../src/util/errors.js';

describe('parseColumnType', () => {
  it.each([
    ['integer', { kind: 'integer' }],
    ['int', { kind: 'integer' }],
    ['varchar(255)', { kind: 'varchar', length: 255 }],
    ['numeric(10, 2)', { kind: 'numeric', precision: 10, scale: 2 }],
    ['numeric(8)', { kind: 'numeric', precision: 8 }],
    ['timestamptz', { kind: 'timestamp', withTimeZone: true }],
    ['TIMESTAMP', { kind: 'timestamp', withTimeZone: false }],
  ])('%s', (input, expected) => {
    expect(parseColumnType(input as never)).toEqual(expected);
  });

  it('keeps a raw type verbatim', () => {
    expect(parseColumnType({ raw: ' tsvector ' })).toEqual({ kind: 'raw', sql: 'tsvector' });
  });

  it('rejects an unknown type with a hint', () => {
    expect(() => parseColumnType('varchr(3)' as never, 'users.name')).toThrow(UserError);
    expect(() => parseColumnType('varchr(3)' as never, 'users.name')).toThrow(/users\.name/);
  });

  it('formats back to the short spelling', () => {
    for (const s of ['integer', 'varchar(20)', 'numeric(10,2)', 'timestamptz', 'timestamp', 'blob']) {
      expect(formatColumnType(parseColumnType(s as never))).toBe(s);
    }
  });
});
