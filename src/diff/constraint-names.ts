import type { Table } from '../schema/schema.js';

/** PostgreSQL truncates identifiers to 63 bytes; longer generated names would not read back. */
const MAX_NAME = 63;

export type NamedKind = 'primaryKey' | 'unique' | 'foreignKey' | 'check';

const SUFFIX: Readonly<Record<NamedKind, string>> = { primaryKey: 'pkey', unique: 'key', foreignKey: 'fkey', check: 'check' };

/**
 * A name for a target constraint that has none but must be created by its own op (ops that
 * add a constraint to an existing table need one to be dropped again by the downgrade).
 * PostgreSQL's own scheme (`users_pkey`, `users_email_key`, `orders_user_id_fkey`,
 * `users_check`), so the name is the one the database would have picked; a number is added
 * when the table already uses it. Within a CREATE TABLE, unnamed constraints stay unnamed.
 */
export function constraintName(table: Table, kind: NamedKind, columns: readonly string[], taken: ReadonlySet<string>): string {
  const suffix = SUFFIX[kind];
  const middle = kind === 'primaryKey' || kind === 'check' ? [] : columns;
  const base = fit([table.name, ...middle], suffix);
  let name = base;
  for (let n = 1; taken.has(name.toLowerCase()); n += 1) name = fit([table.name, ...middle], `${suffix}${n}`);
  return name;
}

/** Every constraint and index name a table uses (lower case: SQLite compares them so). */
export function namesUsed(...tables: ReadonlyArray<Table | null | undefined>): Set<string> {
  const names = new Set<string>();
  for (const t of tables) {
    if (!t) continue;
    const add = (n: string | null | undefined) => n && names.add(n.toLowerCase());
    add(t.primaryKey?.name);
    t.foreignKeys.forEach((x) => add(x.name));
    t.uniques.forEach((x) => add(x.name));
    t.checks.forEach((x) => add(x.name));
    t.indexes.forEach((x) => add(x.name));
  }
  return names;
}

/** `a_b_suffix`, parts shortened from the longest so that the whole fits in 63 bytes. */
function fit(parts: readonly string[], suffix: string): string {
  const cut = [...parts];
  const length = () => Buffer.byteLength([...cut, suffix].join('_'));
  while (length() > MAX_NAME) {
    let longest = 0;
    cut.forEach((p, i) => {
      if (p.length > cut[longest]!.length) longest = i;
    });
    if (cut[longest]!.length <= 1) break;
    cut[longest] = cut[longest]!.slice(0, -1);
  }
  return [...cut, suffix].join('_');
}
