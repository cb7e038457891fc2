import { sql, type Kysely } from 'kysely';
import type { AlterColumnOp } from '../../ops/ops.js';
import { UserError } from '../../util/errors.js';
import { commentOnColumn } from './compile-create-table.js';
import { compileToText, tableRef } from './postgres-compiler.js';
import { postgresDefaultSql } from './postgres-literal.js';
import { defaultUsing } from './postgres-type-conversion.js';
import { postgresTypeSql } from './postgres-types.js';

/**
 * ALTER COLUMN, one statement per changed field, in this order:
 *
 * 1. `DROP DEFAULT`, when the type changes and the default is replaced or dropped: the old
 *    default may not convert to the new type and would make step 2 fail;
 * 2. `TYPE ... [USING ...]` (a cast chosen from the old type when known and none is given);
 * 3. `SET/DROP NOT NULL`;
 * 4. `SET DEFAULT` (or `DROP DEFAULT` when the type did not change);
 * 5. `COMMENT ON COLUMN`;
 * 6. `RENAME COLUMN`, last, so that every earlier statement and the `USING` expression name the
 *    column as it is called before the op (the name the user wrote).
 */
export function compileAlterColumn(op: AlterColumnOp, db: Kysely<any>): string[] {
  const ref = tableRef(op.table, op.schema);
  const alter = () => db.schema.alterTable(ref);
  const statements: string[] = [];
  const hasDefault = op.default !== undefined;
  if (op.using !== undefined && op.type === undefined) {
    throw new UserError(`alterColumn ${op.table}.${op.column} has a USING expression but no new type`, {
      hint: 'USING converts old values to the new type: give type as well, or remove using',
    });
  }

  if (op.type !== undefined && hasDefault) {
    statements.push(compileToText(alter().alterColumn(op.column, (c) => c.dropDefault()).compile()));
  }
  if (op.type !== undefined) {
    // Kysely's setDataType has no USING clause, so this statement is an `sql` fragment.
    const conversion = op.using !== undefined ? sql.raw(op.using) : defaultUsing(op.column, op.existing?.type, op.type);
    const using = conversion ? sql` using ${conversion}` : sql``;
    const target = op.schema ? sql.id(op.schema, op.table) : sql.id(op.table);
    statements.push(
      compileToText(
        sql`alter table ${target} alter column ${sql.id(op.column)} type ${sql.raw(postgresTypeSql(op.type))}${using}`.compile(db),
      ),
    );
  }
  if (op.nullable !== undefined) {
    const nullable = op.nullable;
    statements.push(
      compileToText(alter().alterColumn(op.column, (c) => (nullable ? c.dropNotNull() : c.setNotNull())).compile()),
    );
  }
  if (hasDefault) {
    const def = op.default;
    if (def != null) {
      statements.push(
        compileToText(alter().alterColumn(op.column, (c) => c.setDefault(sql.raw(postgresDefaultSql(def)))).compile()),
      );
    } else if (op.type === undefined) {
      statements.push(compileToText(alter().alterColumn(op.column, (c) => c.dropDefault()).compile()));
    }
  }
  if (op.comment !== undefined) {
    statements.push(commentOnColumn(db, op.table, op.schema, op.column, op.comment));
  }
  if (op.newName !== undefined && op.newName !== op.column) {
    statements.push(compileToText(alter().renameColumn(op.column, op.newName).compile()));
  }
  return statements;
}
