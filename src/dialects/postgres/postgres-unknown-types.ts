import { sql, type Kysely } from 'kysely';

/** What follows a type name in a raw column type: a generated clause, a collation. */
const CLAUSES = /\s+(generated|collate)\b[\s\S]*$/i;
/** Column "types" that are shorthands, not types PostgreSQL can look up. */
const SHORTHANDS = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

/**
 * The raw types among `types` that PostgreSQL does not know (one query for all of them), so that
 * autogenerate can refuse models naming a misspelt or not-yet-created type before it writes a
 * revision that would fail at upgrade.
 */
export async function postgresUnknownTypes(db: Kysely<any>, types: readonly string[]): Promise<string[]> {
  const bases = [...new Set(types)]
    .map((text) => ({ text, base: text.replace(CLAUSES, '').trim() }))
    .filter(({ base }) => !SHORTHANDS.has(base.toLowerCase()));
  if (bases.length === 0) return [];
  const { rows } = await sql<{ base: string }>`
    select t as base from unnest(${bases.map((b) => b.base)}::text[]) as u(t) where to_regtype(t) is null`.execute(db);
  const unknown = new Set(rows.map((r) => r.base));
  return bases.filter((b) => unknown.has(b.base)).map((b) => b.text);
}
