import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { applyOpToTable } from '../../src/dialects/sqlite/apply-op-to-table.js';
import { toTable } from '../../src/ops/column-input.js';
import { createOperations } from '../../src/ops/operations.js';
import type { Op, RenameConstraintOp } from '../../src/ops/ops.js';
import { reverseOp } from '../../src/ops/reverse.js';
import { renderOps } from '../../src/render/render-ops.js';

/**
 * `renameConstraint`: what autogenerate writes when a table or column rename changes the names
 * the naming convention gives (PostgreSQL renames in the catalog; SQLite rebuilds the table).
 */
const pk: RenameConstraintOp = { kind: 'renameConstraint', table: 'people', schema: null, name: 'pk_users', newName: 'pk_people', type: 'primaryKey' };
const ix: RenameConstraintOp = { kind: 'renameConstraint', table: 'people', schema: 'app', name: 'ix_users_email', newName: 'ix_people_email', type: 'index' };

describe('renameConstraint', () => {
  it('reverses by swapping the names', () => {
    expect(reverseOp(pk)).toEqual({ ...pk, name: 'pk_people', newName: 'pk_users' });
    expect(reverseOp(reverseOp(ix))).toEqual(ix);
  });

  it('renders as the op API call, which records the same op', async () => {
    expect(renderOps([pk, ix])).toBe(
      "op.renameConstraint('pk_users', 'people', 'pk_people', { type: 'primaryKey' });\n" +
        "\nop.renameConstraint('ix_users_email', 'people', 'ix_people_email', {\n  type: 'index',\n  schema: 'app',\n});",
    );
    const ran: Op[] = [];
    const { op, drain } = createOperations({ dialect: 'postgres', offline: true, db: () => { throw new Error('offline'); }, run: async (o) => void ran.push(o) });
    op.renameConstraint('pk_users', 'people', 'pk_people', { type: 'primaryKey' });
    op.renameConstraint('ix_users_email', 'people', 'ix_people_email', { type: 'index', schema: 'app' });
    await drain();
    expect(ran).toEqual([pk, ix]);
  });

  it('PostgreSQL: RENAME CONSTRAINT, ALTER INDEX ... RENAME TO', () => {
    const dialect = createPostgresDialect();
    expect(dialect.compileOp(pk)).toEqual(['alter table "people" rename constraint "pk_users" to "pk_people"']);
    expect(dialect.compileOp(ix)).toEqual(['alter index "app"."ix_users_email" rename to "ix_people_email"']);
  });

  it('SQLite: the table definition with the new name (any case), for the rebuild', () => {
    const table = toTable('people', { id: { type: 'integer', nullable: false }, email: { type: 'text' } }, {
      primaryKey: { name: 'pk_users', columns: ['id'] },
      uniques: [{ name: 'uq_users_email', columns: ['email'] }],
      indexes: [{ name: 'ix_users_email', columns: ['email'] }],
    });
    expect(applyOpToTable(table, { ...pk, name: 'PK_USERS' }).primaryKey).toEqual({ name: 'pk_people', columns: ['id'] });
    expect(applyOpToTable(table, { ...ix, schema: null }).indexes.map((i) => i.name)).toEqual(['ix_people_email']);
    expect(applyOpToTable(table, { kind: 'renameConstraint', table: 'people', name: 'uq_users_email', newName: 'uq_people_email' }).uniques[0]!.name).toBe('uq_people_email');
    expect(() => applyOpToTable(table, { ...pk, name: 'nope' })).toThrow(/has no primaryKey constraint named nope/);
    expect(() => applyOpToTable(table, { ...pk, newName: 'ix_users_email' })).toThrow(/already has a constraint or index named ix_users_email/);
  });
});
