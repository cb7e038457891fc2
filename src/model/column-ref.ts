import { UserError } from '../util/errors.js';
import type { AnyColumnBuilder } from './column-builder.js';

/** The table a column ref belongs to, as far as references need it. */
export interface TableIdentity {
  readonly name: string;
  /** The table's own schema option; `null` means the metadata's schema (or the default one). */
  readonly schema: string | null;
}

/**
 * One column of a defined table, as `users.columns.email` (or `t.email` in a table's options
 * callback): what indexes, keys and references name.
 */
export interface ColumnRef<TBuilder extends AnyColumnBuilder = AnyColumnBuilder, TName extends string = string> {
  readonly kind: 'column-ref';
  readonly name: TName;
  readonly builder: TBuilder;
  readonly table: TableIdentity;
}

/** A column ref of any column. */
export type AnyColumnRef = ColumnRef<AnyColumnBuilder, string>;

/** True for a column ref. */
export function isColumnRef(value: unknown): value is AnyColumnRef {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'column-ref';
}

/** A column reference resolved to names: what the IR's foreign keys hold. */
export interface ResolvedReference {
  readonly table: string;
  /** `null`: the metadata's schema (or the default one). */
  readonly schema: string | null;
  readonly columns: readonly string[];
}

/**
 * `'users.id'` -> users.id; `'app.users.id'` -> app.users.id. `where` names the model object
 * for the error message.
 */
export function parseReferenceString(target: string, where: string): ResolvedReference {
  const parts = target.split('.');
  if (parts.length < 2 || parts.some((p) => p.trim() === '')) {
    throw new UserError(`${where} references ${JSON.stringify(target)}, which is not 'table.column' or 'schema.table.column'`, {
      hint: "write e.g. references('users.id') or references(() => users.columns.id)",
    });
  }
  const column = parts.pop()!;
  const table = parts.pop()!;
  return { table, schema: parts.length > 0 ? parts.join('.') : null, columns: [column] };
}

/** Resolves column refs that must all belong to one table (a composite reference). */
export function resolveRefs(refs: readonly unknown[], where: string): ResolvedReference {
  if (refs.length === 0) throw new UserError(`${where} references no columns`);
  for (const ref of refs) {
    if (!isColumnRef(ref)) {
      throw new UserError(`${where} references ${String(ref)}, which is not a column of a defined table`, {
        hint: 'return columns, e.g. () => [orgs.columns.id, orgs.columns.region]',
      });
    }
  }
  const typed = refs as readonly AnyColumnRef[];
  const first = typed[0]!.table;
  if (typed.some((r) => r.table.name !== first.name || r.table.schema !== first.schema)) {
    throw new UserError(`${where} references columns of several tables`, {
      hint: 'a foreign key references columns of one table',
    });
  }
  return { table: first.name, schema: first.schema, columns: typed.map((r) => r.name) };
}
