import { applyOpToTable } from '../../src/dialects/sqlite/apply-op-to-table.js';
import { toColumn, toTable } from '../../src/ops/column-input.js';
import type { Table } from '../../src/schema/schema.js';
import { UserError } from '../../src/util/errors.js';

const base = (): Table =>
  toTable(
    'people',
    {
      id: { type: 'integer', nullable: false },
      email: { type: 'text' },
      org_id: { type: 'integer' },
      age: { type: 'integer' },
    },
    {
      primaryKey: { name: 'pk_people', columns: ['id'] },
      uniques: [{ name: 'uq_email', columns: ['email'] }, ['org_id', 'email']],
      checks: [{ name: 'ck_age', expression: 'age >= 0' }, 'length("email") > 3'],
      foreignKeys: [{ name: 'fk_org', columns: ['org_id'], refTable: 'orgs', refColumns: ['id'] }],
      indexes: [
        { name: 'ix_age', columns: ['age'] },
        { name: 'ix_lower', columns: [{ expression: 'lower(email)' }] },
        { name: 'ix_org', columns: ['org_id'], where: 'age > 18' },
      ],
    },
  );

describe('applyOpToTable', () => {
  it('drops a column and everything that uses it', () => {
    const t = applyOpToTable(base(), { kind: 'dropColumn', table: 'people', column: 'EMAIL' });
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'org_id', 'age']);
    expect(t.uniques).toEqual([]);
    expect(t.checks).toEqual([{ name: 'ck_age', expression: 'age >= 0' }]);
    expect(t.indexes.map((i) => i.name)).toEqual(['ix_age', 'ix_org']);
    const u = applyOpToTable(base(), { kind: 'dropColumn', table: 'people', column: 'age' });
    expect(u.indexes.map((i) => i.name)).toEqual(['ix_lower']);
    expect(u.checks.map((c) => c.name)).toEqual([null]);
    const v = applyOpToTable(base(), { kind: 'dropColumn', table: 'people', column: 'id' });
    expect(v.primaryKey).toBeNull();
    expect(applyOpToTable(base(), { kind: 'dropColumn', table: 'people', column: 'org_id' }).foreignKeys).toEqual([]);
  });

  it('alters a column: rename follows into keys and indexes; type, nullability, default change', () => {
    const t = applyOpToTable(base(), {
      kind: 'alterColumn', table: 'people', column: 'org_id', newName: 'team_id', type: { kind: 'bigint' }, nullable: false,
      default: { kind: 'literal', value: 1 },
    });
    expect(t.columns[2]).toMatchObject({ name: 'team_id', type: { kind: 'bigint' }, nullable: false, default: { kind: 'literal', value: 1 } });
    expect(t.uniques[1]!.columns).toEqual(['team_id', 'email']);
    expect(t.foreignKeys[0]!.columns).toEqual(['team_id']);
    expect(t.indexes[2]!.columns).toEqual(['team_id']);
    expect(() => applyOpToTable(base(), { kind: 'alterColumn', table: 'people', column: 'age', newName: 'email' })).toThrow(
      /already has a column email/,
    );
  });

  it('adds constraints, making primary-key columns NOT NULL, and refuses duplicates', () => {
    const noPk = { ...base(), primaryKey: null };
    const t = applyOpToTable(noPk, { kind: 'createPrimaryKey', table: 'people', primaryKey: { name: 'pk2', columns: ['email'] } });
    expect(t.primaryKey).toEqual({ name: 'pk2', columns: ['email'] });
    expect(t.columns[1]!.nullable).toBe(false);
    expect(() => applyOpToTable(base(), { kind: 'createPrimaryKey', table: 'people', primaryKey: { name: 'pk2', columns: ['email'] } })).toThrow(
      /already has a primary key/,
    );
    expect(() => applyOpToTable(base(), { kind: 'createCheckConstraint', table: 'people', check: { name: 'UQ_EMAIL', expression: '1' } })).toThrow(
      /already has a constraint named UQ_EMAIL/,
    );
    expect(() => applyOpToTable(base(), { kind: 'createUniqueConstraint', table: 'people', constraint: { name: 'uq2', columns: ['nope'] } })).toThrow(
      /has no column nope/,
    );
    const f = applyOpToTable(base(), {
      kind: 'createForeignKey', table: 'people', foreignKey: { name: 'fk2', columns: ['age'], refTable: 'ages', refColumns: ['n'] },
    });
    expect(f.foreignKeys.map((fk) => fk.name)).toEqual(['fk_org', 'fk2']);
  });

  it('drops a constraint by name (and type), or says which ones exist', () => {
    expect(applyOpToTable(base(), { kind: 'dropConstraint', table: 'people', name: 'PK_people' }).primaryKey).toBeNull();
    expect(applyOpToTable(base(), { kind: 'dropConstraint', table: 'people', name: 'fk_org' }).foreignKeys).toEqual([]);
    expect(applyOpToTable(base(), { kind: 'dropConstraint', table: 'people', name: 'ck_age', type: 'check' }).checks).toHaveLength(1);
    let error: UserError | undefined;
    try {
      applyOpToTable(base(), { kind: 'dropConstraint', table: 'people', name: 'ck_age', type: 'unique' });
    } catch (err) {
      error = err as UserError;
    }
    expect(error?.message).toBe('Table people has no unique constraint named ck_age');
    expect(error?.hint).toBe('its named constraints are pk_people (primaryKey), fk_org (foreignKey), uq_email (unique), ck_age (check)');
  });

  it('adds a column, refusing a duplicate', () => {
    const t = applyOpToTable(base(), { kind: 'addColumn', table: 'people', column: toColumn('nick', { type: 'text' }, 'people') });
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'email', 'org_id', 'age', 'nick']);
    expect(() => applyOpToTable(base(), { kind: 'addColumn', table: 'people', column: toColumn('Age', { type: 'text' }, 'people') })).toThrow(
      /already has a column Age/,
    );
  });
});
