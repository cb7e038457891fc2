import {
  conventionName,
  DEFAULT_NAMING_CONVENTION,
  expressionLabel,
  type NamingContext,
  type NamingConvention,
  type NamingKey,
} from '../model/naming-convention.js';
import type { Schema } from '../schema/schema.js';
import { shortHash } from '../util/short-hash.js';

/** The templates a pulled database is likely to follow, besides the default (Alembic's). */
const CANDIDATES: Readonly<Record<NamingKey, ReadonlyArray<string | null>>> = {
  // PostgreSQL's own names for unnamed constraints; null where SQLite leaves them unnamed.
  pk: ['%(table_name)s_pkey', null],
  uq: ['%(table_name)s_%(column_0_N_name)s_key', null],
  fk: ['%(table_name)s_%(column_0_N_name)s_fkey', null],
  ck: [null],
  ix: ['%(table_name)s_%(column_0_N_name)s_idx'],
};

/** Every named-or-not object of a schema, with the context a convention names it from. */
export function namedObjects(schema: Schema): Array<{ readonly name: string | null; readonly context: NamingContext }> {
  const out: Array<{ name: string | null; context: NamingContext }> = [];
  for (const t of schema.tables) {
    const table = t.name;
    const pk = t.primaryKey;
    if (pk) out.push({ name: pk.name ?? null, context: { kind: 'pk', table, columns: pk.columns } });
    for (const u of t.uniques) out.push({ name: u.name ?? null, context: { kind: 'uq', table, columns: u.columns } });
    for (const f of t.foreignKeys) {
      out.push({
        name: f.name ?? null,
        context: { kind: 'fk', table, columns: f.columns, referredTable: f.refTable, referredColumns: f.refColumns },
      });
    }
    for (const c of t.checks) {
      out.push({ name: c.name ?? null, context: { kind: 'ck', table, columns: [], constraintName: shortHash(c.expression) } });
    }
    for (const ix of t.indexes) {
      const columns = ix.columns.map((c) => (typeof c === 'string' ? c : expressionLabel(c.expression)));
      out.push({ name: ix.name, context: { kind: 'ix', table, columns } });
    }
  }
  return out;
}

/**
 * The naming convention most of a schema's names follow, kind by kind, as the keys that differ
 * from the default: `{}` for a database built with the default convention, `{ pk:
 * '%(table_name)s_pkey', ... }` for one built by plain PostgreSQL DDL, `{ pk: null, ... }` for
 * SQLite's unnamed constraints. The default wins ties, so the output stays small.
 */
export function detectNamingConvention(schema: Schema): Partial<Record<NamingKey, string | null>> {
  const objects = namedObjects(schema);
  const chosen: Partial<Record<NamingKey, string | null>> = {};
  for (const key of Object.keys(CANDIDATES) as NamingKey[]) {
    const mine = objects.filter((o) => o.context.kind === key);
    const score = (template: NamingConvention[NamingKey]) => {
      const convention = { ...DEFAULT_NAMING_CONVENTION, [key]: template };
      return mine.filter((o) => o.name === conventionName(convention, o.context)).length;
    };
    let best = score(DEFAULT_NAMING_CONVENTION[key]);
    for (const candidate of CANDIDATES[key]) {
      const s = score(candidate);
      if (s > best) {
        best = s;
        chosen[key] = candidate;
      }
    }
  }
  return chosen;
}
