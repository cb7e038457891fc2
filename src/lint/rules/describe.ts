import type { ForeignKeyRef } from '../schema-state.js';
import { qualifiedName } from '../../schema/schema.js';

/** `schema.table` or `table`, as messages name tables. */
export const tableName = (table: string, schema?: string | null) => qualifiedName(table, schema);

/** `table.column`. */
export const columnName = (table: string, schema: string | null | undefined, column: string) => `${qualifiedName(table, schema)}.${column}`;

/** `posts.user_id, comments.author_id`: the columns of foreign keys, for messages. */
export function describeForeignKeys(refs: readonly ForeignKeyRef[], max = 3): string {
  const names = refs.map(({ table, foreignKey }) => `${qualifiedName(table.name, table.schema)}(${foreignKey.columns.join(', ')})`);
  const shown = [...new Set(names)];
  return shown.length <= max ? shown.join(', ') : `${shown.slice(0, max).join(', ')} and ${shown.length - max} more`;
}

/** The distinct tables of foreign keys, for messages. */
export function describeTables(refs: readonly ForeignKeyRef[], max = 3): string {
  const names = [...new Set(refs.map(({ table }) => qualifiedName(table.name, table.schema)))];
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
