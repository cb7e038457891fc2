import type { Op, OpKind, OpOfKind } from '../ops/ops.js';
import { reverseOps } from '../ops/reverse.js';
import { call, object, printStatement, property, text, type Doc } from './layout.js';
import {
  columnDoc,
  createTableArgs,
  defaultDoc,
  foreignKeyFields,
  indexElementsDoc,
  indexOptionFields,
  namesDoc,
  reorderedColumns,
  schemaFields,
  typeDoc,
} from './render-schema.js';
import { quote, stringDoc, valueDoc } from './render-values.js';

/**
 * Ops as the TypeScript statements of an `upgrade(op)` / `downgrade(op)` body: one `op.<kind>(...)`
 * call per op, written with exactly the arguments of the `Operations` API, so that running the
 * text records the same ops again. The recorded `existing` objects are not written (they only
 * serve `reverse`). The same ops always give the same text.
 */

export interface RenderOptions {
  /** The longest line wanted in the revision file (default 100). */
  readonly printWidth?: number;
  /** The indentation the revision template puts before each body line (default 2). */
  readonly indent?: number;
}

/** What an op becomes: the call, and comment lines to put above it. */
interface Statement {
  readonly call: Doc;
  readonly notes?: readonly string[];
}

type Renderer<K extends OpKind> = (op: OpOfKind<K>) => Statement;

/** The trailing options argument, present only when it has fields. */
const options = (fields: readonly Doc[]): Doc[] => (fields.length > 0 ? [object(fields)] : []);
const opCall = (kind: OpKind, args: readonly Doc[]): Statement => ({ call: call(`op.${kind}`, args) });

const RENDERERS: { readonly [K in OpKind]: Renderer<K> } = {
  createTable: (op) => {
    const reordered = reorderedColumns(op.table);
    return {
      call: call('op.createTable', createTableArgs(op.table)),
      notes:
        reordered.length > 0
          ? [
              `Note: JavaScript puts integer-like keys first in an object, so the columns ${reordered.map((name) => quote(name)).join(', ')}`,
              'come first in the created table, before the others.',
            ]
          : [],
    };
  },
  dropTable: (op) => opCall('dropTable', [stringDoc(op.table), ...options(schemaFields(op.schema))]),
  renameTable: (op) => opCall('renameTable', [stringDoc(op.table), stringDoc(op.newName), ...options(schemaFields(op.schema))]),
  addColumn: (op) =>
    opCall('addColumn', [stringDoc(op.table), stringDoc(op.column.name), columnDoc(op.column), ...options(schemaFields(op.schema))]),
  dropColumn: (op) => opCall('dropColumn', [stringDoc(op.table), stringDoc(op.column), ...options(schemaFields(op.schema))]),
  alterColumn: (op) => {
    const changes: Doc[] = [];
    if (op.newName !== undefined) changes.push(property('newName', stringDoc(op.newName)));
    if (op.type !== undefined) changes.push(property('type', typeDoc(op.type)));
    if (op.nullable !== undefined) changes.push(property('nullable', text(String(op.nullable))));
    if (op.default !== undefined) changes.push(property('default', defaultDoc(op.default)));
    if (op.comment !== undefined) changes.push(property('comment', op.comment === null ? text('null') : stringDoc(op.comment)));
    if (op.using !== undefined) changes.push(property('using', stringDoc(op.using)));
    changes.push(...schemaFields(op.schema));
    return opCall('alterColumn', [stringDoc(op.table), stringDoc(op.column), object(changes)]);
  },
  createIndex: (op) =>
    opCall('createIndex', [
      stringDoc(op.index.name),
      stringDoc(op.table),
      indexElementsDoc(op.index.columns),
      ...options([...indexOptionFields(op.index), ...schemaFields(op.schema)]),
    ]),
  dropIndex: (op) =>
    opCall('dropIndex', [stringDoc(op.name), ...options([...(op.table ? [property('table', stringDoc(op.table))] : []), ...schemaFields(op.schema)])]),
  createUniqueConstraint: (op) =>
    opCall('createUniqueConstraint', [
      stringDoc(op.constraint.name),
      stringDoc(op.table),
      namesDoc(op.constraint.columns),
      ...options(schemaFields(op.schema)),
    ]),
  createForeignKey: (op) =>
    opCall('createForeignKey', [
      stringDoc(op.foreignKey.name),
      stringDoc(op.table),
      object(foreignKeyFields(op.foreignKey, false)),
      ...options(schemaFields(op.schema)),
    ]),
  createCheckConstraint: (op) =>
    opCall('createCheckConstraint', [stringDoc(op.check.name), stringDoc(op.table), stringDoc(op.check.expression), ...options(schemaFields(op.schema))]),
  createPrimaryKey: (op) =>
    opCall('createPrimaryKey', [
      stringDoc(op.primaryKey.name),
      stringDoc(op.table),
      namesDoc(op.primaryKey.columns),
      ...options(schemaFields(op.schema)),
    ]),
  dropConstraint: (op) =>
    opCall('dropConstraint', [
      stringDoc(op.name),
      stringDoc(op.table),
      ...options([...(op.type ? [property('type', stringDoc(op.type))] : []), ...schemaFields(op.schema)]),
    ]),
  renameConstraint: (op) =>
    opCall('renameConstraint', [
      stringDoc(op.name),
      stringDoc(op.table),
      stringDoc(op.newName),
      ...options([...(op.type ? [property('type', stringDoc(op.type))] : []), ...schemaFields(op.schema)]),
    ]),
  setTableComment: (op) =>
    opCall('setTableComment', [stringDoc(op.table), op.comment === null ? text('null') : stringDoc(op.comment), ...options(schemaFields(op.schema))]),
  createEnum: (op) => opCall('createEnum', [stringDoc(op.name), namesDoc(op.values), ...options(schemaFields(op.schema))]),
  dropEnum: (op) => opCall('dropEnum', [stringDoc(op.name), ...options(schemaFields(op.schema))]),
  addEnumValue: (op) =>
    opCall('addEnumValue', [
      stringDoc(op.name),
      stringDoc(op.value),
      ...options([
        ...(op.before !== undefined ? [property('before', stringDoc(op.before))] : []),
        ...(op.after !== undefined ? [property('after', stringDoc(op.after))] : []),
        ...schemaFields(op.schema),
      ]),
    ]),
  renameEnumValue: (op) =>
    opCall('renameEnumValue', [stringDoc(op.name), stringDoc(op.from), stringDoc(op.to), ...options(schemaFields(op.schema))]),
  replaceEnumValues: (op) => opCall('replaceEnumValues', [stringDoc(op.name), namesDoc(op.values), ...options(schemaFields(op.schema))]),
  execute: (op) => opCall('execute', [stringDoc(op.sql)]),
  bulkInsert: (op) =>
    opCall('bulkInsert', [
      stringDoc(op.table),
      valueDoc(op.rows, `the rows inserted into ${op.table}`),
      ...options(schemaFields(op.schema)),
    ]),
};

/** Written when there are no ops, so that the body still reads (and compiles) as intended. */
export const NO_CHANGES = '// No changes detected.';

/**
 * The statements of a revision body, unindented (the template indents them). Statements that
 * span several lines are set apart by a blank line.
 */
export function renderOps(ops: readonly Op[], renderOptions: RenderOptions = {}): string {
  if (ops.length === 0) return NO_CHANGES;
  const width = (renderOptions.printWidth ?? 100) - (renderOptions.indent ?? 2);
  const render = (op: Op, w: number) => {
    const statement = (RENDERERS[op.kind] as Renderer<OpKind>)(op);
    const notes = (statement.notes ?? []).map((line) => `// ${line}`);
    return [...notes, printStatement(statement.call, w)].join('\n');
  };
  const blocks: string[] = [];
  for (let i = 0; i < ops.length; i++) {
    if (ops[i]!.kind !== 'addEnumValue') {
      blocks.push(render(ops[i]!, width));
      continue;
    }
    // Consecutive enum values added go in one autocommit block: PostgreSQL lets a transaction
    // use an added value only once the transaction adding it has committed.
    const inner: string[] = [];
    for (; i < ops.length && ops[i]!.kind === 'addEnumValue'; i++) inner.push(render(ops[i]!, width - 2));
    i -= 1;
    blocks.push(
      [
        '// Committed on their own, first, so that the rest of the upgrade can use the new values.',
        'op.autocommitBlock(() => {',
        ...inner.flatMap((b) => b.split('\n')).map((line) => `  ${line}`),
        '});',
      ].join('\n'),
    );
  }
  let out = blocks[0]!;
  for (let i = 1; i < blocks.length; i++) {
    const spaced = blocks[i]!.includes('\n') || blocks[i - 1]!.includes('\n');
    out += (spaced ? '\n\n' : '\n') + blocks[i];
  }
  return out;
}

/** The upgrade body of `ops` and the downgrade body of their reverse (throws when an op is irreversible). */
export function renderMigrationBodies(ops: readonly Op[], renderOptions: RenderOptions = {}): { upgradeBody: string; downgradeBody: string } {
  return { upgradeBody: renderOps(ops, renderOptions), downgradeBody: renderOps(reverseOps(ops), renderOptions) };
}
